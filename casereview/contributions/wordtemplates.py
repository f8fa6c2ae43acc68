"""Blank Word templates of the agency summary and agency report, for agencies that must work
offline. Built from the same field list as the online forms, so the two never drift apart."""

from __future__ import annotations

import io

from casereview.contributions.documents import DOCUMENT_FIELDS
from casereview.contributions.models import RequestKind


def blank_template(kind: str) -> bytes:
    from docx import Document
    from docx.shared import Pt

    document = Document()
    document.styles["Normal"].font.name = "Arial"
    document.styles["Normal"].font.size = Pt(11)
    document.add_heading(RequestKind(kind).label, level=1)
    document.add_paragraph("OFFICIAL-SENSITIVE when completed. Refer to the child by the case pseudonym and to "
                           "practitioners by their role. Send it back through the service, not by email: "
                           "copy each section into the online form.")
    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label in ("Case pseudonym", "Agency", "Author's role", "Signed off by (manager's name and role)", "Date"):
        row = table.add_row().cells
        row[0].text = label
    for spec in DOCUMENT_FIELDS[kind]:
        document.add_heading(spec.label + ("" if spec.required else " (optional)"), level=2)
        if spec.hint:
            document.add_paragraph(spec.hint).italic = True
        document.add_paragraph("")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
