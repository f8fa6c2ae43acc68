"""What reading an uploaded file may cost, checked before anything parses it. Pure: no Django.

- ZIP-based files (XLSX, DOCX): the central directory is read, and the file refused if it
  would unpack to more than the limits or compresses suspiciously well. Python's zipfile never
  returns more than a member's declared size, so the declared sizes bound the real work.
- Images: the header gives the dimensions, and anything too large is refused before a pixel is
  decoded (Pillow's own decompression-bomb guard stays on underneath).
- Types: what a file is, from its content, for naming and serving downloads.

Every refusal is an UnsafeFile whose message is for the person who uploaded the file.
"""

from __future__ import annotations

import io
import warnings
import zipfile
from dataclasses import dataclass, field

MB = 1024 * 1024


class UnsafeFile(Exception):
    """The file is refused; the message says why, in words for the person who uploaded it."""


class DamagedFile(UnsafeFile):
    """Not even its ZIP directory can be read."""


# --- ZIP containers ----------------------------------------------------------------------------

@dataclass(frozen=True)
class ZipLimits:
    what: str  # "spreadsheet", "Word document": for the message
    max_total: int  # bytes, all members unpacked
    max_members: int = 2000
    # Members smaller than this may compress as well as they like (styles, empty sheets).
    ratio_from: int = 1 * MB
    max_ratio: int = 100
    member_caps: dict[str, int] = field(default_factory=dict)  # name -> unpacked bytes


XLSX_IMPORT = ZipLimits(what="spreadsheet", max_total=50 * MB, max_members=500, max_ratio=100,
                        member_caps={"xl/sharedStrings.xml": 8 * MB})
DOCX_LIBRARY = ZipLimits(what="Word document", max_total=200 * MB, max_members=5000, max_ratio=100,
                         member_caps={"word/document.xml": 60 * MB})


def check_zip(content: bytes, limits: ZipLimits) -> None:
    """Reads only the ZIP's directory. Raises UnsafeFile when unpacking would cost too much."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError):
        raise DamagedFile(f"The file is damaged or is not a {limits.what}.") from None
    if len(members) > limits.max_members:
        raise UnsafeFile(f"The {limits.what} has too many parts ({len(members)}) to be read safely.")
    total = 0
    for member in members:
        total += member.file_size
        cap = limits.member_caps.get(member.filename)
        if cap is not None and member.file_size > cap:
            raise UnsafeFile(f"Part of the {limits.what} unpacks to {member.file_size // MB} MB, more than the "
                             f"{cap // MB} MB the service reads. Remove unused text or split it into two files.")
        if member.file_size >= limits.ratio_from and member.file_size > limits.max_ratio * max(
                member.compress_size, 1):
            raise UnsafeFile(f"The {limits.what} unpacks to far more than its size, as a file built to overload a "
                             "server does. Save it again from Excel or Word and upload that copy.")
    if total > limits.max_total:
        raise UnsafeFile(f"The {limits.what} unpacks to {total // MB} MB, more than the {limits.max_total // MB} MB "
                         "the service reads. Split it into smaller files.")


# --- images ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ImageLimits:
    max_width: int
    max_height: int


LOGO = ImageLimits(max_width=2000, max_height=2000)


def image_size(content: bytes) -> tuple[str, int, int]:
    """(format, width, height) from the header only. Raises UnsafeFile if it is not an image
    Pillow can open, or if Pillow's own decompression-bomb guard objects."""
    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(content)) as image:
                return (image.format or "").lower(), image.width, image.height
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise UnsafeFile("The image is far too large in pixels. Use one no bigger than "
                         "2000 by 2000 pixels.") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise UnsafeFile("The file is not an image we can read.") from None


def check_image(content: bytes, limits: ImageLimits) -> str:
    """Refuses an image larger than the limits before any pixel is decoded; returns its format."""
    kind, width, height = image_size(content)
    if width > limits.max_width or height > limits.max_height:
        raise UnsafeFile(f"The image is {width} by {height} pixels. Use one no bigger than {limits.max_width} by "
                         f"{limits.max_height} pixels.")
    return kind


# --- file types for downloads --------------------------------------------------------------------

def detected_type(content: bytes) -> tuple[str, str] | None:
    """(content type, extension) from the content itself; None for anything else. Downloads are
    named and served by this, never by the name or type the uploader gave."""
    if content.startswith(b"%PDF"):
        return "application/pdf", "pdf"
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png", "png"
    if content.startswith(b"\xff\xd8\xff"):
        return "image/jpeg", "jpg"
    if content.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(content)) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, ValueError, OSError):
            return None
        if "word/document.xml" in names:
            return "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"
        if "xl/workbook.xml" in names:
            return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"
    return None


# A case's documents: what detected_type knows, and plain text (letters typed into an email, notes
# saved from another system). Old Office files (.doc, .xls) are refused: they carry macros and
# every version of Office can save the newer format.
TEXT = ("text/plain", "txt")


def document_type(content: bytes) -> tuple[str, str] | None:
    found = detected_type(content)
    if found is not None:
        return found
    if content and b"\0" not in content[:65536]:
        try:
            content.decode("utf-8")
        except UnicodeDecodeError:
            return None
        return TEXT
    return None
