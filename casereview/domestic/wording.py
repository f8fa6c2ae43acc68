"""What the audit log says of each thing recorded on a domestic abuse related death review (govuk.wording.AUDIT)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from casereview.domestic.models import FamilyInvolvement, QaFeedback
from casereview.govuk.wording import choice, template

AUDIT = {
    "domestic.notified": _("Recorded a police notification of a death that may need a review"),
    "domestic.family": template(_("Recorded the family's involvement: {advocacy}"),
                                advocacy=choice(FamilyInvolvement.Advocacy, "advocacy", lower=True)),
    "domestic.qa_letter": template(_("Recorded the Home Office quality assurance panel's letter: {outcome}"),
                                   outcome=choice(QaFeedback.Outcome, "outcome", lower=True)),
    "domestic.commissioner_copy": _("Recorded the copy of the report sent to the Domestic Abuse Commissioner"),
    "domestic.family_name": _("The case now uses the name the family chose"),
}
