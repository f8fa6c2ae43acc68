"""What the audit log says of each change to a case's documents (govuk.wording.AUDIT)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from casereview.govuk.wording import template

_FIELDS = {"title": _("its title"), "description": _("its description"), "audience": _("who can see it"),
           "expected": _("the expected document it answers")}

AUDIT = {
    "casefiles.added": _("Added the document “{title}” to the case ({kind}, {kb} KB)"),
    "casefiles.version_added": _("Uploaded version {number} of the document “{title}” ({kind}, {kb} KB)"),
    "casefiles.described": template(_("Changed the document “{title}”: {fields}"),
                                    fields=lambda p: ", ".join(str(_FIELDS[f]) for f in p["fields"])),
    "casefiles.downloaded": _("Downloaded version {number} of the document “{title}”"),
    "casefiles.scanned_clean": _("The malware scan passed version {number} of the document “{title}”"),
    "casefiles.quarantined": _("The malware scan found “{found}” in version {number} of the document “{title}”: "
                               "the file was quarantined"),
    "casefiles.not_scanned": _("Version {number} of the document “{title}” was not scanned: this installation "
                               "has no malware scanner"),
}
