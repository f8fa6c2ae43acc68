"""Finding a person in everything a partnership holds: the identifying details of every case, the
referrals, the agencies' chronologies and returns, the case's notes and meetings' minutes, family
contacts, and the case documents, their text included. Each hit names where it is and quotes it."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import date

from django.db.models import Q

from casereview.casefiles.models import CaseDocument, DocumentVersion
from casereview.casefiles.queries import latest_ready
from casereview.cases.models import CaseTransition, Referral, SubjectIdentity
from casereview.contributions.models import ChronologyEntry, EntryAnnotation, Submission
from casereview.govuk.formatting import format_date
from casereview.meetings.models import AgendaItem
from casereview.reports.models import FamilyContact
from casereview.subjectaccess.models import SubjectAccessRequest

# Where free text about people is written, by kind of record: (model, path to the case, fields, label).
TEXT_SOURCES = [
    (Referral, "case", ["description", "immediate_actions", "police_details", "incident_place"], "Referral"),
    (ChronologyEntry, "case", ["event", "child_voice", "action", "no_action_reason", "outcome", "significance",
                               "source"], "Chronology entry"),
    (EntryAnnotation, "entry__case", ["analysis"], "The review team's analysis of a chronology entry"),
    (CaseTransition, "case", ["note"], "Note on the case's history"),
    (AgendaItem, "case", ["minutes", "decision"], "Meeting minutes"),
    (FamilyContact, "case", ["member", "notes"], "Family involvement record"),
]
TEXT_TYPES = {"pdf", "docx", "txt"}
MAX_TEXT_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class Hit:
    key: str  # "model:pk", for the reviewer's choice
    kind: str
    reference: str
    where: str
    text: str
    version: DocumentVersion | None = None

    @property
    def excerpt(self) -> str:
        return self.text if len(self.text) <= 300 else self.text[:297] + "…"


def _pattern(names: list[str]) -> re.Pattern:
    return re.compile("|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)), re.IGNORECASE)


def _around(text: str, pattern: re.Pattern, width: int = 140) -> str:
    match = pattern.search(text)
    if match is None:
        return text[:width * 2]
    start, end = max(0, match.start() - width), min(len(text), match.end() + width)
    return ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")


def _any_name(fields: list[str], names: list[str]) -> Q:
    query = Q()
    for name in names:
        for field in fields:
            query |= Q(**{f"{field}__icontains": name})
    return query


def _identities(partnership_id: int, names: list[str], born: date | None) -> list[Hit]:
    query = _any_name(["full_name", "other_names"], names)
    if born:
        query |= Q(date_of_birth=born)
    hits = []
    for identity in (SubjectIdentity.objects.filter(query, subject__case__partnership_id=partnership_id)
                     .select_related("subject__case")):
        born_words = format_date(identity.date_of_birth) if identity.date_of_birth else "not recorded"
        text = (f"Name: {identity.full_name}. Other names: {identity.other_names or 'none'}. Date of birth: "
                f"{born_words}. Address: {identity.address or 'not recorded'} {identity.postcode}. Recorded as "
                f"{identity.subject.label} ({identity.subject.get_kind_display().lower()}).")
        hits.append(Hit(f"identity:{identity.pk}", "Identifying details", identity.subject.case.reference,
                        identity.subject.label, text.strip()))
    return hits


def _texts(partnership_id: int, names: list[str], pattern: re.Pattern) -> list[Hit]:
    hits = []
    for model, path, fields, label in TEXT_SOURCES:
        rows = model.objects.filter(_any_name(fields, names), **{f"{path}__partnership_id": partnership_id}) \
            .select_related(path)
        for row in rows:
            case = row
            for step in path.split("__"):
                case = getattr(case, step)
            for field in fields:
                value = str(getattr(row, field) or "")
                if pattern.search(value):
                    verbose = model._meta.get_field(field).verbose_name
                    hits.append(Hit(f"{model._meta.label_lower}:{row.pk}:{field}", label, case.reference,
                                    str(verbose).capitalize(), _around(value, pattern)))
    return hits


def _returns(partnership_id: int, pattern: re.Pattern) -> list[Hit]:
    """Agency reports keep their sections as structured data: each section is searched."""
    hits = []
    for submission in (Submission.objects.filter(request__case__partnership_id=partnership_id)
                       .exclude(data={}).select_related("request__case", "request__agency")):
        for section, value in sorted((submission.data or {}).items()):
            text = value if isinstance(value, str) else str(value)
            if pattern.search(text):
                hits.append(Hit(f"submission:{submission.pk}:{section}", "Agency return",
                                submission.request.case.reference,
                                f"{submission.request.agency.name}, {section.replace('_', ' ')}", _around(text, pattern)))
    return hits


def document_text(version: DocumentVersion) -> str:
    """The words of a PDF, Word document or text file; nothing for images and spreadsheets."""
    if version.extension not in TEXT_TYPES or version.size > MAX_TEXT_BYTES:
        return ""
    with version.file.open("rb") as handle:
        content = handle.read()
    try:
        if version.extension == "txt":
            return content.decode("utf-8", errors="replace")
        if version.extension == "pdf":
            from pypdf import PdfReader

            return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(content)).pages)
        from docx import Document

        return "\n".join(p.text for p in Document(io.BytesIO(content)).paragraphs)
    except Exception:  # noqa: BLE001 (a damaged file is still listed by its title; its text is not searched)
        return ""


def _documents(partnership_id: int, pattern: re.Pattern) -> list[Hit]:
    hits = []
    for document in (CaseDocument.objects.filter(case__partnership_id=partnership_id).select_related("case")
                     .prefetch_related("versions")):
        version = latest_ready(document)
        described = f"{document.title}\n{document.description}"
        text = document_text(version) if version else ""
        if pattern.search(described) or pattern.search(text):
            quote = _around(text, pattern) if pattern.search(text) else described.strip()
            hits.append(Hit(f"document:{document.pk}", "Case document", document.case.reference, document.title,
                            quote, version))
    return hits


def search(request: SubjectAccessRequest) -> list[Hit]:
    names = request.names
    pattern = _pattern(names)
    pid = request.partnership_id
    hits = (_identities(pid, names, request.date_of_birth) + _texts(pid, names, pattern) + _returns(pid, pattern)
            + _documents(pid, pattern))
    return sorted(hits, key=lambda h: (h.reference, h.kind, h.where))
