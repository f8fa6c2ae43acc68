"""Issue 18's fourth journey in a real browser: the business unit manager opens a subject access
request, reads what the search found across the cases, redacts one third party, and downloads the
bundle: a PDF of the records with the third party redacted, and the original files."""

import io
import zipfile
from datetime import datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from playwright.sync_api import expect
from pypdf import PdfReader

from casereview.casefiles import services as casefiles
from casereview.cases.models import Referral
from e2e.test_case_lifecycle_journey import fill_date
from e2e.test_foundation_journeys import sign_in
from tests.factories import build_world

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_subject_access_bundle_is_produced_with_a_third_party_redacted(checked, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with time_machine.travel(datetime(2026, 12, 1, 9, 0), tick=False):
        world = build_world()
        Referral.objects.create(case=world.case, description="Jayden Testperson was brought to hospital by his "
                                                             "aunt, Mary Smith.")
        casefiles.document_add(case=world.case, by=world.people["bu_officer"], title="Letter from the school",
                               upload=SimpleUploadedFile("letter.txt", b"Jayden Testperson is collected by Mary "
                                                                       b"Smith on Fridays.\n"))
    page = checked.page
    with time_machine.travel(datetime(2026, 12, 1, 9, 0), tick=True):
        sign_in(checked, "bu_manager@test.example")
        page.goto(f"/partnerships/{world.partnership.slug}/")
        page.get_by_role("link", name="Subject access requests").click()
        checked.check_accessibility()
        page.get_by_role("button", name="Search for them").click()
        expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the person's full name")
        checked.check_accessibility()
        page.get_by_label("Full name").fill("Jayden Testperson")
        fill_date(page, "Date of birth (optional)", datetime(2019, 3, 4).date())
        fill_date(page, "Date the request was received", datetime(2026, 11, 30).date())
        page.get_by_role("button", name="Search for them").click()

        expect(page.get_by_role("heading", name="Subject access request")).to_be_visible()
        expect(page.get_by_text("3 records name this person")).to_be_visible()
        expect(page.get_by_text("30 December 2026")).to_be_visible()
        checked.check_accessibility()
        page.get_by_label("Other people's names to redact").fill("Mary Smith")
        with page.expect_download() as download:
            page.get_by_role("button", name="Export the bundle").click()
        assert download.value.suggested_filename.startswith("subject-access-request-")
        with zipfile.ZipFile(download.value.path()) as archive:
            names, pdf = archive.namelist(), archive.read("bundle.pdf")
        assert f"originals/{world.case.reference}/letter.txt" in names
        text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())
        assert "Jayden Testperson" in text and "[redacted]" in text and "Mary Smith" not in text

        page.goto(f"/partnerships/{world.partnership.slug}/subject-access/")
        expect(page.get_by_text("Exported")).to_be_visible()
        checked.check_accessibility()
