"""The malware scan at the edge, for uploads used as soon as they arrive: an improvement action's
evidence, a library document, a chronology spreadsheet. A file the scan condemns is refused before
it is stored or parsed. Nothing would serve such an upload later, so while clamd is away it is
refused with "try again" rather than kept waiting. Case documents, which are kept and versioned,
wait for their scan instead (casefiles, ADR 0036)."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.exceptions import ValidationError

from casereview.documents import malware
from casereview.govuk.wording import problem

logger = logging.getLogger(__name__)


def refuse_malware(content: bytes, field: str = "file") -> None:
    """Raises a ValidationError on `field` when the scan finds malware or cannot be run. Does
    nothing where no scanner is configured (outside production only: config.Config)."""
    address = settings.CLAMD_ADDRESS
    if not address:
        return
    try:
        verdict = malware.scan(content, address, settings.CLAMD_TIMEOUT_SECONDS)
    except malware.ScannerUnavailable as error:
        logger.warning("An upload was refused: the malware scan could not run (%s)", error)
        raise ValidationError({field: problem(
            "The file could not be checked for malware just now, so it has not been saved. Try again in a few "
            "minutes", "scanner_unavailable")}) from None
    if not verdict.clean:
        logger.warning("An upload was refused: the malware scan found %s", verdict.found)
        raise ValidationError({field: problem(
            "The malware scan found “%(found)s” in the file, so it has not been saved. Tell your IT team",
            "malware_found", found=verdict.found)})
