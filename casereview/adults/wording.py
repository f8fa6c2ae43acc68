"""What the audit log says of each thing recorded on a safeguarding adults review (govuk.wording.AUDIT)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from casereview.adults.models import Consent
from casereview.govuk.wording import choice, template

AUDIT = {
    "adults.referral_started": _("Started a draft safeguarding adults review referral"),
    "adults.referral_saved": _("Saved the draft safeguarding adults review referral"),
    "adults.referral_viewed": _("Viewed the adult's details on their own draft referral"),
    "adults.involvement": template(_("Recorded the adult's involvement: {consent}"),
                                   consent=choice(Consent, "consent", lower=True)),
    "adults.not_acting": _("Recorded why the board is not acting on finding {number}"),
}
