"""Reminders for requests to agencies: before the due date and when it passes (to the
contributors), then escalation to the business unit. Each is sent once."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from casereview.cases.models import OPEN_STATUSES
from casereview.contributions.models import AgencyRequest, RequestStatus
from casereview.govuk.formatting import format_date
from casereview.notifications.models import Notification
from casereview.notifications.services import business_unit, notify
from casereview.process import workdays
from casereview.process.calendar import closed_days_by_partnership

# Working days past the due date before the business unit is asked to chase.
ESCALATE_AFTER_WORKING_DAYS = 3


def requests_sweep(*, today: date | None = None) -> dict[str, int]:
    today = today or timezone.localdate()
    counts = {"reminded": 0, "overdue": 0, "escalated": 0}
    waiting = (AgencyRequest.objects.exclude(status=RequestStatus.SUBMITTED)
               .filter(case__status__in=OPEN_STATUSES).select_related("case", "agency", "rule"))
    calendars = closed_days_by_partnership({r.case.partnership_id for r in waiting})
    for agency_request in waiting:
        closed = calendars[agency_request.case.partnership_id]
        path = reverse("contributions:request", args=[agency_request.pk])
        people = list(agency_request.contributors.filter(is_active=True))
        what = agency_request.get_kind_display().lower()
        lead = agency_request.rule.reminder_working_days if agency_request.rule else 3
        with transaction.atomic():
            if agency_request.due_on >= today:
                if (agency_request.reminded_on is None
                        and workdays.add_working_days(agency_request.due_on, -lead, closed) <= today):
                    notify(recipients=people, kind=Notification.Kind.REQUEST_REMINDER, path=path,
                           message=f"Reminder: your agency's {what} is due on {format_date(agency_request.due_on)}")
                    AgencyRequest.objects.filter(pk=agency_request.pk).update(reminded_on=today)
                    counts["reminded"] += 1
                continue
            if agency_request.overdue_notified_on is None:
                notify(recipients=people, kind=Notification.Kind.REQUEST_OVERDUE, path=path,
                       message=f"Your agency's {what} was due on {format_date(agency_request.due_on)}. "
                               "Please submit it or tell the business unit when it will come")
                AgencyRequest.objects.filter(pk=agency_request.pk).update(overdue_notified_on=today)
                counts["overdue"] += 1
            late = workdays.working_days_between(agency_request.due_on, today, closed)
            if agency_request.escalated_on is None and late >= ESCALATE_AFTER_WORKING_DAYS:
                case = agency_request.case
                notify(recipients=business_unit(case.partnership_id), kind=Notification.Kind.REQUEST_ESCALATED,
                       case=case, path=reverse("contributions:case", args=[case.reference]),
                       message=f"{case.reference}: {agency_request.agency.name}'s {what} is {late} working days "
                               "overdue")
                AgencyRequest.objects.filter(pk=agency_request.pk).update(escalated_on=today)
                counts["escalated"] += 1
    return counts
