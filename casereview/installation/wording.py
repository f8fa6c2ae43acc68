"""What the audit log says of the installation administrator's command-line changes (govuk.wording.AUDIT)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _

from casereview.govuk.wording import choice
from casereview.partnerships.models import SiteRole

_role = choice(SiteRole, "role", lower=True)


def _with_note(text):
    def wording(p: Mapping[str, Any]) -> str:
        said = str(text).format(role=_role(p))
        return f"{said}: {p['note']}" if p.get("note") else said
    return wording


AUDIT = {
    "installation.site_role_given": _with_note(_("Gave the {role} role (from the command line)")),
    "installation.site_role_removed": _with_note(_("Took away the {role} role (from the command line)")),
}
