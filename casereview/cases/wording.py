"""How the case engine's notifications read (notifications.wording): worded when shown, from the
kind and the parameters stored with it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _

from casereview.cases import frameworks
from casereview.cases.models import CaseRole, CaseStatus, status_words
from casereview.govuk.wording import choice
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


def _step(p: Mapping[str, Any]) -> str:
    transition = frameworks.get(p["framework"]).transitions.get(p["transition"])
    return transition.label if transition is not None else p["transition"].replace("_", " ").capitalize()


def _framework(p: Mapping[str, Any]) -> str:
    return frameworks.get(p["framework"]).label.lower()


def _moved_to(p: Mapping[str, Any]) -> str:
    return _("{step}: now at “{where}”").format(step=_step(p),
                                                where=p.get("stage") or status_words(p["status"], p["framework"]))


# What the audit log says of each thing the case engine records (govuk.wording.AUDIT).
AUDIT = {
    "cases.moved": _moved_to,
    "cases.member_added": template(_("{name} added as {role}"), role=choice(CaseRole, "role")),
    "cases.member_removed": template(_("{name} removed ({role})"), role=choice(CaseRole, "role")),
    "cases.document_ticked": _("Marked “{document}” as done at “{stage}”"),
    "cases.document_unticked": _("Marked “{document}” as not done at “{stage}”"),
    "cases.owner_set": _("Owner set to {name}"),
    "cases.framework_enabled": template(_("Enabled {framework}"), framework=_framework),
    "cases.joint_run_added": template(_("Now also run as {framework}: a joint review"),
                                      framework=lambda p: _framework(p)[:-1]),
    "cases.referral_started": _("Started a draft referral"),
    "cases.referral_saved": _("Saved the draft referral"),
    "cases.referral_person_saved": _("Saved {label} on a draft referral"),
    "cases.referral_person_removed": _("Removed {label} from a draft referral"),
    "cases.referral_discarded": _("Deleted draft referral {draft}"),
    "cases.referral_names_viewed": _("Viewed names on their own draft referral"),
    "cases.referral_person_viewed": _("Viewed the details of {label} on their own draft referral"),
    "cases.summary_viewed": _("Viewed the case summary"),
    "cases.access_log_viewed": _("Viewed the case access log"),
    "cases.tracker_exported": template(_("Exported the case tracker as {fmt} ({count} cases)"),
                                       fmt=lambda p: p["format"].upper()),
    "cases.identities_viewed": _("Viewed identifying details of {count} people"),
    "cases.clock_recomputed": _("“{clock}” recomputed with version {version} (was {was}): due {before_on} became "
                                "{after_on}"),
}
