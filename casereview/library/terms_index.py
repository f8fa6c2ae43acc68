"""Writing a page's word counts (PageTerm) beside its analysed text, so ranking reads counts by word."""

from __future__ import annotations

from collections import Counter

from casereview.library.models import DocumentPage, PageTerm


def rows_for(page: DocumentPage) -> list[PageTerm]:
    counts = Counter(page.index_text.split())
    return [PageTerm(page_id=page.pk, document_id=page.document_id, number=page.number, length=page.length,
                     term=term[:64], count=count) for term, count in counts.items()]


def write(pages: list[DocumentPage]) -> None:
    """The pages' counts, replacing any they had. Pages must be saved (have ids)."""
    PageTerm.objects.filter(page_id__in=[p.pk for p in pages]).delete()
    rows = [row for page in pages for row in rows_for(page)]
    PageTerm.objects.bulk_create(rows, batch_size=2000)
