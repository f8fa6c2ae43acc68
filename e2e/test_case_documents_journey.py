"""Issue 18's first journey in a real browser: the business unit makes the signed terms of reference a
document the Commissioned stage cannot be completed without, is stopped and led to upload it, uploads
it against its expected document, and a second file carrying the EICAR test string is quarantined with
a clear message. The malware scanner is ClamAV's real daemon, with the test signatures."""

from datetime import datetime

import pytest
import time_machine
from playwright.sync_api import expect

from e2e.test_case_lifecycle_journey import fill_date
from e2e.test_foundation_journeys import sign_in
from tests.cases.journey import decided_with_lead_reviewer
from tests.factories import build_world

pytestmark = pytest.mark.django_db(transaction=True)

EICAR = b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def test_signed_terms_of_reference_uploaded_and_a_virus_quarantined(checked, scanner):
    with time_machine.travel(datetime(2026, 3, 2, 9, 0), tick=False):
        world = build_world()
        case = decided_with_lead_reviewer(world)
    page = checked.page
    with time_machine.travel(datetime(2026, 3, 2, 9, 0), tick=True):
        sign_in(checked, "bu_manager@test.example")

        # The process pack: the terms of reference become required for the LCSPR's Commissioned stage.
        page.goto(f"/process/{world.partnership.slug}/")
        page.get_by_role("link", name="Commissioned").first.click()
        page.get_by_label("Documents the stage cannot be completed without").fill("Terms of reference")
        checked.check_accessibility()
        page.get_by_role("button", name="Save").click()
        expect(page.get_by_text("The stage “Commissioned” has been saved")).to_be_visible()

        # The case page says what is missing and where to put it right.
        page.goto(f"/cases/{case.reference}/")
        expect(page.locator(".app-checklist").get_by_text("Required", exact=True)).to_be_visible()
        expect(page.get_by_text("The stage cannot be completed without it")).to_be_visible()
        checked.check_accessibility()

        # Trying to complete the stage is refused, with a link to the fix.
        page.get_by_role("button", name="Complete this stage").click()
        fill_date(page, "Date the terms of reference were agreed", datetime(2026, 2, 20).date())
        page.get_by_role("button", name="Complete this stage").click()
        summary = page.locator(".govuk-error-summary")
        expect(summary).to_contain_text("Upload “Terms of reference”: the stage cannot be completed without it")
        checked.check_accessibility()
        summary.get_by_role("link", name="Upload “Terms of reference”").click()

        # The upload page already knows which expected document this is.
        expect(page.get_by_role("heading", name="Upload “Terms of reference”")).to_be_visible()
        checked.check_accessibility()
        page.get_by_role("button", name="Upload", exact=True).click()  # nothing chosen: the error summary says so
        expect(page.locator(".govuk-error-summary")).to_contain_text("Choose a file to upload")
        checked.check_accessibility()
        page.get_by_label("Upload a file").set_input_files(files=[{
            "name": "Signed terms of reference.pdf", "mimeType": "application/pdf", "buffer": PDF}])
        page.get_by_label("Title").fill("Signed terms of reference")
        page.get_by_role("button", name="Upload", exact=True).click()
        expect(page.get_by_text("Version 1 of “Signed terms of reference” has been uploaded")).to_be_visible()
        expect(page.get_by_text("Scanned: no malware found").first).to_be_visible()
        checked.check_accessibility()
        with page.expect_download() as download:
            page.get_by_role("link", name="Download Signed terms of reference.pdf").click()
        assert download.value.suggested_filename == "Signed terms of reference.pdf"

        # A second file: the family's letter, which carries the EICAR test string.
        page.get_by_role("link", name="Back to the case documents").click()
        page.get_by_role("button", name="Upload a document").click()
        page.get_by_label("Upload a file").set_input_files(files=[{
            "name": "letter.txt", "mimeType": "text/plain", "buffer": EICAR}])
        page.get_by_label("Title").fill("Letter from the family")
        page.get_by_role("button", name="Upload", exact=True).click()
        expect(page.get_by_text("has been quarantined: nobody can download it")).to_be_visible()
        expect(page.locator(".govuk-warning-text")).to_contain_text("was quarantined: the malware scan found")
        expect(page.get_by_role("link", name="Download letter.txt")).to_have_count(0)
        checked.check_accessibility()

        page.get_by_role("link", name="Back to the case documents").click()
        expect(page.get_by_text("Quarantined: malware found")).to_be_visible()
        checked.check_accessibility()

        # The stage can now be completed.
        page.goto(f"/cases/{case.reference}/")
        expect(page.get_by_text("Uploaded", exact=True)).to_be_visible()
        page.get_by_role("button", name="Complete this stage").click()
        fill_date(page, "Date the terms of reference were agreed", datetime(2026, 2, 20).date())
        page.get_by_role("button", name="Complete this stage").click()
        expect(page.get_by_role("heading", name="Stage checklist: Information gathering")).to_be_visible()
