"""Reading the text out of a document, page by page. Pure: bytes in, pages out.

PDF pages are the file's own pages (pypdf, pure Python). A Word file has no fixed pages, so
its text is cut at explicit page breaks and otherwise every few thousand characters, and the
document says "part" rather than "page". HTML (this service's own publications) is cut at its
headings."""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser

from casereview.documents import file_checks, sandbox

MAX_BYTES = 20 * 1024 * 1024
MAX_PAGES = 600
MAX_PAGE_CHARS = 30_000
DOCX_PART_CHARS = 3_000


class Unreadable(Exception):
    """The file is not one we can read; the message is for the person who uploaded it."""


def detect_type(head: bytes) -> str:
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "docx"
    return ""


def _tidy(text: str) -> str:
    text = text.replace("\x00", "")
    text = re.sub(r"[ \t\r\f\v]+", " ", text)
    text = re.sub(r" ?\n ?", "\n", text)
    text = re.sub(r"(\w)-\n(\w)", r"\1\2", text)  # words hyphenated across lines
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip()[:MAX_PAGE_CHARS]


def pdf_pages(content: bytes) -> list[str]:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(content))
        if reader.is_encrypted:
            raise Unreadable("The PDF is protected with a password. Upload a copy without a password.")
        count = len(reader.pages)
        if count > MAX_PAGES:
            raise Unreadable(f"The PDF has {count} pages; the library reads files of up to {MAX_PAGES} pages.")
        return [_tidy(page.extract_text() or "") for page in reader.pages]
    except Unreadable:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as error:
        raise Unreadable("The PDF is damaged or is not a PDF.") from error


def docx_pages(content: bytes) -> list[str]:
    import zipfile

    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(content))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise Unreadable("The file is damaged or is not a Word document (.docx).") from error
    parts, current = [], []
    size = 0
    for paragraph in document.paragraphs:
        breaks = paragraph._p.xpath(".//w:br[@w:type='page']")
        text = paragraph.text.strip()
        if text:
            current.append(text)
            size += len(text)
        if (breaks or size >= DOCX_PART_CHARS) and current:
            parts.append("\n".join(current))
            current, size = [], 0
        if len(parts) > MAX_PAGES:
            raise Unreadable(f"The document is longer than the library reads ({MAX_PAGES} parts).")
    if current:
        parts.append("\n".join(current))
    return [_tidy(p) for p in parts]


def check(content: bytes) -> str:
    """The file's kind, after the checks that need no parsing: size, type, and for Word files what
    the ZIP would unpack to. Raises Unreadable with the reason."""
    if len(content) > MAX_BYTES:
        raise Unreadable(f"The file is larger than {MAX_BYTES // (1024 * 1024)} MB.")
    kind = detect_type(content[:8])
    if not kind:
        raise Unreadable("The file must be a PDF or a Word document (.docx).")
    if kind == "docx":
        try:
            file_checks.check_zip(content, file_checks.DOCX_LIBRARY)
        except file_checks.UnsafeFile as problem:
            raise Unreadable(str(problem)) from None
    return kind


def read(content: bytes) -> tuple[str, list[str]]:
    """The pages of a PDF or Word file. Parses untrusted bytes: call read_safely outside tests."""
    kind = check(content)
    if kind == "pdf":
        pages = pdf_pages(content)
    elif kind == "docx":
        pages = docx_pages(content)
    else:
        raise Unreadable("The file must be a PDF or a Word document (.docx).")
    if not any(p.strip() for p in pages):
        raise Unreadable("The file holds no text the library can read. It may be a scan: upload a version "
                         "with text, or type the key messages in yourself.")
    return kind, pages


def read_safely(content: bytes) -> tuple[str, list[str]]:
    """read() in a child process with a memory and time ceiling, after the cheap checks here."""

    check(content)
    answer = sandbox.answer("casereview.library.extract_child", content, error=Unreadable, memory_mb=768,
                            seconds=120)
    return answer["kind"], [str(p) for p in answer["pages"]][:MAX_PAGES]


class _Sections(HTMLParser):
    BLOCK = {"p", "li", "tr", "br", "div", "blockquote"}

    def __init__(self):
        super().__init__()
        self.sections: list[list[str]] = [[]]
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("h1", "h2", "h3") and any(s.strip() for s in self.sections[-1]):
            self.sections.append([])
        if tag in ("script", "style"):
            self.skip += 1
        if tag in self.BLOCK or tag in ("h1", "h2", "h3"):
            self.sections[-1].append("\n")

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.skip -= 1
        if tag in ("h1", "h2", "h3", "p", "li"):
            self.sections[-1].append("\n")

    def handle_data(self, data):
        if not self.skip:
            self.sections[-1].append(data)


def html_sections(fragment: str) -> list[str]:
    parser = _Sections()
    parser.feed(fragment)
    parser.close()
    return [t for t in (_tidy("".join(s)) for s in parser.sections) if t][:MAX_PAGES]
