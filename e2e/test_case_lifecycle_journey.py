"""Issue 3's journey in a real browser: referral, screening, notification, rapid review, an LCSPR
decision and a hold, checking the clocks the case page explains. axe-core checks every page."""

from datetime import date

import pytest
import time_machine
from playwright.sync_api import expect

from e2e.test_foundation_journeys import sign_in
from tests.factories import build_world

pytestmark = pytest.mark.django_db(transaction=True)


def fill_date(page, legend: str, day: date) -> None:
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def fill_lcspr_decision(page, on: date) -> None:
    """The partners' decision form, filled for an LCSPR under regulation 11 (c)."""
    page.get_by_role("group", name="Route").get_by_label("Local child safeguarding practice review").check()
    page.get_by_label("(c) It highlights concerns about two or more agencies working together").check()
    page.get_by_label("Rationale").fill("Learning about information sharing.")
    page.get_by_label("Safeguarding partner for the local authority").select_option(index=1)
    page.get_by_label("Safeguarding partner for the police").select_option(index=1)
    page.get_by_label("Safeguarding partner for the Integrated Care Board").select_option(index=1)
    fill_date(page, "Date of the decision", on)


def sign_out(page) -> None:
    page.get_by_role("button", name="Sign out").first.click()
    expect(page.get_by_role("heading", name="You have signed out")).to_be_visible()


def test_referral_to_lcspr_with_clocks_and_a_hold(checked):
    with time_machine.travel(date(2026, 6, 1), tick=False):
        build_world()
        page = checked.page

        # An agency representative refers the case and saves it as a draft on the way.
        sign_in(checked, "agency_rep@test.example")
        page.get_by_role("link", name="Referrals").click()
        checked.check_accessibility()
        page.get_by_role("button", name="Start a referral").click()
        expect(page.get_by_role("heading", name="The incident, the referrer and what has been done")).to_be_visible()
        checked.check_accessibility()
        page.get_by_label("Local authority where the incident happened").select_option(label="Testshire Council")
        fill_date(page, "Date of the incident", date(2026, 4, 24))
        fill_date(page, "Date the local authority became aware", date(2026, 4, 23))
        page.get_by_role("group", name="What happened to the child?").get_by_label("Serious harm", exact=True).check()
        page.get_by_role("group", name="Is abuse or neglect known or suspected?").get_by_label("Suspected", exact=True).check()
        page.get_by_label("What happened", exact=True).fill("Admitted to hospital with unexplained injuries.")
        page.get_by_role("group", name="Are the police involved?").get_by_label("Yes", exact=True).check()
        page.get_by_role("group", name="Is there media interest?").get_by_label("No", exact=True).check()
        page.get_by_role("button", name="Save and continue").click()
        # Awareness before the incident is refused, with the error summary first.
        summary = page.locator(".govuk-error-summary")
        expect(summary).to_contain_text("cannot be before the incident")
        checked.check_accessibility()
        fill_date(page, "Date the local authority became aware", date(2026, 4, 27))
        page.get_by_role("button", name="Save and continue").click()
        expect(page.get_by_role("heading", name="Referral for a case review")).to_be_visible()
        checked.check_accessibility()
        page.get_by_role("link", name="Children", exact=True).click()
        page.get_by_label("Full name").fill("Riley Fictional")
        page.get_by_label("Age in years, if the date of birth is not known").fill("1")
        page.get_by_role("group", name="Legal status at the time of the incident").get_by_label(
            "Child in need").check()
        checked.check_accessibility()
        page.get_by_role("button", name="Save").click()
        page.get_by_role("button", name="Submit referral").click()
        expect(page.get_by_role("heading", name="Referral submitted")).to_be_visible()
        checked.check_accessibility()
        reference = page.locator(".govuk-panel__body strong").inner_text()
        sign_out(page)

        # The business unit screens it and records the notification.
        sign_in(checked, "bu_officer@test.example")
        page.get_by_role("navigation", name="Menu").get_by_role("link", name="Cases").click()
        page.get_by_role("link", name=reference).click()
        expect(page.get_by_text("5 working days after the local authority became aware on 27 April 2026: 5 May 2026")
               ).to_be_visible()
        checked.check_accessibility()
        page.get_by_role("button", name="Record the screening").click()
        page.get_by_role("group", name="Is abuse or neglect of the child known or suspected?").get_by_label(
            "Suspected", exact=True).check()
        page.get_by_role("group", name="Has the child died or been seriously harmed?").get_by_label("Yes", exact=True).check()
        page.get_by_role("group", name="Outcome").get_by_label("Notify the National Panel").check()
        page.get_by_label("Rationale").fill("Both tests are met.")
        fill_date(page, "Date of screening", date(2026, 4, 28))
        checked.check_accessibility()
        page.get_by_role("button", name="Record the screening").click()
        page.get_by_role("button", name="Record the notification to the National Panel").click()
        page.get_by_label("Notification reference").fill("CSINS-12345")
        fill_date(page, "Date the Panel was notified", date(2026, 4, 29))
        page.get_by_role("button", name="Record the notification to the National Panel").click()
        # 15 working days on, stepping over the early May bank holiday on Monday 4 May.
        expect(page.get_by_text("15 working days after the notification to the National Panel on 29 April 2026: "
                                "21 May 2026")).to_be_visible()
        checked.check_accessibility()

        # The rapid review, sent to the Panel, and the Panel's answer.
        page.get_by_role("button", name="Record rapid review progress").click()
        fill_date(page, "Agency summaries requested", date(2026, 4, 30))
        fill_date(page, "Agency summaries received", date(2026, 5, 11))
        fill_date(page, "Rapid review meeting held", date(2026, 5, 14))
        fill_date(page, "Report agreed by the three safeguarding partners", date(2026, 5, 18))
        checked.check_accessibility()
        page.get_by_role("button", name="Record rapid review progress").click()
        # Nothing is sent with an empty record: the page says what to write and links to it.
        page.get_by_role("button", name="Send the rapid review to the Panel").click()
        page.get_by_role("link", name="Write “Learning identified” in the rapid review record before sending it").click()
        # What the referrer already said is there; nobody types it again.
        expect(page.get_by_label("Circumstances of the incident")).to_have_value(
            "Serious harm on 24 April 2026.\n\nAdmitted to hospital with unexplained injuries.")
        page.get_by_label("Immediate safeguarding actions").fill("Siblings' safety plan agreed.")
        page.get_by_label("Agency involvement").fill("Police and health each saw part of the picture.")
        page.get_by_label("Learning identified").fill("How agencies share what they see of injuries to babies.")
        page.get_by_role("button", name="Save").click()
        page.get_by_role("link", name="Back to the case").click()
        page.get_by_role("button", name="Send the rapid review to the Panel").click()
        page.get_by_label("Local child safeguarding practice review").check()
        fill_date(page, "Date sent to the Panel", date(2026, 5, 19))
        page.get_by_role("button", name="Send the rapid review to the Panel").click()
        page.get_by_role("button", name="Record the Panel's response").click()
        page.get_by_label("Agrees with the partnership").check()
        fill_date(page, "Date of the Panel's response", date(2026, 5, 27))
        page.get_by_role("button", name="Record the Panel's response").click()

        # The partners' decision: an LCSPR, with its six-month target.
        page.get_by_role("button", name="Record the partners' decision").click()
        fill_lcspr_decision(page, date(2026, 5, 29))
        checked.check_accessibility()
        page.get_by_role("button", name="Record the partners' decision").click()
        expect(page.get_by_text("6 calendar months after the decision on 29 May 2026: 29 November 2026")).to_be_visible()
        rows = page.locator("#clocks + .app-scroll table tbody tr")
        expect(rows.filter(has_text="Complete the rapid review")).to_contain_text("Met on 19 May 2026")
        checked.check_accessibility()

        # A hold: the review clock pauses; the page says which clocks stop.
        page.get_by_role("button", name="Put the case on hold").click()
        expect(page.get_by_text("While the case is on hold these clocks stop: Publish the review")).to_be_visible()
        page.get_by_label("Criminal proceedings").check()
        fill_date(page, "Date the hold started", date(2026, 6, 1))
        fill_date(page, "Date to review the hold", date(2026, 7, 1))
        checked.check_accessibility()
        page.get_by_role("button", name="Put the case on hold").click()
        publish = rows.filter(has_text="Publish the review")
        expect(publish).to_contain_text("On hold")
        expect(publish).to_contain_text("paused while the case is on hold")
        expect(page.get_by_text("On hold since 1 June 2026")).to_be_visible()
        checked.check_accessibility()
        page.get_by_role("link", name="Cases").first.click()
        expect(page.get_by_role("row").filter(has_text=reference)).to_contain_text("On hold")
        checked.check_accessibility()


def test_process_pack_pages_change_a_rule_and_add_a_closure_day(checked):
    with time_machine.travel(date(2026, 6, 1), tick=False):
        build_world()
        page = checked.page
        sign_in(checked, "bu_manager@test.example")
        page.get_by_role("link", name="Process pack").click()
        expect(page.get_by_role("heading", name="Process pack")).to_be_visible()
        checked.check_accessibility()
        page.get_by_role("link", name="Complete the rapid review").click()
        checked.check_accessibility()
        page.get_by_label("Timescale", exact=True).fill("10")
        page.get_by_role("button", name="Save as a new version").click()
        expect(page.locator(".govuk-error-summary")).to_contain_text("Say why the rule is changing")
        checked.check_accessibility()
        page.get_by_label("Why is the rule changing?").fill("Local pilot of a shorter rapid review")
        page.get_by_role("button", name="Save as a new version").click()
        expect(page.get_by_role("heading", name="Recompute open clocks?")).to_be_visible()
        checked.check_accessibility()
        # Reminders: an overdue improvement action goes to the business unit after 5 days, not 10.
        page.get_by_role("link", name="Process pack").click()
        page.get_by_role("link", name="Improvement actions").click()
        checked.check_accessibility()
        page.get_by_label("Tell the business unit this long after the due date").fill("five")
        page.get_by_role("button", name="Save").click()
        expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a whole number, or leave it blank")
        checked.check_accessibility()
        page.get_by_label("Tell the business unit this long after the due date").fill("5")
        page.get_by_role("button", name="Save").click()
        expect(page.get_by_text("The reminders for improvement actions have been saved")).to_be_visible()
        expect(page.get_by_role("row").filter(has_text="Improvement actions")).to_contain_text(
            "5 calendar days after the due date")
        checked.check_accessibility()
        page.goto("/process/testshire/calendar/")
        checked.check_accessibility()
        fill_date(page, "Date", date(2026, 12, 29))
        page.get_by_label("Name", exact=True).fill("Office closed")
        page.get_by_role("button", name="Add the day").click()
        expect(page.get_by_role("cell", name="Office closed", exact=True)).to_be_visible()
        checked.check_accessibility()
