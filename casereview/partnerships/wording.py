"""What the audit log says of each change to people and their roles (govuk.wording.AUDIT)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from casereview.govuk.wording import choice, template
from casereview.partnerships.models import Role

_role = choice(Role, "role", lower=True)

AUDIT = {
    "partnerships.invitation_created": _("Invitation created"),
    "partnerships.invitation_resent": _("Invitation sent again"),
    "partnerships.invitation_withdrawn": _("Invitation withdrawn"),
    "partnerships.invitation_accepted": _("Invitation accepted"),
    "partnerships.removed": _("Removed from the partnership: every role here taken away"),
    "partnerships.account_closed_here": _("Account closed by the installation administrator: {reason}"),
    "partnerships.account_closed": _("Account closed everywhere; {sessions} session(s) ended: {reason}"),
    "partnerships.roles_changed": _("Roles changed"),
    "partnerships.role_proposed": template(
        _("Proposed the role of {role} for {name}; waiting for a second person to confirm"), role=_role),
    "partnerships.proposal_confirmed": template(_("Confirmed the role of {role} for {name}, proposed by {proposer}"),
                                                role=_role),
    "partnerships.proposal_declined": template(_("Declined the role of {role} for {name}, proposed by {proposer}"),
                                               role=_role),
    "partnerships.proposal_withdrawn": template(_("Withdrew the proposal of the role of {role}"), role=_role),
    "partnerships.audit_log_viewed": _("Viewed the partnership audit log"),
}
