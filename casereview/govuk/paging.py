"""A page of a long, sorted list, read as ids first and then only the page's own rows.

Sorting tens of thousands of rows with all their joined columns, to keep fifty or two hundred,
cost most of a page's time (the tracker over 20,000 cases, a chronology of 24,000 entries). The
sort runs over ids alone; the page's rows are then read with their joins."""

from __future__ import annotations

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet


def page_of(queryset: QuerySet, per_page: int, number, *, count: int | None = None) -> tuple[Page, list]:
    page = page_only(queryset, per_page, number, count=count)
    return page, rows_of(queryset, page)


def page_only(queryset: QuerySet, per_page: int, number, *, count: int | None = None) -> Page:
    """The page, its ids not yet read: for a caller that may already have kept its rows."""
    paginator = Paginator(queryset.values_list("pk", flat=True), per_page)
    if count is not None:
        paginator.__dict__["count"] = count  # Paginator.count is a cached property: a count already known
    return paginator.get_page(number)


def rows_of(queryset: QuerySet, page: Page) -> list:
    """The page's rows, read by id with the queryset's joins, in the page's order."""
    ids = list(page)
    found = {row.pk: row for row in queryset.filter(pk__in=ids)}
    return [found[pk] for pk in ids if pk in found]
