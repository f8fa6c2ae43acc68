"""Reminders for improvement actions, through the reminder engine (process.reminders): to the lead
before the due date and when it passes, then to the business unit after the partnership's
escalation delay. Each is sent once."""

from __future__ import annotations

from datetime import date

from django.urls import reverse
from django.utils import timezone

from casereview.learning.models import Action, ActionStatus
from casereview.notifications.models import Notification
from casereview.notifications.services import business_unit, notify
from casereview.process import reminders
from casereview.process.models import ReminderSubject
from casereview.process.reminders import Notice, Step


def _send(action: Action, notice: Notice) -> None:
    case = action.recommendation.case
    facts = {"case": case, "path": reverse("learning:action", args=[action.pk]), "ref": case.reference}
    if notice.step is Step.REMIND:
        notify(recipients=[action.lead], kind=Notification.Kind.ACTION_DUE_SOON, due_on=notice.due_on, **facts)
    elif notice.step is Step.OVERDUE:
        notify(recipients=[action.lead], kind=Notification.Kind.ACTION_OVERDUE, due_on=notice.due_on, **facts)
    else:
        notify(recipients=business_unit(case.partnership_id), kind=Notification.Kind.ACTION_ESCALATED,
               agency=action.agency.name, days=notice.days.amount, unit=notice.days.unit, **facts)


ACTIONS = reminders.Subject(
    kind=ReminderSubject.ACTION,
    waiting=lambda: (Action.objects.filter(status__in=[ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS])
                     .select_related("recommendation__case", "agency", "lead")),
    partnership_id=lambda action: action.recommendation.case.partnership_id,
    send=_send,
)


def actions_sweep(*, today: date | None = None) -> dict[str, int]:
    counts = reminders.sweep(ACTIONS, today or timezone.localdate())
    return {"reminded": counts[Step.REMIND], "overdue": counts[Step.OVERDUE], "escalated": counts[Step.ESCALATE]}
