"""Issue 5's journey in a real browser: rapid review report, terms of reference, a draft, a factual
accuracy round by an agency, quality assurance, three approvals withdrawn by an edit and given
again, the anonymisation check blocking publication, the 7-working-day notice window, and the
published report in the public library. axe-core checks every page visited."""

from datetime import date, datetime, timedelta

import pytest
import time_machine
from playwright.sync_api import expect

from casereview.cases.models import Case, CaseMembership, CaseRole, SubjectIdentity
from e2e.test_case_lifecycle_journey import fill_date, sign_out
from e2e.test_foundation_journeys import sign_in
from tests.cases.journey import decided_with_lead_reviewer, lcspr_to_publication
from tests.factories import build_world

pytestmark = pytest.mark.django_db(transaction=True)

TODAY = datetime(2026, 6, 15, 9, 0)


def test_rapid_review_to_a_published_lcspr(checked):
    with time_machine.travel(TODAY, tick=False) as clock:
        world = build_world()
        case = decided_with_lead_reviewer(world)
        CaseMembership.objects.get_or_create(case=case, person=world.people["agency_rep"],
                                             defaults={"role": CaseRole.AGENCY_REPRESENTATIVE})
        SubjectIdentity.objects.filter(subject__case=case).update(full_name="Jordan Example")
        reference, documents = case.reference, f"/reports/{case.reference}/"
        page = checked.page

        def as_person(email):
            clock.shift(timedelta(minutes=1))
            sign_in(checked, email)

        # The business unit adds to the rapid review record (written before it was sent to the Panel),
        # downloads the report, agrees the terms of reference.
        as_person("bu_officer@test.example")
        page.goto(f"/cases/{reference}/")
        page.get_by_role("link", name="Review documents").click()
        checked.check_accessibility()
        page.get_by_role("link", name="Edit the rapid review record").click()
        page.get_by_label("Analysis of key practice episodes").fill("Missed health appointments were not followed up.")
        checked.check_accessibility()
        page.get_by_role("button", name="Save").click()
        with page.expect_download() as download:
            page.get_by_role("link", name="Word").first.click()
        assert download.value.suggested_filename == f"{reference}-rapid-review.docx"
        page.get_by_role("link", name="Edit the terms of reference").click()
        fill_date(page, "Start of the scope period", date(2025, 1, 1))
        fill_date(page, "End of the scope period", date(2026, 1, 5))
        page.get_by_label("Key lines of enquiry").fill("How did agencies share information?")
        page.get_by_label("Systems approach").check()
        fill_date(page, "Date the terms of reference were agreed (optional)", date(2026, 2, 20))
        checked.check_accessibility()
        page.get_by_role("button", name="Save").click()
        expect(page.get_by_text("Terms of reference: agreed 20 February 2026")).to_be_visible()
        sign_out(page)

        # The lead reviewer writes the draft, with identifying details left in by mistake.
        as_person("lead_reviewer@test.example")
        page.goto(documents)
        page.get_by_role("button", name="Start the report").click()
        page.get_by_label("Introduction and why this review was held").fill(
            "<p>This review is about Child B, who was seriously harmed.</p>")
        page.get_by_label("The child and their family").fill(
            "<p>Jordan Example lived with their mother, postcode NB1 2XY. NHS number 943 476 5919.</p>")
        page.get_by_label("Analysis and findings").fill("<p>Agencies did not share what they knew.</p>")
        checked.check_accessibility()
        page.get_by_role("button", name="Save as a new version").click()
        expect(page.get_by_text("Saved as version 1")).to_be_visible()
        sign_out(page)

        # A factual accuracy round, completed by the police representative and answered by the lead reviewer.
        as_person("bu_officer@test.example")
        page.goto(documents)
        page.get_by_role("button", name="Send for a factual accuracy check").click()
        page.get_by_label("Testshire Police").check()
        fill_date(page, "Comments due by", date(2026, 6, 26))
        page.get_by_role("button", name="Send").click()
        sign_out(page)
        as_person("agency_rep@test.example")
        page.get_by_role("link", name="Notifications").click()
        page.get_by_role("link", name="please check the facts").click()
        checked.check_accessibility()
        page.get_by_label("Section").select_option(label="Analysis and findings")
        page.get_by_label("Your correction").fill("Police shared the log on 3 March; see the log.")
        page.get_by_role("button", name="Send correction").click()
        expect(page.get_by_text("Your correction has been sent")).to_be_visible()
        sign_out(page)
        as_person("lead_reviewer@test.example")
        page.goto(documents)
        page.get_by_role("link", name="Factual accuracy check of version 1").click()
        page.get_by_label("Your response").fill("Agreed; corrected in the next version.")
        page.get_by_role("button", name="Record response").click()
        sign_out(page)

        # Quality assurance by the business unit, which closes the accuracy round.
        as_person("bu_officer@test.example")
        page.goto(documents)
        page.get_by_role("link", name="Factual accuracy check of version 1").click()
        page.get_by_role("button", name="Close this round").click()
        page.goto(f"{documents}quality-assurance/")
        for box in page.get_by_label("Met").all():
            box.check()
        page.get_by_role("button", name="Save checklist").click()
        expect(page.locator(".govuk-error-summary")).to_contain_text("Give the evidence")
        checked.check_accessibility()
        for evidence in page.get_by_label("Evidence").all():
            evidence.fill("See the report and the review panel minutes.")
        page.get_by_role("button", name="Save checklist").click()
        expect(page.get_by_text("8 of 8 quality markers met")).to_be_visible()
        sign_out(page)

        def approve_all():
            for persona in ("partner_la", "partner_police", "partner_icb"):
                as_person(f"{persona}@test.example")
                page.goto(documents)
                page.get_by_role("button", name="Approve version").click()
                checked.check_accessibility()
                page.get_by_role("button", name="Approve").click()
                expect(page.get_by_text("Your approval of version")).to_be_visible()
                sign_out(page)

        approve_all()
        # An edit after approval withdraws every approval, and says why.
        as_person("lead_reviewer@test.example")
        page.goto(documents)
        page.get_by_role("button", name="Edit the report").click()
        page.get_by_label("Analysis and findings").fill("<p>Agencies did not share what they knew. The police "
                                                        "log was shared on 3 March.</p>")
        page.get_by_label("What changed in this version (optional)").fill("Factual accuracy corrections")
        page.get_by_role("button", name="Save as a new version").click()
        expect(page.get_by_text("Not approved")).to_have_count(3)
        expect(page.get_by_text("Version 2 was saved by Lead Reviewer: Factual accuracy corrections").first
               ).to_be_visible()
        checked.check_accessibility()
        sign_out(page)
        approve_all()

        # The lifecycle moves on to publication, with the pre-publication notice sent ten working days ago.
        lcspr_to_publication(world, Case.objects.get(pk=case.pk), planned_on=date(2026, 6, 16),
                             notice_sent_on=date(2026, 6, 1))

        as_person("bu_officer@test.example")
        page.goto(documents)
        page.get_by_role("link", name="Record the decision").click()
        page.get_by_label("Full report").check()
        page.get_by_label("The safeguarding partners’ response").fill(
            "The partners accept the findings and will report progress to the review subgroup each quarter.")
        page.get_by_label("Glossary (optional)").fill("LADO: Local Authority Designated Officer")
        page.get_by_role("button", name="Save").click()
        expect(page.get_by_text("Resolve the 3 findings of the anonymisation check")).to_be_visible()
        page.get_by_role("button", name="Publish").click()
        fill_date(page, "Publication date", date(2026, 6, 15))
        page.get_by_role("button", name="Publish").click()
        expect(page.locator(".govuk-error-summary")).to_contain_text("anonymisation check")
        checked.check_accessibility()

        # The anonymisation check finds the name, the postcode and the NHS number; each is replaced.
        page.goto(f"{documents}anonymisation/")
        cards = page.locator(".govuk-summary-card")
        expect(cards).to_have_count(3)
        expect(page.locator("#findings")).to_contain_text("Name: Jordan Example")
        expect(page.locator("#findings")).to_contain_text("Postcode: NB1 2XY")
        expect(page.locator("#findings")).to_contain_text("NHS number: 943 476 5919")
        checked.check_accessibility()
        for _ in range(3):
            page.locator(".govuk-summary-card").filter(has_text="To decide").first.get_by_role(
                "button", name="Save decision").click()
        expect(page.get_by_text("0 findings are still to decide")).to_be_visible()

        # A date inside the notice window is refused; today is accepted.
        page.goto(f"{documents}publish/")
        fill_date(page, "Publication date", date(2026, 6, 9))
        page.get_by_role("button", name="Publish").click()
        expect(page.locator(".govuk-error-summary")).to_contain_text("Publication cannot be before 10 June 2026")
        fill_date(page, "Publication date", date(2026, 6, 15))
        page.get_by_role("button", name="Publish").click()
        expect(page.get_by_text("Published. The report is in the public library")).to_be_visible()
        sign_out(page)

        # Anyone can read it in the public library, as a page and as a PDF, without the child's name.
        page.goto("/library/")
        checked.check_accessibility()
        page.get_by_role("link", name="Local child safeguarding practice review: Child B (2026)").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Child B (2026)")
        expect(page.get_by_text("Child B (2026) lived with their mother")).to_be_visible()
        expect(page.get_by_text("Jordan")).to_have_count(0)
        checked.check_accessibility()
        page.get_by_role("link", name="The full text on its own page").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Child B (2026)")
        expect(page.get_by_text("Jordan")).to_have_count(0)
        checked.check_accessibility()
        pdf = page.request.get(page.get_by_role("link", name="Download the report (PDF)").get_attribute("href"))
        assert pdf.ok and pdf.headers["content-type"] == "application/pdf" and pdf.body().startswith(b"%PDF")
        # It reads as published: a cover with the dates, contents with page numbers, numbered paragraphs,
        # the partners' response and the glossary; tagged for screen readers.
        import io

        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(pdf.body()))
        pages = [p.extract_text() for p in reader.pages]
        assert "Published: 15 June 2026" in pages[0] and "Date for review: 15 June 2027" in pages[0]
        assert "Contents" in pages[1] and "Page 2 of" in pages[1]
        body = "\n".join(pages[2:])
        assert "1.1 " in body and "The safeguarding partners’ response" in body and "LADO" in body
        assert "/StructTreeRoot" in reader.trailer["/Root"]
