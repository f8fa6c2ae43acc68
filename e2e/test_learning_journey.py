"""Issue 6's journey in a real browser: findings and recommendations for a published review, actions
for two agencies, evidence from an agency lead, an overdue action escalated, a seven-minute briefing
produced, approved, published and disseminated, and the dashboard and yearly report showing it all."""

from datetime import date, datetime, timedelta

import pytest
import time_machine
from playwright.sync_api import expect

from casereview.cases.models import CaseMembership, CaseRole
from casereview.learning.reminders import actions_sweep
from e2e.test_case_lifecycle_journey import fill_date, sign_out
from e2e.test_foundation_journeys import sign_in
from tests.cases.journey import (
    decided,
    rapid_review_done,
    referred_case,
    screened_and_notified,
    signed_off_ready,
    step,
)
from tests.factories import build_world

pytestmark = pytest.mark.django_db(transaction=True)


def published_review(world):
    case = screened_and_notified(world, referred_case(world, aware=date(2025, 9, 1)), on=date(2025, 9, 2))
    case = rapid_review_done(world, case, requested=date(2025, 9, 4), received=date(2025, 9, 11),
                             meeting=date(2025, 9, 15), agreed=date(2025, 9, 17), sent=date(2025, 9, 18),
                             response_on=date(2025, 9, 29))
    case = decided(world, case, kind="lcspr", on=date(2025, 10, 1))
    CaseMembership.objects.create(case=case, person=world.people["lead_reviewer"], role=CaseRole.LEAD_REVIEWER)
    bu = world.people["bu_officer"]
    case = step(case, "advance", bu, terms_of_reference_on=date(2025, 10, 20))
    for _ in range(4):
        case = step(case, "advance", bu)
    signed_off_ready(world, case, agreed_on=date(2025, 10, 20))
    case = step(case, "advance", bu, approved_on=date(2026, 3, 2), publication_planned_on=date(2026, 3, 30))
    case = step(case, "advance", bu, notice_sent_on=date(2026, 3, 5))
    # Published outside the service before it held its reports: the publishing step, as the service takes it.
    return step(case, "advance", bu, published_on=date(2026, 3, 20), publication_url="https://example.org/r",
                publishing=True)


def test_learning_from_a_published_review_into_practice(checked):
    with time_machine.travel(datetime(2026, 6, 15, 9, 0), tick=False) as clock:
        world = build_world()
        with time_machine.travel(datetime(2026, 3, 25, 9, 0), tick=False):
            case = published_review(world)
        page = checked.page

        def as_person(email):
            clock.shift(timedelta(minutes=1))
            sign_in(checked, email)

        as_person("bu_officer@test.example")
        page.goto(f"/cases/{case.reference}/")
        page.get_by_role("link", name="Learning into practice").click()
        checked.check_accessibility()
        page.get_by_role("button", name="Record a finding").click()
        page.get_by_label("The finding").fill("Bruising in a baby was seen by the GP but not shared.")
        page.get_by_label("Physical abuse and non-accidental injury").check()
        checked.check_accessibility()
        page.get_by_role("button", name="Save").click()
        page.get_by_role("button", name="Record a recommendation").click()
        page.get_by_label("The recommendation").fill("GPs share any bruising in a non-mobile baby with "
                                                     "children's social care the same day.")
        page.get_by_label("The finding it answers (optional)").select_option(index=1)
        page.get_by_role("button", name="Save").click()

        def assign(agency, lead, due):
            page.get_by_role("link", name="Assign an action").first.click()
            page.get_by_label("What will be done").fill(f"{agency} audits its bruising referrals.")
            page.get_by_label("Owning agency").select_option(label=agency)
            page.get_by_label("Named lead").select_option(label=lead)
            fill_date(page, "Start date", date(2026, 4, 1))
            fill_date(page, "Due date", due)
            page.get_by_label("How success will be measured").fill("Every referral discussed within a day.")
            checked.check_accessibility()
            page.get_by_role("button", name="Assign").click()
            expect(page.get_by_text("The action has been assigned")).to_be_visible()

        assign("Testshire Police", "Agency Rep, Testshire Police", date(2026, 5, 20))
        assign("Testshire Academy", "Agency Rep Elsewhere, Testshire Academy", date(2026, 9, 30))
        checked.check_accessibility()
        sign_out(page)

        # The police lead adds progress with an evidence file.
        as_person("agency_rep@test.example")
        page.goto("/learning/actions/")
        checked.check_accessibility()
        page.get_by_role("link", name="Testshire Police audits its bruising referrals.").click()
        page.get_by_label("Progress").fill("Audit of 20 referrals under way; first findings attached.")
        page.locator("input[type=file]").set_input_files(files=[{"name": "audit.pdf", "mimeType": "application/pdf",
                                                                  "buffer": b"%PDF-1.7 audit findings"}])
        checked.check_accessibility()
        page.get_by_role("button", name="Save update").click()
        expect(page.get_by_role("link", name="audit.pdf")).to_be_visible()
        sign_out(page)

        # The nightly sweep escalates the overdue police action to the business unit.
        counts = actions_sweep()
        assert counts["escalated"] == 1

        # A seven-minute briefing from the review, approved by the subgroup chair and published.
        as_person("bu_officer@test.example")
        page.get_by_role("link", name="Notifications").click()
        expect(page.get_by_text("Testshire Police's improvement action is 26 days overdue")).to_be_visible()
        page.goto(f"/learning/cases/{case.reference}/")
        page.get_by_role("button", name="Write a seven-minute briefing").click()
        expect(page.get_by_label("Key learning")).to_have_value(
            "- Bruising in a baby was seen by the GP but not shared.")
        page.get_by_label("Why it matters").fill("Bruising in a baby who cannot move is never normal.")
        page.get_by_label("What happened").fill("A baby was seriously harmed after bruising went unshared.")
        page.get_by_label("Questions for reflection").fill("- Who would you tell today?")
        checked.check_accessibility()
        page.get_by_role("button", name="Save briefing").click()
        sign_out(page)
        as_person("chair@test.example")
        page.goto(f"/learning/cases/{case.reference}/")
        page.get_by_role("link", name="Learning from the review of").click()
        page.get_by_role("button", name="Approve").click()
        expect(page.get_by_text("The briefing is approved")).to_be_visible()
        sign_out(page)
        as_person("bu_officer@test.example")
        page.goto(f"/learning/cases/{case.reference}/")
        page.get_by_role("link", name="Learning from the review of").click()
        page.get_by_role("button", name="Publish in the library").click()
        expect(page.get_by_text("The briefing is published in the public library")).to_be_visible()
        page.get_by_label("Sent to").check()
        page.get_by_label("Agency", exact=True).select_option(label="Testshire Children’s Services")
        fill_date(page, "Date", date(2026, 6, 15))
        checked.check_accessibility()
        page.get_by_role("button", name="Record", exact=True).click()
        expect(page.locator("table")).to_contain_text("Testshire Children’s Services")
        sign_out(page)

        # The dashboard and the yearly report show it.
        as_person("bu_manager@test.example")
        page.get_by_role("link", name="Dashboard").click()
        fill_date(page, "From", date(2026, 1, 1))
        fill_date(page, "To", date(2026, 12, 31))
        page.get_by_role("button", name="Show this period").click()
        actions = page.get_by_role("table", name="Actions by agency", exact=True)
        # Actions, done on time, overdue, with impact evidence.
        expect(actions.locator("tr", has_text="Testshire Police").locator("td")).to_have_text(["1", "0", "1", "0"])
        expect(actions.locator("tr", has_text="Testshire Academy").locator("td")).to_have_text(["1", "0", "0", "0"])
        expect(page.get_by_text("2 actions; 0 with evidence of impact (0%)")).to_be_visible()
        expect(page.get_by_text("1 briefing published")).to_be_visible()
        themes = page.get_by_role("figure", name="Findings by theme, largest first")
        expect(themes).to_contain_text("Physical abuse and non-accidental injury")
        # The same figures, folded under "Show the data".
        themes.locator("xpath=following-sibling::details[1]").get_by_text("Show the data").click()
        expect(page.get_by_role("table", name="Findings by theme")).to_contain_text(
            "Physical abuse and non-accidental injury")
        checked.check_accessibility()
        report = page.request.get(page.get_by_role("link", name="Word").get_attribute("href"))
        assert report.ok and report.body().startswith(b"PK")
        page.goto("/library/")
        expect(page.get_by_role("link", name="Learning from the review of")).to_be_visible()
        checked.check_accessibility()
