"""How notifications about improvement actions read (notifications.wording)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from casereview.notifications.models import Notification
from casereview.notifications.wording import template
from casereview.process.reminders import days_words

K = Notification.Kind

WORDING = {
    K.ACTION_ASSIGNED: _("{ref}: an improvement action for {agency} is yours to lead, due {due_on}"),
    K.ACTION_DUE_SOON: _("{ref}: an improvement action you lead is due on {due_on}"),
    K.ACTION_OVERDUE: _("{ref}: an improvement action you lead was due on {due_on}"),
    K.ACTION_ESCALATED: template(_("{ref}: {agency}'s improvement action is {days} overdue"), days=days_words),
}
