"""Exports of the merged chronology: XLSX, DOCX and PDF. Nothing runs as a formula."""

from __future__ import annotations

import io

from casereview.cases import frameworks
from casereview.documents.render import html_to_pdf
from casereview.govuk.text import xml_safe
from casereview.govuk.xlsx import workbook


def headers(person: str = "child") -> list[str]:
    return ["Date", "Time", "Agency", "Source of information", "Practitioner role", "What happened",
            frameworks.seen_words(person), f"What the {person} said", "Action taken", "Why no action", "Outcome",
            "Significance", "Key practice episode", "Review team's analysis", "Submitted by", "Version"]


def _row(entry) -> list:
    annotation = getattr(entry, "annotation", None)
    submission = entry.submission
    return [entry.date_text, entry.at.strftime("%H:%M") if entry.at else "", entry.agency.name, entry.source,
            entry.practitioner_role, entry.event, entry.get_child_seen_display(), entry.child_voice, entry.action,
            entry.no_action_reason, entry.outcome, entry.significance,
            "Yes" if annotation and annotation.key_practice_episode else "",
            annotation.analysis if annotation else "",
            submission.submitted_by.full_name if submission.submitted_by else "", submission.version]


def to_xlsx(entries, *, person: str = "child") -> bytes:
    return workbook("Merged chronology", headers(person), (_row(entry) for entry in entries))


def to_docx(entries, *, case) -> bytes:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.shared import Pt

    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    document.styles["Normal"].font.name = "Arial"
    document.styles["Normal"].font.size = Pt(9)
    document.add_heading(xml_safe(f"Merged chronology: {case.reference} {case.pseudonym}"), level=1)
    person = frameworks.of(case).person
    document.add_paragraph(f"OFFICIAL-SENSITIVE. Contains information about a {person} and family. Do not forward.")
    columns = ["Date", "Agency", "Source", "What happened", frameworks.seen_words(person), "Action or why none",
               "Outcome"]
    table = document.add_table(rows=1, cols=len(columns))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, columns, strict=True):
        cell.text = text
    # Rows are appended as XML: python-docx's add_row() walks every existing cell each time, which
    # made a 24,000-entry chronology take minutes.
    tbl = table._tbl
    for entry in entries:
        tbl.append(_docx_row([entry.date_text + (f" {entry.at:%H:%M}" if entry.at else ""), entry.agency.name,
                              f"{entry.source} ({entry.practitioner_role})", entry.event,
                              entry.get_child_seen_display(), entry.action or entry.no_action_reason, entry.outcome]))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _docx_row(values: list[str]):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tr = OxmlElement("w:tr")
    for value in values:
        tc = OxmlElement("w:tc")
        paragraph = OxmlElement("w:p")
        run = OxmlElement("w:r")
        for index, line in enumerate(xml_safe(value or "").split("\n")):
            if index:
                run.append(OxmlElement("w:br"))
            text = OxmlElement("w:t")
            text.set(qn("xml:space"), "preserve")
            text.text = line
            run.append(text)
        paragraph.append(run)
        tc.append(paragraph)
        tr.append(tc)
    return tr


def to_pdf(html: str, *, tagged: bool = True) -> bytes:

    return html_to_pdf(html, stylesheet="css/print.css", tagged=tagged)
