"""What the audit log says of each change to the library (govuk.wording.AUDIT)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from casereview.govuk.wording import choice, template
from casereview.library.models import ThemeTag

AUDIT = {
    "library.document_added": template(_("Added a library document ({kind}, {kb} KB) for reading"),
                                       kind=lambda p: p["kind"].upper()),
    "library.document_read": _("Read the text of the library document, {pages} pages"),
    "library.official_attached": _("Attached the official publication to a library record: its file and address"),
    "library.document_changed": template(_("Changed a library document: {fields}"),
                                         fields=lambda p: ", ".join(n.replace("_", " ") for n in p["fields"])
                                         or _("nothing")),
    "library.listed": _("Listed a document in the library"),
    "library.unlisted": _("Took a document out of the library"),
    "library.tag_decided": template(_("{status} the theme “{theme}” on a library document"),
                                    status=choice(ThemeTag.Status, "status")),
    "library.tagged": _("Tagged a library document “{theme}”"),
    "library.theme_added": _("Added the theme “{theme}” to the vocabulary"),
    "library.theme_changed": _("Changed the theme “{theme}” in the vocabulary"),
}
