"""How notifications about the report read (notifications.wording)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _

from casereview.govuk.wording import choice, template
from casereview.notifications.models import Notification
from casereview.process.models import RouteKind
from casereview.reports.anonymise import KIND_LABELS
from casereview.reports.models import (
    AccuracyRound,
    Approval,
    FamilyContact,
    ParallelProcess,
    PublicationDecision,
    RedactionDecision,
)

K = Notification.Kind

WORDING = {
    K.REPORT_CHANGED: _("{ref}: the report changed after your approval; please look again at version {version}"),
    K.FACT_CHECK_REQUESTED: _("{ref}: please check the facts in version {version} of the draft report"),
}


def _kind_label(p: Mapping[str, Any]) -> str:
    return KIND_LABELS.get(p["kind"], p["kind"]).lower()


_partner = choice(Approval.Partner, "partner", lower=True)

# What the audit log says of each thing done to a case's report and its record (govuk.wording.AUDIT).
AUDIT = {
    "reports.draft_discarded": _("Discarded an unsaved draft of the report"),
    "reports.draft_imported": _("Imported a Word draft of the report as an unsaved draft"),
    "reports.draft_started": _("Started an unsaved draft of the report"),
    "reports.rapid_review_saved": _("Saved the rapid review record"),
    "reports.terms_saved": _("Saved the terms of reference"),
    "reports.family_contact": template(_("Recorded family involvement: {kind}"), kind=choice(FamilyContact.Kind, "kind")),
    "reports.learning_event": _("Recorded a practitioner learning event"),
    "reports.parallel_open": template(_("Saved the parallel process: {kind} (open)"),
                                      kind=choice(ParallelProcess.Kind, "kind")),
    "reports.parallel_closed": template(_("Saved the parallel process: {kind} (closed)"),
                                        kind=choice(ParallelProcess.Kind, "kind")),
    "reports.version_saved": _("Saved version {version} of the report"),
    "reports.version_saved_withdrawn": _("Saved version {version} of the report; {withdrawn} approvals withdrawn"),
    "reports.commented": _("Commented on “{section}” in version {version}"),
    "reports.accuracy_sent": template(_("Sent version {version} for a factual accuracy check ({audience})"),
                                      audience=choice(AccuracyRound.Audience, "audience", lower=True)),
    "reports.accuracy_comment": _("Factual accuracy comment on “{section}”"),
    "reports.accuracy_response": _("Responded to a factual accuracy comment"),
    "reports.accuracy_closed": _("Closed the factual accuracy round on version {version}"),
    "reports.marker_met": _("Quality assurance: “{marker}” met"),
    "reports.marker_not_met": _("Quality assurance: “{marker}” not met"),
    "reports.approved": template(_("Approved version {version} for the {partner}"), partner=_partner),
    "reports.approval_withdrawn_role": template(
        _("Approval of version {version} for the {partner} withdrawn: the role was taken away"), partner=_partner),
    "reports.publication_decision": template(_("Publication decision: {form}"),
                                             form=choice(PublicationDecision.Form, "form")),
    "reports.redaction_decided": template(_("Redaction decision on a {kind}: {action} ({occurrences} occurrences)"),
                                          kind=_kind_label,
                                          action=choice(RedactionDecision.Action, "action", lower=True)),
    "reports.redaction_decided_kind": template(
        _("Redaction decision on every undecided {kind}: {action} ({findings} findings, {occurrences} occurrences)"),
        kind=_kind_label, action=choice(RedactionDecision.Action, "action", lower=True)),
    "reports.published": _("Published version {version} of the report"),
    "reports.correction_published": _("Published a correction (edition {edition}): {note}"),
    "reports.sections_changed": template(_("Changed the report sections for {route_kind}"),
                                         route_kind=choice(RouteKind, "route_kind")),
    "reports.markers_changed": _("Changed the quality assurance checklist ({count} markers)"),
    "reports.downloaded": template(_("Downloaded the {document} as {fmt}"),
                                   document=lambda p: p["document"].replace("-", " "),
                                   fmt=lambda p: p["format"].upper()),
    "reports.anonymisation_checked": _("Ran the anonymisation check on version {version}"),
}
