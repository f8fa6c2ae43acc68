"""Opening a subject access request, searching for the person, and exporting the bundle the
business unit manager reviewed: one PDF of every record chosen, third parties redacted, and the
original files, in one ZIP, with its own audit record."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from casereview.audit.models import Action
from casereview.audit.services import audit_record
from casereview.documents.render import Document, Heading, Para, Table, to_pdf
from casereview.govuk.formatting import format_date
from casereview.govuk.wording import problem
from casereview.partnerships.access import has_capability
from casereview.subjectaccess import search
from casereview.subjectaccess.models import SubjectAccessRequest  # noqa: F401 (the pages and tests use it)

REDACTED = "[redacted]"


def answers(user, partnership_id: int) -> bool:
    return has_capability(user, partnership_id, "answer_subject_access")


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


@transaction.atomic
def request_open(*, partnership, by, full_name: str, other_names: str, date_of_birth: date | None,
                 received_on: date) -> SubjectAccessRequest:
    _require(answers(by, partnership.pk))
    if not full_name.strip():
        raise ValidationError({"full_name": problem("Enter the person's full name", "enter_full_name")})
    if received_on > timezone.localdate():
        raise ValidationError({"received_on": problem("The date received cannot be in the future", "received_future")})
    sar = SubjectAccessRequest.objects.create(
        partnership=partnership, full_name=full_name.strip()[:200], other_names=other_names.strip()[:300],
        date_of_birth=date_of_birth, received_on=received_on, created_by=by)
    audit_record(action=Action.CREATE, actor=by, target=sar, partnership=partnership, code="subjectaccess.opened",
                 params={"number": sar.pk, "received_on": received_on.isoformat()})
    return sar


def request_search(*, sar: SubjectAccessRequest, by) -> list[search.Hit]:
    """What the search finds; reading it is a view of identifying details, and audited as one."""
    _require(answers(by, sar.partnership_id))
    hits = search.search(sar)
    audit_record(action=Action.VIEW_IDENTITY, actor=by, target=sar, partnership_id=sar.partnership_id,
                 code="subjectaccess.searched", params={"number": sar.pk, "hits": len(hits)})
    return hits


def redact(text: str, third_parties: list[str]) -> str:
    for name in sorted(third_parties, key=len, reverse=True):
        text = re.sub(re.escape(name), REDACTED, text, flags=re.IGNORECASE)
    return text


def _safe_name(name: str) -> str:
    return re.sub(r"[^\w.\- ]", "_", name).strip() or "document"


def bundle_export(*, sar: SubjectAccessRequest, by, chosen: set[str], third_parties: list[str],
                  found: list[search.Hit] | None = None) -> bytes:
    """The ZIP: bundle.pdf with every chosen record, third-party names replaced, and each chosen
    document's original file. `found` is the search the manager just reviewed; without it the
    records are searched afresh."""
    _require(answers(by, sar.partnership_id))
    third_parties = [t.strip() for t in third_parties if t.strip()]
    hits = [hit for hit in (search.search(sar) if found is None else found) if hit.key in chosen]
    if not hits:
        raise ValidationError({"chosen": problem("Choose at least one record to release", "choose_a_record")})
    files = [hit for hit in hits if hit.version is not None]
    document = Document(title=f"Subject access request {sar.pk}", partnership=sar.partnership.name,
                        subtitle=f"Information held about {sar.full_name}, received {format_date(sar.received_on)}"
                                 f", released {format_date(timezone.localdate())}")
    document.add(Para("This bundle holds what the safeguarding partnership's case review records say about you. "
                      "Information about other people has been removed and is shown as [redacted]."))
    for reference in sorted({hit.reference for hit in hits}):
        document.add(Heading(f"Case {reference}"))
        document.add(Table(["Record", "Where", "What it says"],
                           [[hit.kind, redact(hit.where, third_parties), redact(hit.text, third_parties)]
                            for hit in hits if hit.reference == reference]))
    if files:
        document.add(Heading("Original documents"), Para("These files are enclosed as the partnership holds them."),
                     Table(["Case", "Document", "File"], [[h.reference, h.where, f"originals/{h.reference}/"
                                                           f"{_safe_name(h.version.download_name)}"] for h in files]))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("bundle.pdf", to_pdf(document))
        for hit in files:
            with hit.version.file.open("rb") as handle:
                archive.writestr(f"originals/{hit.reference}/{_safe_name(hit.version.download_name)}", handle.read())
    with transaction.atomic():
        SubjectAccessRequest.objects.filter(pk=sar.pk).update(exported_at=timezone.now(), exported_by=by,
                                                                  exports=sar.exports + 1)
        audit_record(action=Action.EXPORT, actor=by, target=sar, partnership_id=sar.partnership_id,
                     code="subjectaccess.exported", params={"number": sar.pk, "items": len(hits),
                                                            "files": len(files), "redacted": len(third_parties)})
    return buffer.getvalue()
