"""Reminders for requests to agencies, through the reminder engine (process.reminders): before the
due date and when it passes to the contributors, then to the business unit after the partnership's
escalation delay. Each is sent once."""

from __future__ import annotations

from datetime import date

from django.urls import reverse
from django.utils import timezone

from casereview.cases.models import OPEN_STATUSES
from casereview.contributions.models import AgencyRequest, RequestStatus
from casereview.govuk.formatting import format_date
from casereview.notifications.models import Notification
from casereview.notifications.services import business_unit, notify
from casereview.process import reminders
from casereview.process.models import ReminderSubject
from casereview.process.reminders import Notice, Step


def _send(agency_request: AgencyRequest, notice: Notice) -> None:
    what = agency_request.get_kind_display().lower()
    path = reverse("contributions:request", args=[agency_request.pk])
    if notice.step is Step.ESCALATE:
        case = agency_request.case
        notify(recipients=business_unit(case.partnership_id), kind=Notification.Kind.REQUEST_ESCALATED, case=case,
               path=reverse("contributions:case", args=[case.reference]),
               message=f"{case.reference}: {agency_request.agency.name}'s {what} is {notice.days.words} overdue")
        return
    people = list(agency_request.contributors.filter(is_active=True))
    if notice.step is Step.REMIND:
        notify(recipients=people, kind=Notification.Kind.REQUEST_REMINDER, path=path,
               message=f"Reminder: your agency's {what} is due on {format_date(notice.due_on)}")
    else:
        notify(recipients=people, kind=Notification.Kind.REQUEST_OVERDUE, path=path,
               message=f"Your agency's {what} was due on {format_date(notice.due_on)}. "
                       "Please submit it or tell the business unit when it will come")


REQUESTS = reminders.Subject(
    kind=ReminderSubject.AGENCY_REQUEST,
    waiting=lambda: (AgencyRequest.objects.exclude(status=RequestStatus.SUBMITTED)
                     .filter(case__status__in=OPEN_STATUSES).select_related("case", "agency", "rule")),
    partnership_id=lambda agency_request: agency_request.case.partnership_id,
    send=_send,
    own_lead=lambda agency_request: agency_request.rule.reminder_working_days if agency_request.rule else None,
)


def requests_sweep(*, today: date | None = None) -> dict[str, int]:
    counts = reminders.sweep(REQUESTS, today or timezone.localdate())
    return {"reminded": counts[Step.REMIND], "overdue": counts[Step.OVERDUE], "escalated": counts[Step.ESCALATE]}
