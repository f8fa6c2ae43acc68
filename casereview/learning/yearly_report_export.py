"""The yearly report figures as a file made by the task worker (an export kind, exports.kinds),
for a partnership whose period holds more cases than a request should wait for (ADR 0020)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from casereview.documents import render as documents
from casereview.exports import kinds
from casereview.exports.models import Export
from casereview.exports.services import export_request, progress_record
from casereview.learning import dashboard, outputs
from casereview.partnerships.access import has_capability

# Working out the figures, laying out the document, writing the file.
STEPS = 3


def yearly_report_export_request(*, partnership, start: date, end: date, fmt: str, cases: int, by,
                                 framework: str | None = None) -> Export:
    return export_request(Export(kind=Export.Kind.YEARLY_REPORT, fmt=fmt, requested_by=by, partnership=partnership,
                                 params={"start": start.isoformat(), "end": end.isoformat(), "cases": cases,
                                         **({"framework": framework} if framework else {})},
                                 total=STEPS))


def period(export: Export) -> tuple[date, date]:
    return date.fromisoformat(export.params["start"]), date.fromisoformat(export.params["end"])


def allowed(export: Export, person) -> bool:
    return has_capability(person, export.partnership_id, "view_dashboard")


def describe(export: Export) -> kinds.Description:
    start, end = period(export)
    slug = export.partnership.slug
    return kinds.Description(
        noun=f"the yearly report figures ({start} to {end})", unit="steps",
        size=kinds.counted(export.params.get("cases", 0), "case", "cases"), back_text="Back to the dashboard",
        back_href=reverse("learning:dashboard", args=[slug]) + "?" + "&".join(
            f"{name}-{part}={getattr(day, part)}" for name, day in (("start", start), ("end", end))
            for part in ("day", "month", "year")),
        caption=export.partnership.name, file_name=f"{slug}-yearly-report-{start}-{end}.{export.fmt}",
        sensitive=False, count=export.params.get("cases", 0), period=(start, end))


def build(export: Export, target: Path) -> int:
    if not allowed(export, export.requested_by):
        raise PermissionDenied  # their role ended after they asked
    start, end = period(export)
    figures = dashboard.figures(export.partnership, start, end, timezone.localdate(), export.params.get("framework"))
    progress_record(export.pk, 1)
    document = outputs.yearly_report(export.partnership, start, end, figures)
    progress_record(export.pk, 2)
    target.write_bytes(documents.to_docx(document) if export.fmt == "docx" else documents.to_pdf(document))
    return STEPS


KIND = kinds.Kind(Export.Kind.YEARLY_REPORT, allowed, describe, build)
