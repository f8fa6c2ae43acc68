"""Chronology spreadsheets: the template agencies download, and reading one back.

An import is all or nothing: every row is checked, and any error means nothing is saved and
every error is reported with its row, column and reason. Files are recognised by their
content, never by their name.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time

from casereview.contributions.models import DatePrecision
from casereview.documents import file_checks
from casereview.govuk.text import strip_control

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000
# Rows read at most, blank ones included, and columns per row: beyond these a file is refused
# rather than read to the end (a sheet can claim a million rows of a thousand columns).
MAX_ROWS_READ = 20_000

# Header, model field, required
COLUMNS = [
    ("Date", "on", True),
    ("Date is uncertain", "uncertain", False),
    ("Time", "at", False),
    ("Source of information", "source", True),
    ("Practitioner role", "practitioner_role", True),
    ("What happened", "event", True),
    ("Child seen", "child_seen", False),
    ("What the child said or how they seemed", "child_voice", False),
    ("Action taken", "action", False),
    ("Why no action was taken", "no_action_reason", False),
    ("Outcome", "outcome", False),
    ("Significance", "significance", False),
]
HEADERS = [header for header, _, _ in COLUMNS]
# What to say when a required column is empty, in the words of the entry form.
REQUIRED_MESSAGES = {
    "source": "Enter the source of information, for example “GP consultation notes”",
    "practitioner_role": "Enter the practitioner's role, for example “Health visitor”",
    "event": "Describe what happened",
}
EXAMPLE = ["14/03/2025", "No", "10:30", "Health visitor record", "Health visitor",
           "New birth visit at home. Mother reported feeling low.", "Yes", "Settled and feeding well.",
           "Referred mother to the perinatal mental health team.", "", "Appointment offered for 2 April.", ""]
GUIDANCE = [
    "One row per event. Keep to facts; the review team adds analysis.",
    "Date: 14/03/2025 for a day, 03/2025 for a month, 2025 for a year. Put ? before a date you are unsure of.",
    "Use roles, not names, for practitioners. Refer to family members by their relationship to the child.",
    "Record why no action was taken where none was.",
]


class ImportRejected(Exception):
    """The file as a whole cannot be read."""


@dataclass
class RowError:
    row: int
    column: str
    message: str


@dataclass
class Parsed:
    rows: list[dict] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    # Accepted, but worth a second look: entries dated outside the request's scope period.
    warnings: list[RowError] = field(default_factory=list)


def detect_type(head: bytes) -> str:
    """'xlsx' or 'csv' from the first bytes; anything else is refused."""
    if head.startswith(b"PK\x03\x04"):
        return "xlsx"
    if head.startswith((b"\xd0\xcf\x11\xe0", b"%PDF", b"\x89PNG", b"\xff\xd8", b"GIF8", b"MZ", b"\x7fELF")):
        raise ImportRejected("The file is not a spreadsheet. Upload the chronology template saved as Excel (.xlsx) "
                             "or CSV.")
    if b"\x00" in head:
        raise ImportRejected("The file is not a CSV or Excel file we can read. Save it as Excel (.xlsx) or as "
                             "“CSV UTF-8” and try again.")
    return "csv"


# Office and OpenDocument files are ZIP archives too: say what the file is, not that it is damaged.
_OTHER_DOCUMENTS = (("word/", "a Word document"), ("ppt/", "a PowerPoint presentation"),
                    ("content.xml", "an OpenDocument file"))


def _refuse_other_documents(content: bytes) -> None:
    import zipfile

    try:
        names = zipfile.ZipFile(io.BytesIO(content)).namelist()[:200]
    except (zipfile.BadZipFile, OSError, ValueError):
        return
    if any(name.startswith("xl/") for name in names):
        return
    what = next((label for prefix, label in _OTHER_DOCUMENTS if any(n.startswith(prefix) for n in names)),
                "a ZIP file")
    raise ImportRejected(f"The file is {what}, not a spreadsheet. Copy your entries into the chronology "
                         "template and upload it as Excel (.xlsx) or CSV.")


_DAMAGED = "The file looks like an Excel file but cannot be opened. Save it again as Excel (.xlsx) and try again."


def _bounded(rows) -> list[list]:
    out = []
    for row in rows:
        if len(out) >= MAX_ROWS_READ:
            raise ImportRejected(f"The file has more than {MAX_ROWS_READ:,} rows, counting blank ones. Copy just "
                                 "your entries into a new copy of the template and upload that.")
        out.append([strip_control(c) if isinstance(c, str) else c for c in list(row)[:len(COLUMNS)]])
    return out


def _cells(content: bytes, kind: str) -> list[list]:
    if kind == "xlsx":
        from xml.etree.ElementTree import ParseError
        from zipfile import BadZipFile

        from lxml.etree import LxmlError
        from openpyxl import load_workbook

        _refuse_other_documents(content)
        # What the ZIP unpacks to is checked before openpyxl opens it: a 255 KB file can hold 87 MB of XML.
        try:
            file_checks.check_zip(content, file_checks.XLSX_IMPORT)
        except file_checks.DamagedFile:
            raise ImportRejected(_DAMAGED) from None
        except file_checks.UnsafeFile as problem:
            raise ImportRejected(str(problem)) from None
        try:
            book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
            sheet = book["Chronology"] if "Chronology" in book.sheetnames else book.worksheets[0]
            # The sheet's claimed size is not trusted; rows are read one by one up to the limit.
            sheet.reset_dimensions()
            return _bounded(sheet.iter_rows(max_col=len(COLUMNS), values_only=True))
        except ImportRejected:
            raise
        except (BadZipFile, KeyError, ValueError, TypeError, IndexError, OSError, ParseError, LxmlError):
            raise ImportRejected(_DAMAGED) from None
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportRejected("The CSV file is not in UTF-8. In Excel choose “Save as”, then “CSV UTF-8 (comma "
                             "delimited)”, and upload that file.") from None
    try:
        return _bounded(csv.reader(io.StringIO(text)))
    except csv.Error:
        raise ImportRejected("The CSV file cannot be read. Save it again as “CSV UTF-8” and try again.") from None


_DAY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_MONTH = re.compile(r"^(\d{1,2})/(\d{4})$")
_YEAR = re.compile(r"^(\d{4})$")


def parse_date(value, today: date) -> tuple[date, str, bool]:
    """Returns (date, precision, uncertain) or raises ValueError with a message people understand."""
    uncertain = False
    if isinstance(value, datetime):
        found, precision = value.date(), DatePrecision.DAY
    elif isinstance(value, date):
        found, precision = value, DatePrecision.DAY
    else:
        text = str(value or "").strip()
        if text.startswith("?"):
            uncertain, text = True, text[1:].strip()
        if not text:
            raise ValueError("Enter the date of the event")
        try:
            if m := _DAY.match(text):
                found, precision = date(int(m[3]), int(m[2]), int(m[1])), DatePrecision.DAY
            elif m := _ISO.match(text):
                found, precision = date(int(m[1]), int(m[2]), int(m[3])), DatePrecision.DAY
            elif m := _MONTH.match(text):
                found, precision = date(int(m[2]), int(m[1]), 1), DatePrecision.MONTH
            elif m := _YEAR.match(text):
                found, precision = date(int(m[1]), 1, 1), DatePrecision.YEAR
            else:
                raise ValueError
        except ValueError:
            raise ValueError(f"“{text}” is not a date: use 14/03/2025, 03/2025 or 2025") from None
    if found > today:
        raise ValueError("The date must be today or in the past")
    if found.year < 1900:
        raise ValueError("The date must be after 1900")
    return found, precision, uncertain


def parse_time(value) -> time | None:
    if value in (None, ""):
        return None
    if isinstance(value, time):
        return value
    if isinstance(value, datetime):
        return value.time()
    m = re.match(r"^(\d{1,2})[:.](\d{2})$", str(value).strip())
    if not m or int(m[1]) > 23 or int(m[2]) > 59:
        raise ValueError(f"“{value}” is not a time: use 24-hour time like 14:30")
    return time(int(m[1]), int(m[2]))


_YES = {"yes", "y", "true"}
_NO = {"no", "n", "false"}


def _yes_no_unknown(value) -> str:
    text = str(value or "").strip().lower()
    if text in _YES:
        return "yes"
    if text in _NO:
        return "no"
    if text in ("", "not known", "unknown", "n/k", "nk"):
        return "not_known"
    raise ValueError(f"“{value}” should be Yes, No or Not known")


def outside_scope(on: date | None, scope: tuple[date | None, date | None] | None) -> bool:
    start, end = scope or (None, None)
    return on is not None and ((start is not None and on < start) or (end is not None and on > end))


def read(content: bytes, today: date, scope: tuple[date | None, date | None] | None = None) -> tuple[str, Parsed]:
    """Reads and checks a chronology file. Raises ImportRejected when the file as a whole is wrong."""
    if len(content) > MAX_BYTES:
        raise ImportRejected(f"The file is {len(content) // 1024} KB; the limit is {MAX_BYTES // 1024 // 1024} MB. "
                             "Split the chronology into two files.")
    if not content:
        raise ImportRejected("The file is empty.")
    kind = detect_type(content[:8])
    cells = _cells(content, kind)
    # The template has guidance rows above the header; find the header wherever it is in the first ten rows.
    header_index = next((i for i, row in enumerate(cells[:10])
                         if [str(c or "").strip().lower() for c in row[:len(HEADERS)]]
                         == [h.lower() for h in HEADERS]), None)
    if header_index is None:
        raise ImportRejected("The columns are not the template's. Download the chronology template and copy your "
                             "entries into it: the first row must be " + ", ".join(f"“{h}”" for h in HEADERS) + ".")
    parsed = Parsed()
    data_rows = cells[header_index + 1:]
    if len([r for r in data_rows if any(str(c or "").strip() for c in r)]) > MAX_ROWS:
        raise ImportRejected(f"The file has more than {MAX_ROWS} entries. Split it into smaller files.")
    for offset, row in enumerate(data_rows):
        number = header_index + offset + 2  # as the spreadsheet numbers rows
        values = list(row) + [None] * (len(COLUMNS) - len(row))
        if not any(str(v or "").strip() for v in values):
            continue
        entry: dict = {}
        for (header, name, required), value in zip(COLUMNS, values, strict=False):
            text = "" if value is None else str(value).strip()
            try:
                if name == "on":
                    entry["on"], entry["precision"], entry["uncertain"] = parse_date(value, today)
                elif name == "uncertain":
                    if text:
                        entry["uncertain"] = entry.get("uncertain", False) or _yes_no_unknown(text) == "yes"
                elif name == "at":
                    entry["at"] = parse_time(value)
                elif name == "child_seen":
                    entry["child_seen"] = _yes_no_unknown(value)
                else:
                    if required and not text:
                        raise ValueError(REQUIRED_MESSAGES[name])
                    limit = 200 if name == "source" else 120 if name == "practitioner_role" else 10000
                    if len(text) > limit:
                        raise ValueError(f"Keep this to {limit} characters; it has {len(text)}")
                    entry[name] = text
            except ValueError as error:
                parsed.errors.append(RowError(number, header, str(error)))
        if outside_scope(entry.get("on"), scope):
            parsed.warnings.append(RowError(number, "Date", "This is outside the scope period; it is imported, "
                                                            "but check that it belongs in this chronology"))
        if not entry.get("action") and not entry.get("no_action_reason") and "event" in entry:
            parsed.errors.append(RowError(number, "Why no action was taken",
                                          "Say what action was taken, or why none was"))
        parsed.rows.append(entry)
    if not parsed.rows and not parsed.errors:
        raise ImportRejected("The file has the template's columns but no entries.")
    return kind, parsed


def template_csv() -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADERS)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def template_xlsx() -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = "Chronology"
    sheet.append(HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for column, width in zip("ABCDEFGHIJKL", (12, 10, 8, 28, 22, 60, 10, 40, 40, 30, 30, 30), strict=True):
        sheet.column_dimensions[column].width = width
    # Drop-downs where the answer is one of a few words, so a typo cannot fail the import.
    from openpyxl.worksheet.datavalidation import DataValidation

    for column, choices, prompt in (("B", "Yes,No", "Yes if you are not sure of the date"),
                                    ("G", "Yes,No,Not known", "Was the child seen?")):
        rule = DataValidation(type="list", formula1=f'"{choices}"', allow_blank=True, showDropDown=False,
                              showErrorMessage=True, errorTitle="Choose from the list",
                              error=f"Choose {choices.replace(',', ', ')}", promptTitle="Choose", prompt=prompt)
        rule.add(f"{column}2:{column}{MAX_ROWS + 1}")
        sheet.add_data_validation(rule)
    sheet.freeze_panes = "A2"
    notes = book.create_sheet("How to fill this in")
    for line in GUIDANCE:
        notes.append([line])
    notes.append([])
    notes.append(["An example entry:"])
    notes.append(HEADERS)
    notes.append(EXAMPLE)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
