"""Documents for library tests: real PDF and Word files with known text on known pages."""

from __future__ import annotations

import io

from django.utils.html import escape


def pdf_with_pages(pages: list[str]) -> bytes:
    from casereview.documents.render import html_to_pdf

    body = "".join(f'<section style="break-after: page"><p>{escape(text)}</p></section>' for text in pages)
    return html_to_pdf(f"<!doctype html><html lang='en'><head><title>Test</title></head><body>{body}</body></html>",
                       stylesheet="css/document.css")


def docx_with_parts(parts: list[str]) -> bytes:
    import docx
    from docx.enum.text import WD_BREAK

    document = docx.Document()
    for number, text in enumerate(parts):
        paragraph = document.add_paragraph(text)
        if number < len(parts) - 1:
            paragraph.add_run().add_break(WD_BREAK.PAGE)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def add_document(partnership, by, *, title: str, pages: list[str], kind: str = "local_review", year: int = 2024,
                 listed: bool = True, summary: str = "A review from another partnership."):
    """Uploads a PDF through the service, reads it as the task would, and lists it."""
    from casereview.library import services

    document = services.document_upload(
        partnership=partnership, by=by, content=pdf_with_pages(pages), filename="review.pdf",
        data={"title": title, "publisher": "Another partnership", "kind": kind, "published_year": year,
              "published_month": 3, "summary": summary, "origin": "other_partnership"})
    assert services.document_read(document.pk) == "done"
    if listed:
        services.document_list(document=document, by=by, listed=True)
    document.refresh_from_db()
    return document
