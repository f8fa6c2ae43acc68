"""How notifications about improvement actions read (notifications.wording)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from casereview.govuk.wording import choice
from casereview.learning.models import Briefing, Dissemination
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


_briefing = choice(Briefing.Kind, "kind", lower=True)

# What the audit log says of each thing done to findings, actions and briefings (govuk.wording.AUDIT).
AUDIT = {
    "learning.finding_recorded": _("Recorded finding {number}"),
    "learning.recommendation_recorded": _("Recorded a recommendation"),
    "learning.action_assigned": _("Assigned an action to {agency}"),
    "learning.action_progress": _("Progress on an action for {agency}"),
    "learning.action_done": _("Progress on an action for {agency}; marked done"),
    "learning.action_assured": _("Assured the action for {agency}: impact evidenced"),
    "learning.briefing_saved": template(_("Saved the {kind}"), kind=_briefing),
    "learning.briefing_approved": template(_("Approved the {kind}"), kind=_briefing),
    "learning.briefing_published": template(_("Published the {kind} in the library"), kind=_briefing),
    "learning.disseminated": template(_("Recorded dissemination: {kind}"),
                                      kind=choice(Dissemination.Kind, "kind", lower=True)),
    "learning.calendar_created": _("Created a calendar link"),
    "learning.calendar_revoked": _("Revoked the calendar link"),
    "learning.evidence_downloaded": _("Downloaded action evidence"),
    "learning.yearly_downloaded": template(_("Downloaded the yearly report figures ({start_on} to {end_on}) as {fmt}"),
                                           fmt=lambda p: p["format"].upper()),
    "learning.scrt_exported": _("Exported review records for the NHS Safeguarding Case Review Tracker"),
    "learning.action_log_downloaded": _("Downloaded the action log ({count} actions) as XLSX"),
}
