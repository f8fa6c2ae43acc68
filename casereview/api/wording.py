"""What the audit log says of API tokens and calls (govuk.wording.AUDIT)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from casereview.api.models import Scope
from casereview.govuk.wording import template

AUDIT = {
    "api.token_issued": template(_("Issued the API token “{name}” to read {scopes}"),
                                 scopes=lambda p: ", ".join(str(dict(Scope.choices).get(s, s)).lower()
                                                            for s in p["scopes"])),
    "api.token_revoked": _("Revoked the API token “{name}”"),
    "api.refused": _("Refused an API call with an unknown, revoked or expired token (to {endpoint})"),
    "api.called": _("The API token “{name}” read {endpoint} (answer {status})"),
}
