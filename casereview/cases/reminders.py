"""The daily sweep: moves paused clocks on and warns about deadlines approaching and missed."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from casereview.cases.clocks import clocks_recompute
from casereview.cases.models import OPEN_STATUSES, Case, CaseClock
from casereview.cases.notices import case_team
from casereview.govuk.formatting import format_date
from casereview.notifications.models import Notification
from casereview.notifications.services import notify
from casereview.process import workdays
from casereview.process.calendar import closed_days_by_partnership


def deadlines_sweep(*, today: date | None = None) -> dict[str, int]:
    today = today or timezone.localdate()
    counts = {"recomputed": 0, "approaching": 0, "missed": 0}
    partnership_ids = list(Case.objects.filter(status__in=OPEN_STATUSES).values_list("partnership_id", flat=True)
                           .distinct())
    calendars = closed_days_by_partnership(partnership_ids)
    # Paused clocks move on a day at a time, so a case on hold needs its dates worked out again.
    for case in Case.objects.filter(status__in=OPEN_STATUSES, on_hold=True).select_related("route"):
        with transaction.atomic():
            clocks_recompute(case, closed=calendars[case.partnership_id], today=today)
        counts["recomputed"] += 1
    clocks = (CaseClock.objects.filter(case__status__in=OPEN_STATUSES, met_on__isnull=True, paused=False)
              .select_related("case", "case__owner", "rule"))
    for clock in clocks:
        closed = calendars[clock.case.partnership_id]
        path = reverse("cases:detail", args=[clock.case.reference])
        with transaction.atomic():
            if clock.due_on < today and clock.missed_notified_on is None:
                notify(recipients=case_team(clock.case), kind=Notification.Kind.DEADLINE_MISSED, case=clock.case,
                       path=path, message=f"{clock.case.reference}: “{clock.rule.name}” was due on "
                                          f"{format_date(clock.due_on)} and has not been met")
                CaseClock.objects.filter(pk=clock.pk).update(missed_notified_on=today)
                counts["missed"] += 1
            elif (clock.due_on >= today and clock.reminded_on is None
                  and workdays.add_working_days(clock.due_on, -clock.rule.reminder_working_days, closed) <= today):
                left = workdays.working_days_between(today, clock.due_on, closed)
                notify(recipients=case_team(clock.case), kind=Notification.Kind.DEADLINE_APPROACHING,
                       case=clock.case, path=path,
                       message=f"{clock.case.reference}: “{clock.rule.name}” is due on {format_date(clock.due_on)} "
                               f"({left} working {'day' if left == 1 else 'days'} left)")
                CaseClock.objects.filter(pk=clock.pk).update(reminded_on=today)
                counts["approaching"] += 1
    return counts
