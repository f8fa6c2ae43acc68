"""Every spreadsheet the service gives out has the same shape: a bold header row that stays in
view, a filter on every column and widths that fit what is in them. Cells are made safe first.

Written in openpyxl's write-only mode, so a national export of tens of thousands of rows streams
rather than building every cell in memory; widths are measured on the first rows only.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from datetime import date
from itertools import islice

from casereview.govuk.text import safe_cell

MIN_WIDTH, MAX_WIDTH = 8, 60
MEASURED_ROWS = 500


def _width(value) -> int:
    if value is None:
        return 0
    if isinstance(value, date):
        return 11
    return max((len(line) for line in str(value).splitlines()), default=0)


def workbook(title: str, headers: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    rows = iter(rows)
    first = [[safe_cell(v) for v in row] for row in islice(rows, MEASURED_ROWS)]
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title[:31])
    for index, header in enumerate(headers, start=1):
        widest = max([_width(header)] + [_width(row[index - 1]) for row in first if index - 1 < len(row)])
        sheet.column_dimensions[get_column_letter(index)].width = min(MAX_WIDTH, max(MIN_WIDTH, widest + 2))
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)

    def header_cell(text):
        cell = WriteOnlyCell(sheet, value=text)
        cell.font = bold
        return cell

    def dated(row):
        cells = []
        for value in row:
            if isinstance(value, date):
                cell = WriteOnlyCell(sheet, value=value)
                cell.number_format = "d mmm yyyy"
                cells.append(cell)
            else:
                cells.append(value)
        return cells

    sheet.append([header_cell(h) for h in headers])
    count = 0
    for row in first:
        sheet.append(dated(row))
        count += 1
    for row in rows:
        sheet.append(dated([safe_cell(v) for v in row]))
        count += 1
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{count + 1}"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
