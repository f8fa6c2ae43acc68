"""Report HTML (the allow-list of ADR 0023) written as real Word: Heading 2 and 3 for sub-headings,
List Bullet and List Number, tables in Table Grid, links as hyperlinks, footnotes as Word footnotes
and paragraph numbers ("3.2") in their own character style, so that importing the file again
(reports.word_import) gives back the same text (ADR 0025)."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from xml.sax.saxutils import escape

from casereview.govuk.text import xml_safe

PARAGRAPH_NUMBER_STYLE = "Paragraph Number"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
FOOTNOTES_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
FOOTNOTES_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
HYPERLINK_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"


@dataclass
class Run:
    text: str = ""
    bold: bool = False
    italic: bool = False
    href: str = ""
    note: int = 0  # a footnote reference, by number
    line_break: bool = False


@dataclass
class Paragraph:
    style: str | None = None
    runs: list[Run] = field(default_factory=list)
    number: str = ""  # "3.2" for a numbered paragraph of the report


@dataclass
class Cell:
    header: bool
    paragraphs: list[Paragraph] = field(default_factory=list)
    colspan: int = 1


@dataclass
class TableBlock:
    rows: list[list[Cell]] = field(default_factory=list)


class _Reader(HTMLParser):
    """Sanitised report HTML to paragraphs, tables and footnotes."""

    def __init__(self, section_number: int | None):
        super().__init__(convert_charrefs=True)
        self.blocks: list[Paragraph | TableBlock] = []
        self.notes: dict[int, list[Paragraph]] = {}
        self.section_number = section_number
        self.numbered = 0
        self.paragraph: Paragraph | None = None
        self.bold = self.italic = 0
        self.href = ""
        self.lists: list[str] = []
        self.depth = 0  # inside a list item, cell or quotation: not a numbered paragraph
        self.table: TableBlock | None = None
        self.cell: Cell | None = None
        self.note: int = 0  # inside the note list item for this footnote number
        self.in_reference = False

    def _target(self) -> list[Paragraph]:
        if self.note:
            return self.notes.setdefault(self.note, [])
        if self.cell is not None:
            return self.cell.paragraphs
        return self.blocks

    def _start(self, style: str | None = None, numbered: bool = False) -> Paragraph:
        self.paragraph = Paragraph(style=style)
        if numbered and self.section_number is not None:
            self.numbered += 1
            self.paragraph.number = f"{self.section_number}.{self.numbered}"
        self._target().append(self.paragraph)
        return self.paragraph

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "p":
            if self.paragraph is not None and not self.paragraph.runs:
                return  # the list item, cell or note already opened its paragraph
            self._start("List Paragraph" if self.lists and not self.note and self.cell is None else None,
                        numbered=self.depth == 0 and not self.note and self.cell is None)
        elif tag in ("h3", "h4"):
            self._start("Heading 2" if tag == "h3" else "Heading 3")
        elif tag in ("ul", "ol"):
            self.lists.append(tag)
        elif tag == "li":
            self.depth += 1
            note = attributes.get("id", "") or ""
            if note.startswith("fn-") and note[3:].isdigit():
                self.note = int(note[3:])
                self._start("Footnote Text")
            else:
                self._start("List Bullet" if (self.lists or ["ul"])[-1] == "ul" else "List Number")
        elif tag == "table":
            self.table = TableBlock()
        elif tag == "tr" and self.table is not None:
            self.table.rows.append([])
        elif tag in ("td", "th") and self.table is not None:
            self.depth += 1
            if not self.table.rows:
                self.table.rows.append([])
            span = attributes.get("colspan") or "1"
            self.cell = Cell(header=tag == "th", colspan=int(span) if span.isdigit() else 1)
            self.table.rows[-1].append(self.cell)
            self._start()
        elif tag == "blockquote":
            self.depth += 1
        elif tag in ("strong", "b"):
            self.bold += 1
        elif tag in ("em", "i"):
            self.italic += 1
        elif tag == "a":
            href = attributes.get("href") or ""
            if href.startswith("#fn-") and href[4:].isdigit():
                self.in_reference = True
                self._run(Run(note=int(href[4:])))
            elif href.startswith(("https:", "mailto:")):
                self.href = href
        elif tag == "br":
            self._run(Run(line_break=True))

    def handle_endtag(self, tag):
        if tag in ("p", "h3", "h4"):
            self.paragraph = None
        elif tag in ("ul", "ol") and self.lists:
            self.lists.pop()
        elif tag == "li":
            self.depth -= 1
            self.paragraph = None
            self.note = 0
        elif tag in ("td", "th"):
            self.depth -= 1
            self.cell = None
            self.paragraph = None
        elif tag == "table" and self.table is not None:
            self.blocks.append(self.table)
            self.table = None
        elif tag == "blockquote":
            self.depth -= 1
        elif tag in ("strong", "b"):
            self.bold = max(0, self.bold - 1)
        elif tag in ("em", "i"):
            self.italic = max(0, self.italic - 1)
        elif tag == "a":
            self.in_reference = False
            self.href = ""

    def _run(self, run: Run) -> None:
        if self.paragraph is None:
            self._start(numbered=self.depth == 0 and not self.note and self.cell is None)
        self.paragraph.runs.append(run)

    def handle_data(self, data):
        if self.in_reference:
            return  # the reference's number is Word's to draw
        if not data.strip() and self.paragraph is None:
            return
        self._run(Run(text=xml_safe(data), bold=bool(self.bold), italic=bool(self.italic), href=self.href))


def read(html: str, section_number: int | None = None) -> tuple[list, dict[int, list[Paragraph]]]:
    reader = _Reader(section_number)
    reader.feed(html)
    reader.close()
    return reader.blocks, reader.notes


def _paragraphs(blocks):
    for block in blocks:
        if isinstance(block, TableBlock):
            for row in block.rows:
                for cell in row:
                    yield from cell.paragraphs
        else:
            yield block


class Writer:
    """Writes read() output into one python-docx document, and its footnotes part when it is done."""

    def __init__(self, document):
        self.document = document
        self.notes: dict[int, list[Paragraph]] = {}
        self._styles()

    def _styles(self) -> None:
        from docx.enum.style import WD_STYLE_TYPE
        from docx.shared import Pt

        styles = self.document.styles
        names = {s.name for s in styles}
        if PARAGRAPH_NUMBER_STYLE not in names:
            style = styles.add_style(PARAGRAPH_NUMBER_STYLE, WD_STYLE_TYPE.CHARACTER)
            style.font.bold = True
        if "Footnote Text" not in names:
            style = styles.add_style("Footnote Text", WD_STYLE_TYPE.PARAGRAPH)
            style.base_style = styles["Normal"]
            style.font.size = Pt(9)

    def html(self, html: str, section_number: int | None = None):
        """Writes a section; its paragraphs are numbered "N.1" … when given its number."""
        blocks, notes = read(html, section_number)
        referenced = {run.note for block in _paragraphs(blocks) for run in block.runs if run.note}
        self.notes.update({n: paragraphs for n, paragraphs in notes.items() if n in referenced})
        for block in blocks:
            if isinstance(block, TableBlock):
                self._table(block)
            else:
                self._paragraph(self.document, block)
        # A note whose reference was deleted would be invisible in Word: it stays as text at the end.
        for number in sorted(set(notes) - referenced):
            for para in notes[number]:
                self._paragraph(self.document, para)

    def _paragraph(self, container, para: Paragraph, existing=None):
        paragraph = existing if existing is not None else container.add_paragraph(style=para.style)
        if existing is not None and para.style:
            paragraph.style = para.style
        if para.number:
            paragraph.add_run(f"{para.number} ", style=PARAGRAPH_NUMBER_STYLE)
        for run in para.runs:
            self._run(paragraph, run)
        return paragraph

    def _run(self, paragraph, run: Run) -> None:
        from docx.oxml import parse_xml

        if run.note:
            paragraph._p.append(parse_xml(
                f'<w:r xmlns:w="{W}"><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
                f'<w:footnoteReference w:id="{run.note}"/></w:r>'))
        elif run.line_break:
            paragraph.add_run().add_break()
        elif run.href:
            rel = paragraph.part.relate_to(run.href, HYPERLINK_REL, is_external=True)
            styles = ("<w:b/>" if run.bold else "") + ("<w:i/>" if run.italic else "")
            paragraph._p.append(parse_xml(
                f'<w:hyperlink xmlns:w="{W}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
                f'relationships" r:id="{rel}"><w:r><w:rPr><w:color w:val="1D70B8"/><w:u w:val="single"/>{styles}'
                f'</w:rPr><w:t xml:space="preserve">{escape(run.text)}</w:t></w:r></w:hyperlink>'))
        else:
            added = paragraph.add_run(run.text)
            added.bold, added.italic = run.bold or None, run.italic or None

    def _table(self, block: TableBlock) -> None:
        columns = max((sum(c.colspan for c in row) for row in block.rows), default=1)
        table = self.document.add_table(rows=len(block.rows), cols=columns)
        table.style = "Table Grid"
        for row, cells in zip(table.rows, block.rows, strict=True):
            if cells and all(c.header for c in cells):
                from docx.oxml import parse_xml

                # A header row, repeated on each page and read back as <th> on import.
                row._tr.get_or_add_trPr().append(parse_xml(f'<w:tblHeader xmlns:w="{W}"/>'))
            column = 0
            for cell in cells:
                target = row.cells[column]
                if cell.colspan > 1 and column + cell.colspan <= columns:
                    target = target.merge(row.cells[column + cell.colspan - 1])
                for index, para in enumerate(cell.paragraphs or [Paragraph()]):
                    if cell.header:
                        for run in para.runs:
                            run.bold = True
                    self._paragraph(target, para, existing=target.paragraphs[0] if index == 0 else None)
                column += cell.colspan
        self.document.add_paragraph()  # Word joins adjacent tables; a paragraph keeps them apart

    def finish(self) -> None:
        """Adds the footnotes part, if any footnote was written."""
        if not self.notes:
            return
        from docx.opc.packuri import PackURI
        from docx.opc.part import Part

        body = []
        for number in sorted(self.notes):
            paragraphs = self.notes[number] or [Paragraph()]
            xml = []
            for index, para in enumerate(paragraphs):
                runs = "".join(
                    f'<w:r>{"<w:rPr><w:b/></w:rPr>" if r.bold else ""}<w:t xml:space="preserve">{escape(r.text)}'
                    f"</w:t></w:r>" for r in para.runs if r.text)
                mark = ('<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteRef/></w:r>'
                        '<w:r><w:t xml:space="preserve"> </w:t></w:r>') if index == 0 else ""
                xml.append(f'<w:p><w:pPr><w:pStyle w:val="FootnoteText"/></w:pPr>{mark}{runs}</w:p>')
            body.append(f'<w:footnote w:id="{number}">{"".join(xml)}</w:footnote>')
        blob = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes xmlns:w="{W}">'
                '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
                '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/>'
                f'</w:r></w:p></w:footnote>{"".join(body)}</w:footnotes>').encode()
        part = Part(PackURI("/word/footnotes.xml"), FOOTNOTES_TYPE, blob, self.document.part.package)
        self.document.part.relate_to(part, FOOTNOTES_REL)
