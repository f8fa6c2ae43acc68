"""How notifications about requests to agencies read (notifications.wording)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _

from casereview.contributions.models import RequestKind
from casereview.notifications.models import Notification
from casereview.notifications.wording import template
from casereview.process.reminders import days_words

K = Notification.Kind


def _what(params: Mapping[str, Any]) -> str:
    return RequestKind(params["request_kind"]).label.lower()


def _late(params: Mapping[str, Any]) -> str:
    return str(_("was due") if params["late"] else _("is due"))


WORDING = {
    K.NEW_REQUEST: template(_("{partnership} has asked your agency for: {what}, due {due_on}"), what=_what),
    K.REQUEST_CHASED: template(_("{partnership} asks about your agency's {what} for {ref}: it {late} on {due_on}"),
                               what=_what, late=_late),
    K.REQUEST_DUE_CHANGED: template(_("The {what} for {ref} is now due on {due_on}"), what=_what),
    K.CONTRIBUTION_SUBMITTED: template(_("{ref}: {agency} submitted their {what}"), what=_what),
    K.CONTRIBUTION_RETURNED: template(_("Your agency's {what} has been returned for more information"), what=_what),
    K.CONTRIBUTION_USED: template(_("Thank you: your agency's {what} was {used_for}"), what=_what),
    K.REQUEST_REMINDER: template(_("Reminder: your agency's {what} is due on {due_on}"), what=_what),
    K.REQUEST_OVERDUE: template(_("Your agency's {what} was due on {due_on}. Please submit it or tell the business "
                                  "unit when it will come"), what=_what),
    K.REQUEST_ESCALATED: template(_("{ref}: {agency}'s {what} is {days} overdue"), what=_what, days=days_words),
}
