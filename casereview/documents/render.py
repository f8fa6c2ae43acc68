"""One rendering module for every document the service produces (rapid review report, terms of
reference, draft and final report, redaction log): the same data becomes DOCX and tagged PDF
in one house style, with the partnership's name on every page."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.template.loader import render_to_string
from django.utils import timezone

from casereview.documents import docx_html, file_checks
from casereview.govuk.formatting import format_date
from casereview.govuk.text import xml_safe


@dataclass
class Heading:
    text: str
    level: int = 2
    anchor: str = ""  # given by Document.add to each section heading, for the contents
    comments: list[tuple[str, str]] = field(default_factory=list)  # (author, text): Word comments on it


@dataclass
class Para:
    text: str


@dataclass
class Html:
    """Sanitised report HTML (ADR 0023). With a section number, its paragraphs are numbered "3.1" …"""

    html: str
    number: int | None = None

    @property
    def shown(self) -> str:
        return number_paragraphs(self.html, self.number) if self.number is not None else self.html


@dataclass
class Table:
    head: list[str]
    rows: list[list[str]]


@dataclass
class Cover:
    """A published document's first page: under the logo, partnership and title, the facts a reader
    looks for first ("Published: 15 June 2026")."""

    facts: list[tuple[str, str]]


@dataclass
class Document:
    title: str
    partnership: str
    subtitle: str = ""
    marking: str = "OFFICIAL-SENSITIVE"
    blocks: list = field(default_factory=list)
    logo: bytes | None = None
    logo_type: str = ""
    cover: Cover | None = None
    contents: bool = False  # a contents list of the section headings, with page numbers in the PDF

    def __post_init__(self):
        # A logo stored before its dimensions were checked is left off rather than decoded.
        if self.logo:
            try:
                file_checks.check_image(bytes(self.logo), file_checks.LOGO)
            except file_checks.UnsafeFile:
                self.logo, self.logo_type = None, ""

    @property
    def logo_data_uri(self) -> str:
        import base64

        return f"data:image/{self.logo_type};base64,{base64.b64encode(self.logo).decode()}" if self.logo else ""

    def add(self, *blocks) -> Document:
        for block in blocks:
            if isinstance(block, Heading) and block.level == 2 and not block.anchor:
                block.anchor = f"section-{len(self.outline) + 1}"
            self.blocks.append(block)
        return self

    @property
    def outline(self) -> list[tuple[str, str]]:
        """(anchor, text) of each section heading, in order."""
        return [(b.anchor, b.text) for b in self.blocks if isinstance(b, Heading) and b.level == 2]


_CONTAINERS = {"li", "td", "th", "blockquote", "table"}


def number_paragraphs(html: str, section: int) -> str:
    """Numbers the paragraphs of a section "3.1", "3.2" … so a published report can be cited by
    paragraph. Paragraphs inside lists and tables belong to the paragraph before them."""
    out, depth, number, last = [], 0, 0, 0
    for tag in re.finditer(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)[^>]*>", html):
        closing, name = tag.group(1) == "/", tag.group(2).lower()
        if name in _CONTAINERS:
            depth += -1 if closing else 1
        elif name == "p" and not closing and depth == 0:
            number += 1
            out.append(html[last:tag.end()])
            out.append(f'<span class="app-document__para-number">{section}.{number}</span> ')
            last = tag.end()
    out.append(html[last:])
    return "".join(out)


def to_docx(document: Document) -> bytes:
    from docx import Document as Docx
    from docx.shared import Pt

    out = Docx()
    styles = out.styles
    styles["Normal"].font.name = "Arial"
    styles["Normal"].font.size = Pt(11)
    for name in ("Title", "Heading 1", "Heading 2", "Heading 3"):
        styles[name].font.name = "Arial"
    section = out.sections[0]
    header = section.header.paragraphs[0]
    if document.logo:
        from docx.shared import Cm

        header.add_run().add_picture(io.BytesIO(bytes(document.logo)), height=Cm(1.2))
        header.add_run("    ")
    header.add_run(xml_safe(f"{document.partnership}    {document.marking}"))
    section.footer.paragraphs[0].text = xml_safe(f"{document.title}, produced {format_date(timezone.localdate())}")
    out.core_properties.title = xml_safe(document.title)
    out.core_properties.author = xml_safe(document.partnership)
    out.add_heading(xml_safe(document.title), level=0)
    if document.subtitle:
        out.add_paragraph(xml_safe(document.subtitle))
    if document.cover:
        for label, value in document.cover.facts:
            fact = out.add_paragraph()
            fact.add_run(xml_safe(f"{label}: ")).bold = True
            fact.add_run(xml_safe(value))
        out.add_page_break()
    if document.contents:
        out.add_heading("Contents", level=1)
        for number, (_, text) in enumerate(document.outline, start=1):
            out.add_paragraph(xml_safe(f"{number}. {text}"))
        out.add_page_break()
    writer = docx_html.Writer(out)
    for block in document.blocks:
        if isinstance(block, Heading):
            heading = out.add_heading(xml_safe(block.text), level=min(max(block.level - 1, 1), 3))
            for author, text in block.comments:
                out.add_comment(heading.runs, text=xml_safe(text), author=xml_safe(author),
                                initials="".join(w[0] for w in author.split()[:3]))
        elif isinstance(block, Para):
            for line in block.text.split("\n\n"):
                out.add_paragraph(xml_safe(line))
        elif isinstance(block, Html):
            writer.html(block.html, block.number)
        elif isinstance(block, Table):
            table = out.add_table(rows=1, cols=len(block.head))
            table.style = "Table Grid"
            for cell, text in zip(table.rows[0].cells, block.head, strict=True):
                cell.text = xml_safe(text)
                for run in cell.paragraphs[0].runs:
                    run.bold = True
            for row in block.rows:
                for cell, text in zip(table.add_row().cells, row, strict=True):
                    cell.text = xml_safe(str(text))
    writer.finish()
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()


def to_html(document: Document, *, for_pdf: bool = False) -> str:
    return render_to_string("documents/document.html", {"doc": document, "for_pdf": for_pdf,
                                                        "produced": timezone.localdate()})


def to_fragment(document: Document) -> str:
    """Just the document's body, for showing inside a page of the service (the public library)."""
    return render_to_string("documents/_blocks.html", {"doc": document})


def html_to_pdf(html: str, *, stylesheet: str, tagged: bool = True) -> bytes:
    """The one place the service runs WeasyPrint. Tagged PDF (PDF/UA-1) unless told otherwise; the
    stylesheet (a static path) is given to the renderer directly, and it may fetch nothing but
    embedded data: images."""
    from django.contrib.staticfiles import finders
    from weasyprint import CSS, HTML
    from weasyprint.urls import URLFetcher

    class NothingFromOutside(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("data:image/"):
                return super().fetch(url, headers)
            raise ValueError(f"refused to fetch {url}")

    css = CSS(filename=str(Path(finders.find(stylesheet))))
    return HTML(string=html, url_fetcher=NothingFromOutside()).write_pdf(
        stylesheets=[css], pdf_variant="pdf/ua-1" if tagged else None)


def to_pdf(document: Document) -> bytes:
    """The same HTML the print view shows, in the house style."""
    return html_to_pdf(to_html(document, for_pdf=True), stylesheet="css/document.css")
