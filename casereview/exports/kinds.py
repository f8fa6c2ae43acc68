"""What differs between the kinds of file the worker makes: who may have it, what it is called,
where the person came from, and how it is made. Everything else (progress, expiry, audit,
download) is the same for every kind (ADR 0020)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.urls import reverse

from casereview.exports.models import Export


@dataclass(frozen=True)
class Description:
    noun: str  # "the merged chronology", in sentences such as "Downloaded … as PDF"
    unit: str  # what `done` and `total` count
    size: str  # for the audit record and the finished page: "24,000 entries"
    back_text: str
    back_href: str
    caption: str
    file_name: str
    sensitive: bool  # holds details of a child and family


def _counted(n: int, one: str, many: str) -> str:
    return f"{n:,} {one if n == 1 else many}"


def period(export: Export) -> tuple[date, date]:
    return date.fromisoformat(export.params["start"]), date.fromisoformat(export.params["end"])


def allowed(export: Export, person) -> bool:
    """Whether the person may still have this file: checked when it is asked for, made and fetched."""
    if export.kind == Export.Kind.CHRONOLOGY:
        from casereview.contributions import access

        return access.chronology_scope(person, export.case) is not None
    from casereview.partnerships.access import has_capability

    return has_capability(person, export.partnership_id, "view_dashboard")


def describe(export: Export) -> Description:
    if export.kind == Export.Kind.CHRONOLOGY:
        case = export.case
        return Description(
            noun="the merged chronology", unit="entries", size=_counted(export.total, "entry", "entries"), back_text="Back to the chronology",
            back_href=reverse("contributions:chronology", args=[case.reference]),
            caption=f"{case.reference} {case.pseudonym}",
            # Named by the case reference, which identifies no one.
            file_name=f"{case.reference}-chronology.{export.fmt}", sensitive=True)
    start, end = period(export)
    slug = export.partnership.slug
    return Description(
        noun=f"the yearly report figures ({start} to {end})", unit="steps",
        size=_counted(export.params.get("cases", 0), "case", "cases"), back_text="Back to the dashboard",
        back_href=reverse("learning:dashboard", args=[slug]) + "?" + "&".join(
            f"{name}-{part}={getattr(day, part)}" for name, day in (("start", start), ("end", end))
            for part in ("day", "month", "year")),
        caption=export.partnership.name, file_name=f"{slug}-yearly-report-{start}-{end}.{export.fmt}",
        sensitive=False)
