"""Reminders for requests to agencies, through the reminder engine (process.reminders): before the
due date and when it passes to the contributors, then to the business unit after the partnership's
escalation delay. Each is sent once."""

from __future__ import annotations

from datetime import date

from django.urls import reverse
from django.utils import timezone

from casereview.cases.models import open_statuses
from casereview.contributions.models import AgencyRequest, RequestStatus
from casereview.notifications.models import Notification
from casereview.notifications.services import business_unit, notify
from casereview.process import reminders
from casereview.process.models import ReminderSubject
from casereview.process.reminders import Notice, Step


def _send(agency_request: AgencyRequest, notice: Notice) -> None:
    if notice.step is Step.ESCALATE:
        case = agency_request.case
        notify(recipients=business_unit(case.partnership_id), kind=Notification.Kind.REQUEST_ESCALATED, case=case,
               path=reverse("contributions:case", args=[case.reference]), ref=case.reference,
               agency=agency_request.agency.name, request_kind=agency_request.kind, days=notice.days.amount,
               unit=notice.days.unit)
        return
    kind = Notification.Kind.REQUEST_REMINDER if notice.step is Step.REMIND else Notification.Kind.REQUEST_OVERDUE
    notify(recipients=list(agency_request.contributors.filter(is_active=True)), kind=kind,
           path=reverse("contributions:request", args=[agency_request.pk]), request_kind=agency_request.kind,
           due_on=notice.due_on)


REQUESTS = reminders.Subject(
    kind=ReminderSubject.AGENCY_REQUEST,
    waiting=lambda: (AgencyRequest.objects.exclude(status=RequestStatus.SUBMITTED)
                     .filter(case__status__in=open_statuses()).select_related("case", "agency", "rule")),
    partnership_id=lambda agency_request: agency_request.case.partnership_id,
    send=_send,
    own_lead=lambda agency_request: agency_request.rule.reminder_working_days if agency_request.rule else None,
)


def requests_sweep(*, today: date | None = None) -> dict[str, int]:
    counts = reminders.sweep(REQUESTS, today or timezone.localdate())
    return {"reminded": counts[Step.REMIND], "overdue": counts[Step.OVERDUE], "escalated": counts[Step.ESCALATE]}
