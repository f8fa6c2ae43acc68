"""What a contributor meets: plain messages, a file that is not a spreadsheet named for what it is,
entries outside the scope period accepted with a warning, drop-downs in the template, and their
answers shown before they submit."""

from __future__ import annotations

import io
import zipfile
from datetime import date

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from casereview.contributions import services, spreadsheets
from tests.factories import sign_in

TODAY = date(2026, 6, 1)
ROW = "14/03/2025,No,,Health visitor record,Health visitor,Home visit.,Yes,,Advice given.,,,"


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(TODAY, tick=False):
        yield


def _csv(*rows: str) -> bytes:
    return ("\ufeff" + ",".join(spreadsheets.HEADERS) + "\n" + "\n".join(rows) + "\n").encode()


def test_import_messages_read_as_plain_english():
    _, parsed = spreadsheets.read(_csv("14/03/2025,No,,,,,Yes,,Advice given.,,,"), TODAY)
    messages = [e.message for e in parsed.errors]
    assert "Describe what happened" in messages
    assert "Enter the source of information, for example “GP consultation notes”" in messages
    assert not any(m.startswith("Enter the what") for m in messages)


def test_a_document_that_is_not_a_spreadsheet_is_told_so():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    with pytest.raises(spreadsheets.ImportRejected, match="is a Word document, not a spreadsheet"):
        spreadsheets.read(buffer.getvalue(), TODAY)


def test_entries_outside_the_scope_period_are_imported_with_a_warning(client, world):
    request = services.requests_send(case=world.case, by=world.people["bu_officer"], kind="chronology",
                                     contributors={world.agencies["police"].pk: [world.people["agency_rep"]]},
                                     instructions="x", scope_start=date(2025, 6, 1), scope_end=date(2026, 5, 1))[0]
    sign_in(client, world.people["agency_rep"])
    upload = SimpleUploadedFile("chronology.csv", _csv(ROW, ROW.replace("14/03/2025", "14/07/2025")))
    response = client.post(reverse("contributions:import", args=[request.pk]), {"file": upload}, follow=True)
    page = response.content.decode()
    assert "1 entry is outside the scope period (rows 2). They have been imported" in page
    assert request.submissions.get().entries.count() == 2
    assert page.count("Outside the scope period") == 1
    check = client.get(reverse("contributions:submit", args=[request.pk])).content.decode()
    assert "Check your answers" in check and "2 entries, from 14 March 2025 to 14 July 2025" in check
    assert "1 entry is outside the scope period (1 June 2025 to 1 May 2026)" in check
    assert "Home visit." in check and "Advice given." in check


def test_the_template_offers_drop_downs_for_yes_and_no():
    sheet = load_workbook(io.BytesIO(spreadsheets.template_xlsx()))["Chronology"]
    rules = {str(rule.sqref): rule.formula1 for rule in sheet.data_validations.dataValidation}
    assert rules == {"B2:B5001": '"Yes,No"', "G2:G5001": '"Yes,No,Not known"'}
    assert sheet.freeze_panes == "A2"
