"""The merged chronology as a file made by the task worker (an export kind, exports.kinds), with
bounded memory: rows are streamed from the database in batches, and a long PDF is rendered a
chunk at a time and the chunks joined with pypdf (ADR 0020)."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from dataclasses import asdict
from datetime import date
from pathlib import Path

from django.contrib.staticfiles import finders
from django.core.exceptions import PermissionDenied
from django.template.loader import get_template
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader, PdfWriter

from casereview.cases import frameworks
from casereview.contributions import queries, rules
from casereview.contributions.exports import to_docx, to_pdf, to_xlsx
from casereview.exports import kinds
from casereview.exports.models import Export
from casereview.exports.services import export_request, progress_record

# Rows between progress updates and database batches; entries per PDF chunk.
BATCH = 1000
PDF_CHUNK = 400  # WeasyPrint's time per entry grows with the document; 400 keeps it near its least


def chronology_export_request(*, case, fmt: str, filters: queries.ChronologyFilters, entry_count: int, by) -> Export:
    params = {key: (value.isoformat() if isinstance(value, date) else getattr(value, "pk", value))
              for key, value in asdict(filters).items()}
    return export_request(Export(kind=Export.Kind.CHRONOLOGY, fmt=fmt, requested_by=by, case=case,
                                 partnership_id=case.partnership_id, params=params, total=entry_count))


def allowed(export: Export, person) -> bool:
    return rules.chronology_scope(person, export.case) is not None


def describe(export: Export) -> kinds.Description:
    case = export.case
    return kinds.Description(
        noun="the merged chronology", unit="entries", size=kinds.counted(export.total, "entry", "entries"),
        back_text="Back to the chronology", back_href=reverse("contributions:chronology", args=[case.reference]),
        caption=f"{case.reference} {case.pseudonym}",
        # Named by the case reference, which identifies no one.
        file_name=f"{case.reference}-chronology.{export.fmt}", sensitive=True,
        made_in_parts=export.fmt == "pdf" and export.total > PDF_CHUNK, count=export.total)


def _entries(export: Export):
    scope = rules.chronology_scope(export.requested_by, export.case)
    if scope is None:
        raise PermissionDenied  # their access ended after they asked
    p = export.params
    filters = queries.ChronologyFilters(
        agency=p.get("agency"), date_from=date.fromisoformat(p["date_from"]) if p.get("date_from") else None,
        date_to=date.fromisoformat(p["date_to"]) if p.get("date_to") else None, child_seen=p.get("child_seen") or "",
        key_episodes_only=bool(p.get("key_episodes_only")), keyword=p.get("keyword") or "")
    return queries.merged_entries(export.case, scope, filters)


def _counted(export: Export, entries) -> Iterator:
    """The entries in order, read a batch at a time, recording progress between batches.

    No statement stays open while progress is written: on SQLite a connection that holds a read
    snapshot cannot then write once anyone else has written ("database is locked"), so the ids are
    read first (24,000 integers) and the rows fetched by id, a batch per query."""
    ids = list(entries.values_list("pk", flat=True))
    done = 0
    for start in range(0, len(ids), BATCH):
        batch = ids[start:start + BATCH]
        found = {entry.pk: entry for entry in entries.filter(pk__in=batch)}
        for pk in batch:
            if pk in found:
                yield found[pk]
        done += len(batch)
        progress_record(export.pk, done)


def build(export: Export, target: Path) -> int:
    entries = _entries(export)
    total = entries.count()
    Export.objects.filter(pk=export.pk).update(total=total)
    maker = {"xlsx": _xlsx, "docx": _docx, "pdf": _pdf, "html": _html}[export.fmt]
    maker(export, entries, target, total)
    return total


def _xlsx(export, entries, target: Path, total: int) -> None:
    target.write_bytes(to_xlsx(_counted(export, entries), person=frameworks.of(export.case).person))


def _docx(export, entries, target: Path, total: int) -> None:
    target.write_bytes(to_docx(_counted(export, entries), case=export.case))


def _print_context(export: Export, total: int, **extra) -> dict:
    return {"case": export.case, "entry_count": total, "printed_at": timezone.now(), **extra}


def _html(export, entries, target: Path, total: int) -> None:
    # Jinja's generate() yields the page piece by piece: it is written as it is made.
    template = get_template("contributions/print.html").template
    css = Path(finders.find("css/print.css")).read_text(encoding="utf-8")
    with target.open("w", encoding="utf-8") as out:
        for piece in template.generate(_print_context(export, total, entries=_counted(export, entries), pdf=False,
                                                      standalone=True, inline_css=css)):
            out.write(piece)


def _pdf(export, entries, target: Path, total: int) -> None:
    with tempfile.TemporaryDirectory(prefix="export-") as work:
        parts: list[Path] = []
        chunk: list = []
        pages = 0
        template = get_template("contributions/print.html")
        chunked = total > PDF_CHUNK

        def flush() -> None:
            nonlocal chunk, pages
            html = template.render(_print_context(export, total, entries=chunk, pdf=True, first=not parts,
                                                  page_offset=pages if chunked else None))
            part = Path(work) / f"{len(parts):05d}.pdf"
            # Joining parts keeps their pages but not their tag trees (pypdf), and cloning those trees
            # took a gigabyte at 24,000 entries: a PDF made in parts is untagged, and the status
            # page offers the print layout and Word file as the accessible versions (ADR 0020).
            part.write_bytes(to_pdf(html, tagged=not chunked))
            parts.append(part)
            pages += len(PdfReader(str(part)).pages)
            chunk = []

        for entry in _counted(export, entries):
            chunk.append(entry)
            if len(chunk) == PDF_CHUNK:
                flush()
        if chunk or not parts:
            flush()
        writer = PdfWriter()
        for part in parts:
            writer.append(str(part))
        with target.open("wb") as out:
            writer.write(out)


KIND = kinds.Kind(Export.Kind.CHRONOLOGY, allowed, describe, build)
