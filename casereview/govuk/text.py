"""Text as people type it, made safe to store and to write into any file format."""

import re

# C0 controls other than tab, line feed and carriage return, and DEL. XML (so DOCX and XLSX)
# cannot hold them at all, and no one types them on purpose.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def strip_control(text: str) -> str:
    return CONTROL.sub("", text)


def xml_safe(value):
    """A cell or paragraph value that any XML writer accepts: strings lose control characters,
    anything else is returned as it is."""
    return strip_control(value) if isinstance(value, str) else value


# OWASP's list: a leading =, +, -, @, tab or carriage return starts a formula in Excel, LibreOffice and Sheets.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """A value any spreadsheet writer accepts and no spreadsheet runs: control characters (which
    XML cannot hold) are dropped, and a leading formula character is neutralised."""
    value = xml_safe(value)
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value
