"""How the case engine's notifications read (notifications.wording): worded when shown, from the
kind and the parameters stored with it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _

from casereview.cases import frameworks
from casereview.cases.models import CaseStatus, status_words
from casereview.notifications.models import Notification
from casereview.notifications.wording import template
from casereview.process.reminders import days_words

K = Notification.Kind

# What the referrer is told of each outcome: the decision, never the business unit's reasoning,
# and nothing beyond what an agency that referred may know.
SCREENING_WORDS = {
    CaseStatus.AWAITING_NOTIFICATION: _("Your referral {ref} has been screened: it meets the criteria, and the "
                                        "partnership is notifying the National Panel"),
    CaseStatus.AWAITING_DECISION: _("Your referral {ref} has been screened: it does not need a notification to the "
                                    "National Panel; the safeguarding partners will decide whether a local review "
                                    "would help"),
    CaseStatus.CLOSED: _("Your referral {ref} has been screened: it does not meet the criteria for a review, and the "
                         "partnership has closed it"),
    CaseStatus.WITHDRAWN: _("Your referral {ref} has been withdrawn by the partnership"),
}


def _moved(p: Mapping[str, Any]) -> str:
    label = frameworks.get(p.get("framework", frameworks.CHILDREN)).transitions[p["transition"]].label
    where = p.get("stage") or status_words(p["status"], p.get("framework", frameworks.CHILDREN))
    return _("{ref}: {step} (now at “{where}”)").format(ref=p["ref"], step=f"{label[0].lower()}{label[1:]}",
                                                       where=where)


def _screened(p: Mapping[str, Any]) -> str:
    return SCREENING_WORDS[p["outcome"]].format(ref=p["ref"])


WORDING = {
    K.NEW_REFERRAL: _("New referral {ref} is waiting for screening"),
    K.TRANSITION: _moved,
    K.SCREENING_OUTCOME: _screened,
    K.DECISION_WAITING: _("{ref} is waiting for the safeguarding partners' decision"),
    K.APPROVAL_WAITING: _("The report of {ref} is waiting for your approval"),
    K.QUALITY_WAITING: _("The report of {ref} is ready for quality assurance"),
    K.DEADLINE_APPROACHING: template(_("{ref}: “{clock}” is due on {due_on} ({days} left)"), days=days_words),
    K.DEADLINE_MISSED: _("{ref}: “{clock}” was due on {due_on} and has not been met"),
    K.DEADLINE_ESCALATED: template(_("{ref}: “{clock}” is {days} past its due date of {due_on}"), days=days_words),
}
