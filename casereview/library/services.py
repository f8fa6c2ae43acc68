"""Changes to the library: seeding, uploads and their text, editing, themes and listing.
Each service is one transaction and leaves an audit event."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from casereview.audit.models import Action
from casereview.audit.services import audit_record
from casereview.documents import scanning
from casereview.govuk.wording import problem
from casereview.library import extract, terms_index
from casereview.library.analysis import index_text
from casereview.library.models import (
    DocumentPage,
    Extraction,
    Kind,
    LibraryDocument,
    Origin,
    Theme,
    ThemeTag,
)
from casereview.library.rules import can_attach_official, can_manage
from casereview.library.suggest import ThemeWords, suggest
from casereview.partnerships.access import has_capability, has_site_capability

DATA = Path(__file__).parent / "data"
PANEL = "Child Safeguarding Practice Review Panel"


def _stale(what: str) -> ValidationError:
    return problem("Someone else changed this %(what)s while you were editing it. Your "
                   "changes have not been saved: check theirs below and make yours "
                   "again.", "stale", what=what)


def _unique_slug(title: str, exclude: int | None = None) -> str:
    base = slugify(title)[:100] or "document"
    slug, n = base, 1
    while LibraryDocument.objects.filter(slug=slug).exclude(pk=exclude).exists():
        n += 1
        slug = f"{base[:95]}-{n}"
    return slug


def card_text(document: LibraryDocument) -> str:
    """What page 0 shows in snippets: the summary, key messages, recommendations and themes."""
    themes = list(document.theme_tags.filter(status=ThemeTag.Status.CONFIRMED, theme__is_active=True)
                  .order_by("theme__label").values_list("theme__label", flat=True))
    parts = [document.summary, *document.key_messages, *document.recommendations,
             ("Themes: " + "; ".join(themes) + ".") if themes else ""]
    return "\n".join(p for p in parts if p)


def _write_card(document: LibraryDocument) -> None:
    # The title and publisher are searched too, but a snippet should show what the document says.
    text = card_text(document)
    analysed = index_text("\n".join([document.title, document.publisher, text]))
    card, _ = DocumentPage.objects.update_or_create(document=document, number=0, defaults={
        "text": text, "index_text": analysed, "length": len(analysed.split())})
    terms_index.write([card])
    _vector_later(document)


def _vector_later(document: LibraryDocument) -> None:
    """What the document is about changed: the task worker works out its vector again."""
    from casereview.library.tasks import refresh_document_vector

    transaction.on_commit(lambda: refresh_document_vector.enqueue(document.pk))


def _write_pages(document: LibraryDocument, pages: list[str]) -> None:
    document.pages.filter(number__gt=0).delete()
    rows = []
    for number, text in enumerate(pages, start=1):
        analysed = index_text(text)
        rows.append(DocumentPage(document=document, number=number, text=text, index_text=analysed,
                                 length=len(analysed.split())))
    DocumentPage.objects.bulk_create(rows, batch_size=200)
    # SQLite's bulk insert returns no ids: read them back to write the pages' word counts.
    terms_index.write(list(document.pages.filter(number__gt=0)))
    document.page_count = len(pages)


# --- the vocabulary and the Panel's publications ------------------------------------------

def themes_seed() -> int:
    """Adds the starting vocabulary's themes that are missing. Never overwrites an edit."""
    # The children's vocabulary, then the adults' and domestic abuse themes as groups of their own.
    entries = [entry for name in ("themes.json", "themes_adults_domestic.json")
               for entry in json.loads((DATA / name).read_text())]
    existing = set(Theme.objects.values_list("slug", flat=True))
    Theme.objects.bulk_create([
        Theme(slug=e["id"], group=e["group"], label=e["label"], definition=e["definition"], triggers=e["triggers"])
        for e in entries if e["id"] not in existing
    ])
    return len([e for e in entries if e["id"] not in existing])


def national_panel_seed() -> int:
    """Adds the National Panel publications that are missing, listed, with their themes confirmed
    as the reference list gives them. Documents already present are left as people edited them."""
    entries = json.loads((DATA / "national_panel.json").read_text())
    themes = {t.slug: t for t in Theme.objects.all()}
    # By address and title: several publications share an address (a newsletter reporting on three).
    present = set(LibraryDocument.objects.filter(origin=Origin.NATIONAL_PANEL).values_list("source_url", "title"))
    added = 0
    for entry in entries:
        if (entry["source_url"], entry["title"]) in present:
            continue
        document = LibraryDocument.objects.create(
            slug=_unique_slug(entry["title"]), title=entry["title"], publisher=entry["publisher"], kind=entry["kind"],
            origin=Origin.NATIONAL_PANEL, published_year=entry["year"], published_month=entry["month"],
            source_url=entry["source_url"], additional_sources=entry["additional_sources"], licence=entry["licence"],
            source_kind="official" if entry["official_source_found"] else "secondary",
            title_confirmed=entry["title_confirmed"],
            summary=entry["summary"], key_messages=entry["key_messages"], is_listed=True)
        ThemeTag.objects.bulk_create([
            ThemeTag(document=document, theme=themes[slug], status=ThemeTag.Status.CONFIRMED, confidence=None)
            for slug in entry["themes"] if slug in themes
        ])
        _write_card(document)
        added += 1
    return added


def library_seed() -> dict:
    with transaction.atomic():
        return {"themes": themes_seed(), "national_panel": national_panel_seed()}


# --- this service's own publications ------------------------------------------------------

def _case_themes(case) -> set[str]:
    slugs: set[str] = set()
    for themes in case.findings.values_list("themes", flat=True):
        slugs.update(themes or [])
    return slugs


def _record_local(*, case, kind: str, title: str, published_on, site_path: str, html: str, summary: str,
                  partnership=None, source: LibraryDocument | None = None) -> None:
    partnership = case.partnership if case is not None else partnership
    document = LibraryDocument.objects.filter(site_path=site_path).first()
    if document is None:
        document = LibraryDocument(slug=_unique_slug(title), origin=Origin.THIS_SERVICE, kind=kind,
                                   site_path=site_path, is_listed=True, licence="Open Government Licence v3.0")
    document.title, document.publisher = title, partnership.name
    document.partnership = partnership
    document.published_year, document.published_month = published_on.year, published_on.month
    document.summary = summary
    document.extraction = Extraction.DONE
    document.save()
    _write_pages(document, extract.html_sections(html))
    document.save(update_fields=["page_count"])
    themes = _case_themes(case) if case is not None else list(
        ThemeTag.objects.filter(document=source, status=ThemeTag.Status.CONFIRMED).values_list("theme__slug",
                                                                                                 flat=True))
    for theme in Theme.objects.filter(slug__in=themes):
        # The review's own findings (or the report's confirmed themes) chose these: confirmed, not suggested.
        ThemeTag.objects.update_or_create(document=document, theme=theme, defaults={
            "status": ThemeTag.Status.CONFIRMED, "confidence": None, "passages": []})
    _write_card(document)


def case_themes_refresh(case, briefing_slugs: list[str]) -> None:
    """A finding added after publication still tags the published review and its published
    briefings (whose slugs the learning app gives: they are its)."""
    from django.urls import reverse

    paths = [reverse("site:library-report", args=[slug])
             for slug in case.publications.values_list("slug", flat=True).distinct()]
    paths += [reverse("site:library-briefing", args=[slug]) for slug in briefing_slugs]
    themes = list(Theme.objects.filter(slug__in=_case_themes(case)))
    for document in LibraryDocument.objects.filter(site_path__in=paths):
        for theme in themes:
            ThemeTag.objects.update_or_create(document=document, theme=theme, defaults={
                "status": ThemeTag.Status.CONFIRMED, "confidence": None, "passages": []})
        _write_card(document)


def local_report_record(publication) -> None:
    """Called when a report (or a correction) is published, so the library always holds the
    newest edition's text."""
    from django.urls import reverse

    case = publication.case
    _record_local(case=case, kind=Kind.LOCAL_REVIEW, title=publication.title, published_on=publication.published_on,
                  site_path=reverse("site:library-report", args=[publication.slug]), html=publication.html,
                  summary=f"A review published by {publication.partnership_name}. Read the full report, with its "
                          "findings and recommendations, on its own page.")


def local_briefing_record(briefing) -> None:
    from django.urls import reverse

    _record_local(case=briefing.case, partnership=briefing.partnership, source=briefing.source,
                  kind=Kind.LEARNING_BRIEFING, title=briefing.title,
                  published_on=briefing.published_on, site_path=reverse("site:library-briefing", args=[briefing.slug]),
                  html=briefing.published_html,
                  summary=f"A {briefing.get_kind_display().lower()} published by {briefing.partnership_name}.")


# --- uploads and their text ---------------------------------------------------------------

METADATA = ("title", "publisher", "kind", "published_year", "published_month", "source_url", "licence", "summary")


def _clean_lines(value) -> list[str]:
    if isinstance(value, str):
        value = value.splitlines()
    return [line.strip().lstrip("-•* ").strip() for line in value if line.strip()][:50]


@transaction.atomic
def document_upload(*, partnership, by, content: bytes, filename: str, data: dict) -> LibraryDocument:
    """Keeps the file under a random name and queues the reading of its text. The document is
    unlisted until a person has checked it."""
    if not has_capability(by, partnership.pk, "manage_library"):
        raise PermissionDenied
    kind = _checked_file(content)
    document = LibraryDocument(
        slug=_unique_slug(data["title"]), origin=data.get("origin") or Origin.OTHER_PARTNERSHIP,
        partnership=partnership, created_by=by, file_type=kind, file_size=len(content), extraction=Extraction.WAITING,
        key_messages=_clean_lines(data.get("key_messages", "")),
        recommendations=_clean_lines(data.get("recommendations", "")),
        **{name: data.get(name) or ("" if name not in ("published_month",) else None) for name in METADATA})
    import uuid

    document.file.save(f"{uuid.uuid4().hex}.{kind}", ContentFile(content), save=False)
    document.save()
    _write_card(document)
    audit_record(action=Action.CREATE, actor=by, target=document, partnership=partnership,
                 code="library.document_added", params={"kind": kind, "kb": len(content) // 1024})
    from casereview.library.tasks import read_document

    transaction.on_commit(lambda pk=document.pk: read_document.enqueue(pk))
    return document


def document_read(document_id: int) -> str:
    """The background task's work: read the file's pages, index them and suggest themes.
    Returns the new state; a file that cannot be read leaves a message for the uploader."""
    with transaction.atomic():
        document = LibraryDocument.objects.select_for_update().filter(pk=document_id).first()
        if document is None or not document.file:
            return "missing"
        try:
            with document.file.open("rb") as handle:
                content = handle.read(extract.MAX_BYTES + 1)
            _kind, pages = extract.read_safely(content)
        except extract.Unreadable as unreadable:
            document.extraction, document.extraction_error = Extraction.FAILED, str(unreadable)[:300]
            document.save(update_fields=["extraction", "extraction_error"])
            return "failed"
        _write_pages(document, pages)
        document.extraction, document.extraction_error = Extraction.DONE, ""
        document.save(update_fields=["extraction", "extraction_error", "page_count"])
        themes_suggest(document)
        from casereview.library.similar import vector_refresh

        vector_refresh(document)
        # Recorded by the service itself: the text is new data, and what search keeps until the
        # next change (audit.kept) must not miss it.
        audit_record(action=Action.UPDATE, target=document, partnership_id=document.partnership_id,
                     code="library.document_read", params={"pages": document.page_count},
                     shared=document.partnership_id is None)
        return "done"


def themes_suggest(document: LibraryDocument) -> int:
    """Stores suggestions for themes nobody has decided on yet. Confirmed and rejected tags stay.
    Uses the trained suggester (library.theme_model) once there is one; until the first
    training has run, the trigger phrases alone."""
    from casereview.library import theme_model, theme_training

    pages = list(document.pages.order_by("number").values_list("number", "text"))
    decided = set(document.theme_tags.exclude(status=ThemeTag.Status.SUGGESTED).values_list("theme__slug", flat=True))
    document.theme_tags.filter(status=ThemeTag.Status.SUGGESTED).delete()
    themes = {t.slug: t for t in Theme.objects.filter(is_active=True)}
    trained = theme_training.current()
    if trained is not None:
        model, prototypes = trained
        suggested = theme_model.suggest_themes(prototypes.themes, model, pages, prototypes)
    else:
        suggested = suggest([ThemeWords(t.slug, t.label, tuple(t.triggers)) for t in themes.values()], pages)
        themes_retrain_later()  # the first training; later documents get all three signals
    found = [s for s in suggested if s.slug not in decided and s.slug in themes]
    ThemeTag.objects.bulk_create([
        ThemeTag(document=document, theme=themes[s.slug], status=ThemeTag.Status.SUGGESTED,
                 confidence=s.confidence, passages=s.passages) for s in found
    ])
    return len(found)


def themes_retrain_later() -> None:
    """People's confirmations and rejections teach the suggester: retrain once this commits.
    The task does nothing if another run has already learned from every decision."""
    from casereview.library.tasks import retrain_themes

    transaction.on_commit(retrain_themes.enqueue)


@transaction.atomic
def official_source_attach(*, document: LibraryDocument, by, content: bytes, url: str) -> LibraryDocument:
    """The official PDF or Word file and its address, on an existing record: the file is read page
    by page in the background (its pages become searchable), the summary and key messages stay,
    and the record says it now rests on the official publication. An earlier address is kept
    among the additional ones."""
    locked = LibraryDocument.objects.select_for_update().get(pk=document.pk)
    if not can_attach_official(by, locked):
        raise PermissionDenied
    kind = _checked_file(content)
    url = url.strip()
    if locked.source_url and locked.source_url != url and locked.source_url not in locked.additional_sources:
        locked.additional_sources = [locked.source_url, *locked.additional_sources]
    locked.source_url, locked.source_kind = url, "official"
    import uuid

    locked.file.save(f"{uuid.uuid4().hex}.{kind}", ContentFile(content), save=False)
    locked.file_type, locked.file_size, locked.extraction, locked.extraction_error = (
        kind, len(content), Extraction.WAITING, "")
    locked.lock_version += 1
    locked.save()
    audit_record(action=Action.UPDATE, actor=by, target=locked, partnership_id=locked.partnership_id,
                 shared=locked.partnership_id is None,
                 code="library.official_attached")
    from casereview.library.tasks import read_document

    transaction.on_commit(lambda: read_document.enqueue(locked.pk))
    return locked


def _checked_file(content: bytes) -> str:
    """The file's type once it has passed the size, type and structure checks; else a clear error."""
    if len(content) > extract.MAX_BYTES:
        raise ValidationError({"file": problem("The file must be smaller than %(mb)s MB",
                                               "the_file_must_be_smaller", mb=extract.MAX_BYTES // (1024 * 1024))})
    if not extract.detect_type(content[:8]):
        raise ValidationError({"file": problem("The selected file must be a PDF or a Word document (.docx)",
                                               "the_selected_file_must_be")})
    scanning.refuse_malware(content)
    try:
        return extract.check(content)
    except extract.Unreadable as unreadable:
        raise ValidationError({"file": str(unreadable)}) from None


# --- editing ------------------------------------------------------------------------------

@transaction.atomic
def document_update(*, document: LibraryDocument, by, data: dict, expected_version: int) -> LibraryDocument:
    locked = LibraryDocument.objects.select_for_update().get(pk=document.pk)
    if not can_manage(by, locked):
        raise PermissionDenied
    if locked.lock_version != expected_version:
        raise _stale("document")
    changed = []
    for name in METADATA:
        if name in data and getattr(locked, name) != data[name]:
            setattr(locked, name, data[name] if data[name] is not None or name == "published_month" else "")
            changed.append(name)
    for name in ("key_messages", "recommendations"):
        if name in data:
            lines = _clean_lines(data[name])
            if lines != getattr(locked, name):
                setattr(locked, name, lines)
                changed.append(name)
    locked.lock_version += 1
    locked.save()
    _write_card(locked)
    audit_record(action=Action.UPDATE, actor=by, target=locked, partnership_id=locked.partnership_id,
                 shared=locked.partnership_id is None, code="library.document_changed", params={"fields": changed})
    return locked


@transaction.atomic
def document_list(*, document: LibraryDocument, by, listed: bool) -> None:
    document = LibraryDocument.objects.select_for_update().get(pk=document.pk)
    if not can_manage(by, document):
        raise PermissionDenied
    if listed and document.extraction == Extraction.WAITING:
        raise problem("Wait until the file has been read before listing the document", "wait_until_the_file_has")
    if listed and not document.summary.strip():
        raise problem("Write a summary before listing the document: people choose what to read from it",
                      "write_a_summary_before_listing")
    LibraryDocument.objects.filter(pk=document.pk).update(is_listed=listed)
    audit_record(action=Action.STATE_CHANGE, actor=by, target=document,
                 partnership_id=document.partnership_id, shared=document.partnership_id is None,
                 code="library.listed" if listed else "library.unlisted")


@transaction.atomic
def tag_decide(*, tag: ThemeTag, by, status: str) -> ThemeTag:
    if not can_manage(by, tag.document):
        raise PermissionDenied
    if status not in (ThemeTag.Status.CONFIRMED, ThemeTag.Status.REJECTED):
        raise problem("Choose whether to confirm or reject the theme", "choose_whether_to_confirm_or")
    tag.status, tag.decided_by, tag.decided_at = status, by, timezone.now()
    tag.save(update_fields=["status", "decided_by", "decided_at"])
    _write_card(tag.document)
    themes_retrain_later()
    audit_record(action=Action.UPDATE, actor=by, target=tag.document,
                 partnership_id=tag.document.partnership_id, shared=tag.document.partnership_id is None,
                 code="library.tag_decided", params={"status": tag.status, "theme": tag.theme.label})
    return tag


@transaction.atomic
def tag_add(*, document: LibraryDocument, theme: Theme, by) -> ThemeTag:
    if not can_manage(by, document):
        raise PermissionDenied
    tag, _ = ThemeTag.objects.update_or_create(document=document, theme=theme, defaults={
        "status": ThemeTag.Status.CONFIRMED, "decided_by": by, "decided_at": timezone.now()})
    _write_card(document)
    themes_retrain_later()
    audit_record(action=Action.UPDATE, actor=by, target=document,
                 partnership_id=document.partnership_id, shared=document.partnership_id is None, code="library.tagged",
                 params={"theme": theme.label})
    return tag


# --- the vocabulary -----------------------------------------------------------------------

@transaction.atomic
def theme_save(*, by, data: dict, theme: Theme | None = None, expected_version: int | None = None) -> Theme:
    if not has_site_capability(by, "manage_themes"):
        raise PermissionDenied
    triggers = sorted({t.strip() for t in _clean_lines(data.get("triggers", "")) if len(t.strip()) <= 80})
    if theme is None:
        slug = slugify(data["label"])[:60]
        if Theme.objects.filter(slug=slug).exists():
            raise ValidationError({"label": problem("A theme with this name already exists", "a_theme_with_this_name")})
        theme = Theme.objects.create(slug=slug, group=data["group"], label=data["label"],
                                     definition=data["definition"], triggers=triggers)
        code = "library.theme_added"
    else:
        locked = Theme.objects.select_for_update().get(pk=theme.pk)
        if locked.lock_version != expected_version:
            raise _stale("theme")
        locked.group, locked.label, locked.definition = data["group"], data["label"], data["definition"]
        locked.triggers, locked.is_active = triggers, data.get("is_active", True)
        locked.lock_version += 1
        locked.save()
        theme = locked
        code = "library.theme_changed"
    audit_record(action=Action.UPDATE, actor=by, target=theme, code=code, params={"theme": theme.label}, shared=True)
    return theme
