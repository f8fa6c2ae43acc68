"""The case engine's part of the daily sweep: moves paused clocks on, then lets the reminder engine
(process.reminders) warn the case team of deadlines approaching and missed, and the business unit
of any the partnership's rule escalates."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from casereview.cases.clocks import clocks_recompute
from casereview.cases.models import Case, CaseClock, open_statuses
from casereview.cases.notices import case_team
from casereview.notifications.models import Notification
from casereview.notifications.services import business_unit, notify
from casereview.process import reminders
from casereview.process.calendar import closed_days_by_partnership
from casereview.process.models import ReminderSubject
from casereview.process.reminders import Notice, Step


def _send(clock: CaseClock, notice: Notice) -> None:
    case = clock.case
    facts = {"path": reverse("cases:detail", args=[case.reference]), "case": case, "ref": case.reference,
             "clock": clock.rule.name, "due_on": notice.due_on}
    if notice.step is Step.REMIND:
        notify(recipients=case_team(case), kind=Notification.Kind.DEADLINE_APPROACHING,
               days=notice.days.amount, unit=notice.days.unit, **facts)
    elif notice.step is Step.OVERDUE:
        notify(recipients=case_team(case), kind=Notification.Kind.DEADLINE_MISSED, **facts)
    else:
        notify(recipients=business_unit(case.partnership_id), kind=Notification.Kind.DEADLINE_ESCALATED,
               days=notice.days.amount, unit=notice.days.unit, **facts)


CLOCKS = reminders.Subject(
    kind=ReminderSubject.CLOCK,
    waiting=lambda: (CaseClock.objects.filter(case__status__in=open_statuses(), met_on__isnull=True, paused=False)
                     .select_related("case", "case__owner", "rule")),
    partnership_id=lambda clock: clock.case.partnership_id,
    send=_send,
    own_lead=lambda clock: clock.rule.reminder_working_days,
    marks={Step.REMIND: "reminded_on", Step.OVERDUE: "missed_notified_on", Step.ESCALATE: "escalated_on"},
)


def deadlines_sweep(*, today: date | None = None) -> dict[str, int]:
    today = today or timezone.localdate()
    on_hold = list(Case.objects.filter(status__in=open_statuses(), on_hold=True).select_related("route"))
    calendars = closed_days_by_partnership({case.partnership_id for case in on_hold})
    # Paused clocks move on a day at a time, so a case on hold needs its dates worked out again.
    for case in on_hold:
        with transaction.atomic():
            clocks_recompute(case, closed=calendars[case.partnership_id], today=today)
    counts = reminders.sweep(CLOCKS, today)
    return {"recomputed": len(on_hold), "approaching": counts[Step.REMIND], "missed": counts[Step.OVERDUE],
            "escalated": counts[Step.ESCALATE]}
