"""What the audit log says of single sign-on (govuk.wording.AUDIT)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from casereview.govuk.wording import one_of, template

AUDIT = {
    "sso.signed_in": template(_("Signed in through {provider}{second}"),
                              second=one_of("mfa", **{"True": _(", whose second factor counts"),
                                                      "False": _(": this service's second factor is still asked for")})),
    "sso.refused": _("Refused a sign-in through {provider}: {why}"),
    "sso.provider_added": _("Added the identity provider {provider} for {domains}"),
    "sso.provider_changed": _("Changed the identity provider {provider}"),
}
