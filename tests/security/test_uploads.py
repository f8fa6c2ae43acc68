"""Uploads are bounded before they are parsed: finding 5 and the small hardening of finding 7.

Before the fix a 255 KB XLSX held 87 MB of XML and cost a web worker 95 s and 363 MB before the
row limit refused it; a 408 KB DOCX cost the task worker 2.5 GB; a 17.5 KB PNG logo of 12,000 by
12,000 pixels was accepted and made every public process pack PDF cost 700 MB; and oversized
uploads were received in full before they were refused. Each test asserts where the refusal
happened (which parser was never reached, how much of the body was read), not how long it took."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.handlers.wsgi import WSGIHandler
from django.test import RequestFactory
from django.urls import reverse

from casereview.contributions import spreadsheets
from casereview.documents import file_checks
from casereview.library import extract
from casereview.library import services as library
from casereview.library.models import LibraryDocument
from casereview.process.services import partnership_logo_set
from tests.factories import sign_in
from tests.security import bombs


@pytest.fixture
def parsers_never_reached(monkeypatch):
    """Every parser an upload could reach, made to fail the test if it is."""
    import docx
    import openpyxl
    from PIL import ImageFile

    from casereview.documents import sandbox

    reached = []

    def trap(name):
        def called(*args, **kwargs):
            reached.append(name)
            raise AssertionError(f"{name} was reached")
        return called

    monkeypatch.setattr(openpyxl, "load_workbook", trap("openpyxl.load_workbook"))
    monkeypatch.setattr(docx, "Document", trap("docx.Document"))
    monkeypatch.setattr(sandbox, "run", trap("the extraction child process"))
    monkeypatch.setattr(ImageFile.ImageFile, "load", trap("decoding the image's pixels"))
    return reached


@pytest.mark.parametrize("bomb", [bombs.xlsx_rows_bomb, bombs.xlsx_shared_strings_bomb])
def test_a_spreadsheet_bomb_is_refused_from_its_zip_directory(bomb, parsers_never_reached):
    content = bomb()
    assert len(content) < spreadsheets.MAX_BYTES
    with pytest.raises(spreadsheets.ImportRejected) as refused:
        spreadsheets.read(content, date(2026, 6, 1))
    assert "unpacks to" in str(refused.value)
    assert parsers_never_reached == []


def test_a_word_bomb_is_refused_before_it_is_stored_or_read(world, parsers_never_reached):
    content = bombs.docx_bomb()
    with pytest.raises(ValidationError) as refused:
        library.document_upload(partnership=world.partnership, by=world.people["bu_officer"], content=content,
                                filename="review.docx", data={"title": "A review", "kind": "local_review"})
    assert "unpacks to" in str(refused.value)
    assert parsers_never_reached == [] and not LibraryDocument.objects.filter(title="A review").exists()


def test_a_pixel_bomb_logo_is_refused_from_its_header(world, parsers_never_reached):
    content = bombs.png_pixel_bomb()
    assert len(content) < 200 * 1024
    with pytest.raises(ValidationError, match="pixels"):
        partnership_logo_set(partnership=world.partnership, by=world.people["bu_manager"], content=content)
    world.partnership.refresh_from_db()
    assert world.partnership.logo is None and parsers_never_reached == []


def test_a_logo_stored_before_the_check_is_left_off_documents(world):
    from casereview.documents.render import Document

    document = Document(title="Pack", partnership="Testshire", logo=bombs.png_pixel_bomb(), logo_type="png")
    assert document.logo is None and document.logo_data_uri == ""


def test_the_logo_page_says_why_a_pixel_bomb_is_refused(client, world):
    sign_in(client, world.people["bu_manager"])
    upload = io.BytesIO(bombs.png_pixel_bomb())
    upload.name = "logo.png"
    response = client.post(reverse("process:logo", args=[world.partnership.slug]), {"logo": upload})
    assert response.status_code == 200 and "too large in pixels" in response.content.decode()


def test_a_50_mb_body_is_refused_before_a_byte_of_it_is_read(world):
    body = bombs.CountingBody(50 * 1024 * 1024)
    environ = RequestFactory()._base_environ(
        PATH_INFO=reverse("library:upload"), REQUEST_METHOD="POST", CONTENT_LENGTH=str(body.length),
        CONTENT_TYPE="multipart/form-data; boundary=xyz", **{"wsgi.input": body})
    statuses = []
    response = WSGIHandler()(environ, lambda status, headers: statuses.append(status))
    page = b"".join(response).decode()
    assert statuses[0].startswith("413") and "The largest file you can send on this page is 21 MB" in page
    assert body.read_bytes == 0


def test_a_body_over_a_pages_own_limit_is_refused_through_the_client(client, world):
    sign_in(client, world.people["bu_manager"])
    response = client.post(reverse("process:logo", args=[world.partnership.slug]), data=b"x" * (2 * 1024 * 1024),
                           content_type="application/octet-stream")
    assert response.status_code == 413 and "1 MB" in response.content.decode()


def test_reading_a_spreadsheet_stops_at_the_row_limit(monkeypatch):
    """A sheet within the ZIP limits can still have any number of rows: reading stops at the limit."""
    from openpyxl import Workbook

    monkeypatch.setattr(spreadsheets, "MAX_ROWS_READ", 50)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Chronology")
    sheet.append(spreadsheets.HEADERS)
    for _ in range(200):
        sheet.append(["14/03/2025", "No", "", "Notes", "HV", "Visit.", "Yes", "", "Seen.", "", "", ""])
    buffer = io.BytesIO()
    book.save(buffer)
    consumed = []
    original = spreadsheets._bounded

    def counting(rows):
        def each():
            for row in rows:
                consumed.append(1)
                yield row
        return original(each())

    monkeypatch.setattr(spreadsheets, "_bounded", counting)
    with pytest.raises(spreadsheets.ImportRejected, match="more than 50 rows"):
        spreadsheets.read(buffer.getvalue(), date(2026, 6, 1))
    assert len(consumed) <= 51


def test_malformed_xml_in_an_import_gets_a_message():
    content = bombs.xlsx_malformed()
    with pytest.raises(spreadsheets.ImportRejected, match="cannot be opened"):
        spreadsheets.read(content, date(2026, 6, 1))


def test_the_extraction_child_has_a_memory_ceiling():
    """Reading a library file happens in a child process that the system stops at its limit."""
    from casereview.documents import sandbox

    with pytest.raises(sandbox.ChildFailed, match="too complex"):
        sandbox.run("tests.security.hog", b"", memory_mb=200, seconds=20)


def test_a_real_pdf_is_read_in_the_child(tmp_path):
    from casereview.documents.render import Document, Para, to_pdf

    pdf = to_pdf(Document(title="A review", partnership="Testshire").add(Para("Neglect was not recognised.")))
    kind, pages = extract.read_safely(pdf)
    assert kind == "pdf" and "Neglect was not recognised" in " ".join(pages)


def test_downloads_are_named_by_what_the_file_is(client, world):
    """A PNG that is also HTML, uploaded as evidence.html, downloads as a .png image."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from casereview.learning import services as learning

    bu = world.people["bu_officer"]
    recommendation = learning.recommendation_add(case=world.case, by=bu, text="Share concerns.")
    action = learning.action_add(recommendation=recommendation, by=bu, description="Audit.",
                                 agency=world.agencies["police"], lead=world.people["agency_rep"],
                                 start_on=date(2026, 1, 1), due_on=date(2026, 12, 1), success_measure="Audit")
    polyglot = b"\x89PNG\r\n\x1a\n<html><script>alert(1)</script></html>"
    update = learning.action_update_add(action=action, by=world.people["agency_rep"], text="Evidence",
                                        upload=SimpleUploadedFile("pwned-evidence.html", polyglot))
    assert update.file_name == "pwned-evidence.png"
    sign_in(client, world.people["agency_rep"])
    response = client.get(reverse("learning:evidence", args=[action.pk, update.pk]))
    assert response["Content-Type"] == "image/png"
    assert f'filename="evidence-{update.pk}.png"' in response["Content-Disposition"]
    assert file_checks.detected_type(b"<html>") is None
