"""Changes to a case's documents. Every file is read once at the edge (size, then what it is from
its content), stored under a random name, then scanned by ClamAV before anyone can download it.
A file the scan finds malware in is moved to quarantine and never served."""

from __future__ import annotations

import hashlib
import logging
import re
import uuid

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from casereview.audit.models import Action
from casereview.audit.services import audit_record
from casereview.casefiles.models import Audience, CaseDocument, DocumentVersion, Scan
from casereview.casefiles.rules import keeps_documents
from casereview.casefiles.tasks import scan_version
from casereview.cases.models import Case
from casereview.documents import file_checks, malware
from casereview.govuk.wording import problem
from casereview.process.models import Stage

logger = logging.getLogger(__name__)

KINDS = "a PDF, a Word document (.docx), an Excel spreadsheet (.xlsx), a PNG or JPEG image, or a plain text file"


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _content(upload) -> tuple[bytes, str, str]:
    """(content, content type, extension), or a message for the person uploading."""
    limit = settings.CASE_DOCUMENT_MAX_BYTES
    if upload is None:
        raise ValidationError({"file": problem("Choose a file to upload", "choose_a_file")})
    content = upload.read(limit + 1)
    if len(content) > limit:
        raise ValidationError({"file": problem("The file must be smaller than %(mb)s MB", "file_too_large",
                                               mb=limit // (1024 * 1024))})
    if not content:
        raise ValidationError({"file": problem("The file is empty", "file_empty")})
    found = file_checks.document_type(content)
    if found is None:
        raise ValidationError({"file": problem("The file must be %(kinds)s. Save a Word 97–2003 or older Excel "
                                               "file in the newer format first", "file_kind", kinds=KINDS)})
    return content, *found


def _original_name(upload) -> str:
    # Kept to show the people who can see the case, never used as a path.
    name = re.sub(r"[\x00-\x1f/\\]", "", getattr(upload, "name", "") or "").strip()
    return name[-200:] or "document"


def expected_of(case: Case, stage: Stage | None, expected: str) -> tuple[Stage | None, str]:
    """The expected document a file answers, checked against the case's own route."""
    if stage is None or not expected:
        return None, ""
    if stage.route_id != case.route_id or expected not in stage.documents:
        raise ValidationError({"expected": problem("Choose one of the documents this review expects",
                                                   "not_an_expected_document")})
    return stage, expected


def _store(document: CaseDocument, number: int, upload, content: bytes, content_type: str, extension: str,
           by, note: str) -> DocumentVersion:
    version = DocumentVersion(document=document, number=number, original_name=_original_name(upload),
                              content_type=content_type, extension=extension, size=len(content),
                              sha256=hashlib.sha256(content).hexdigest(), note=note.strip()[:300], uploaded_by=by)
    version.file.save("version", ContentFile(content), save=False)
    version.save()
    return version


def _said(version: DocumentVersion) -> dict:
    return {"title": version.document.title, "number": version.number, "kind": version.extension.upper(),
            "kb": max(1, round(version.size / 1024))}


def document_add(*, case: Case, by, title: str, description: str = "", audience: str = Audience.CORE,
                 stage: Stage | None = None, expected: str = "", upload=None, note: str = "") -> DocumentVersion:
    """A new document with its first version, then scanned. Returns the version, scanned or waiting."""
    _require(keeps_documents(by, case))
    content, content_type, extension = _content(upload)
    stage, expected = expected_of(case, stage, expected)
    if not title.strip():
        raise ValidationError({"title": problem("Enter a title for the document", "enter_a_title")})
    with transaction.atomic():
        document = CaseDocument.objects.create(case=case, title=title.strip()[:200], description=description.strip(),
                                               audience=audience, stage=stage, expected=expected, created_by=by)
        version = _store(document, 1, upload, content, content_type, extension, by, note)
        audit_record(action=Action.CREATE, actor=by, target=document, case=case, partnership_id=case.partnership_id,
                     code="casefiles.added", params=_said(version))
    version_scan(version.pk)
    version.refresh_from_db()
    return version


def version_add(*, document: CaseDocument, by, upload=None, note: str = "") -> DocumentVersion:
    """Another version of a document. Two people uploading at once both keep their file, as two versions."""
    case = document.case
    _require(keeps_documents(by, case))
    content, content_type, extension = _content(upload)
    with transaction.atomic():
        document = CaseDocument.objects.select_for_update().get(pk=document.pk)
        number = (document.versions.aggregate(n=Max("number"))["n"] or 0) + 1
        version = _store(document, number, upload, content, content_type, extension, by, note)
        document.save(update_fields=["updated_at"])
        audit_record(action=Action.CREATE, actor=by, target=document, case=case, partnership_id=case.partnership_id,
                     code="casefiles.version_added", params=_said(version))
    version_scan(version.pk)
    version.refresh_from_db()
    return version


@transaction.atomic
def document_describe(*, document: CaseDocument, by, title: str, description: str, audience: str,
                      stage: Stage | None, expected: str, expected_version: int | None) -> CaseDocument:
    case = document.case
    _require(keeps_documents(by, case))
    document = CaseDocument.objects.select_for_update().get(pk=document.pk)
    if expected_version is not None and expected_version != document.lock_version:
        raise problem("Someone else changed this document while you were editing it. Your changes have not been "
                      "saved: check the current version and try again.", "stale")
    if not title.strip():
        raise ValidationError({"title": problem("Enter a title for the document", "enter_a_title")})
    stage, expected = expected_of(case, stage, expected)
    new = {"title": title.strip()[:200], "description": description.strip(), "audience": audience,
           "expected": f"{stage.pk if stage else ''}:{expected}"}
    old = {"title": document.title, "description": document.description, "audience": document.audience,
           "expected": f"{document.stage_id or ''}:{document.expected}"}
    changed = [name for name in new if new[name] != old[name]]
    if not changed:
        return document
    document.title, document.description, document.audience = new["title"], new["description"], audience
    document.stage, document.expected = stage, expected
    document.lock_version += 1
    document.save()
    audit_record(action=Action.UPDATE, actor=by, target=document, case=case, partnership_id=case.partnership_id,
                 code="casefiles.described", params={"title": document.title, "fields": changed})
    return document


def version_downloaded(*, version: DocumentVersion, by) -> None:
    document = version.document
    audit_record(action=Action.EXPORT, actor=by, target=document, case=document.case,
                 partnership_id=document.case.partnership_id, code="casefiles.downloaded",
                 params={"title": document.title, "number": version.number})


# --- The malware scan ---------------------------------------------------------------------------

def version_scan(version_id: int, *, raise_unavailable: bool = False) -> str:
    """Scans a version waiting for its scan and records the verdict. When clamd cannot be reached
    the version stays waiting and a task tries again later; nothing is lost and nothing unscanned
    is served. Returns the version's scan state."""
    version = DocumentVersion.objects.select_related("document").get(pk=version_id)
    if version.scan != Scan.WAITING:
        return version.scan
    address = settings.CLAMD_ADDRESS
    verdict = None
    if address:
        with version.file.open("rb") as handle:
            content = handle.read()
        try:
            verdict = malware.scan(content, address, settings.CLAMD_TIMEOUT_SECONDS)
        except malware.ScannerUnavailable as error:
            logger.warning("Document version %s waits for its malware scan: %s", version_id, error)
            if raise_unavailable:
                raise
            transaction.on_commit(lambda: scan_version.enqueue(version_id))
            return Scan.WAITING
    return _verdict_record(version_id, verdict)


@transaction.atomic
def _verdict_record(version_id: int, verdict: malware.Verdict | None) -> str:
    version = DocumentVersion.objects.select_for_update().select_related("document__case").get(pk=version_id)
    if version.scan != Scan.WAITING:
        return version.scan
    document = version.document
    version.scanned_at = timezone.now()
    if verdict is None:
        version.scan, code = Scan.NOT_SCANNED, "casefiles.not_scanned"
    elif verdict.clean:
        version.scan, code = Scan.CLEAN, "casefiles.scanned_clean"
    else:
        version.scan, version.found, code = Scan.QUARANTINED, verdict.found, "casefiles.quarantined"
        _quarantine(version)
    version.save()
    audit_record(action=Action.UPDATE, target=document, case=document.case, partnership_id=document.case.partnership_id,
                 code=code, params={"title": document.title, "number": version.number, "found": version.found}
                 if code == "casefiles.quarantined" else {"title": document.title, "number": version.number})
    return version.scan


def _quarantine(version: DocumentVersion) -> None:
    """Moves the file out of the documents' area, where no download view looks, keeping it for the
    IT team to examine. The old copy goes once the move has committed."""
    storage, old = version.file.storage, version.file.name
    with storage.open(old, "rb") as handle:
        version.file.name = storage.save(f"quarantine/{uuid.uuid4().hex}", ContentFile(handle.read()))
    transaction.on_commit(lambda: storage.delete(old))


def waiting_scan() -> int:
    """For the daily sweep: every version still waiting (clamd was away longer than the task's
    retries) is queued for its scan again."""
    ids = list(DocumentVersion.objects.filter(scan=Scan.WAITING).values_list("pk", flat=True))
    for version_id in ids:
        scan_version.enqueue(version_id)
    return len(ids)
