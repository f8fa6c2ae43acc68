"""What the audit log says of retention and disposal (govuk.wording.AUDIT)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from casereview.govuk.wording import choice, template
from casereview.retention.models import RecordKind


def _held(params) -> str:
    return params["reference"] or str(_("every record of the partnership"))


AUDIT = {
    "retention.rule_changed": template(_("Changed how long {kind} are kept: from {before} to {after}"),
                                       kind=choice(RecordKind, "kind", lower=True)),
    "retention.hold_placed": template(_("Placed a legal hold on {held}: {reason}"), held=_held),
    "retention.hold_lifted": template(_("Lifted the legal hold on {held}: {reason}"), held=_held),
    "retention.batch_proposed": _("Proposed a disposal batch of {count} records past their retention period"),
    "retention.batch_approved": _("Approved disposal batch {batch}: {count} records disposed of"),
    "retention.batch_rejected": _("Did not approve disposal batch {batch}: {note}"),
    "retention.disposed": template(_("Disposed of {kind}{of} under the rule “{rule}” (batch {batch}: "
                                     "{rows} rows and {files} files removed)"),
                                   kind=choice(RecordKind, "kind", lower=True),
                                   of=lambda p: f" for {p['reference']}" if p["reference"] else ""),
}
