"""What the audit log says of subject access requests (govuk.wording.AUDIT). Never the person's name."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

AUDIT = {
    "subjectaccess.opened": _("Opened subject access request {number}, received {received_on}"),
    "subjectaccess.searched": _("Searched every case for subject access request {number}: {hits} records found"),
    "subjectaccess.exported": _("Exported the bundle for subject access request {number}: {items} records, {files} "
                                "original files, {redacted} third-party names redacted"),
}
