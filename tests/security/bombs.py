"""Files built to overload a server, as the security review made them. Shared by the upload
tests and `make bench`. Each is written in a stream, so building one costs little memory."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

_CONTENT_TYPES = (b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/'
                  b'2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package'
                  b'.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
                  b'<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument'
                  b'.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType='
                  b'"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName='
                  b'"/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.'
                  b'sharedStrings+xml"/></Types>')
_RELS = (b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
         b'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
         b'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
_WORKBOOK = (b'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
             b'2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
             b'<sheet name="Chronology" sheetId="1" r:id="rId1"/></sheets></workbook>')
_WORKBOOK_RELS = (b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
                  b'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
                  b'officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
                  b'<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
                  b'sharedStrings" Target="sharedStrings.xml"/></Relationships>')
_SHEET_HEAD = (b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
               b'spreadsheetml/2006/main"><sheetData>')
_SHEET_TAIL = b"</sheetData></worksheet>"


def _stream(archive: zipfile.ZipFile, name: str, head: bytes, unit: bytes, count: int, tail: bytes) -> None:
    with archive.open(name, "w", force_zip64=True) as member:
        member.write(head)
        block = unit * 10_000
        for _ in range(count // 10_000):
            member.write(block)
        member.write(unit * (count % 10_000))
        member.write(tail)


def _xlsx(sheet_rows: int, shared_strings: int, *, sheet_head: bytes = _SHEET_HEAD) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        _stream(archive, "xl/worksheets/sheet1.xml", sheet_head,
                b'<row><c t="inlineStr"><is><t>Home visit</t></is></c></row>', sheet_rows, _SHEET_TAIL)
        _stream(archive, "xl/sharedStrings.xml",
                b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
                b'2006/main">', b"<si><t>aaaaaaaaaaaaaaaa</t></si>", shared_strings, b"</sst>")
    return buffer.getvalue()


def xlsx_malformed() -> bytes:
    """A spreadsheet whose sheet is not well-formed XML."""
    return _xlsx(3, 1, sheet_head=_SHEET_HEAD + b"<row><c><broken")


def xlsx_rows_bomb(rows: int = 1_500_000) -> bytes:
    """A few hundred KB that unpack to tens of MB of sheet XML: the review's 1.5 million rows."""
    return _xlsx(rows, 1)


def xlsx_shared_strings_bomb(strings: int = 2_000_000) -> bytes:
    """A tiny sheet and a huge shared-strings table, which openpyxl reads whole when it opens a file."""
    return _xlsx(1, strings)


def docx_bomb(paragraphs: int = 2_000_000) -> bytes:
    """A Word file whose document.xml unpacks to a hundred MB or so of paragraphs."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                         b'package/2006/content-types"/>')
        _stream(archive, "word/document.xml",
                b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/'
                b'main"><w:body>', b"<w:p><w:r><w:t>Neglect and neglect again.</w:t></w:r></w:p>", paragraphs,
                b"</w:body></w:document>")
    return buffer.getvalue()


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png_pixel_bomb(side: int = 20_000) -> bytes:
    """A valid 1-bit PNG of side × side pixels in a few tens of KB."""
    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    compressor = zlib.compressobj(9)
    row = b"\x00" + b"\x00" * ((side + 7) // 8)
    data = b"".join(compressor.compress(row * 1000) for _ in range(side // 1000))
    data += compressor.compress(row * (side % 1000)) + compressor.flush()
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", data) + _chunk(b"IEND", b"")


class CountingBody(io.RawIOBase):
    """A request body of a given length that counts what is read of it, without holding it."""

    def __init__(self, length: int):
        self.length, self.read_bytes = length, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        size = min(len(buffer), self.length - self.read_bytes)
        buffer[:size] = b"x" * size
        self.read_bytes += size
        return size
