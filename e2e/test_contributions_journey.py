"""Issue 4's journey in a real browser: requests to three agencies, entries typed and imported,
an import refused whole, the merged chronology with provenance, a duplicate linked, and an
agency representative kept to their own agency's entries before release. axe on every page."""

import io
from datetime import date, datetime, timedelta

import pytest
import time_machine
from openpyxl import Workbook
from playwright.sync_api import expect

from e2e.test_case_lifecycle_journey import fill_date, sign_out
from e2e.test_foundation_journeys import sign_in
from tests.contributions.helpers import csc_rep
from tests.factories import build_world

pytestmark = pytest.mark.django_db(transaction=True)

HEADERS = ["Date", "Date is uncertain", "Time", "Source of information", "Practitioner role", "What happened",
           "Child seen", "What the child said or how they seemed", "Action taken", "Why no action was taken",
           "Outcome", "Significance"]


def workbook(rows) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Chronology"
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_three_agencies_contribute_to_one_merged_chronology(checked):
    with time_machine.travel(datetime(2026, 6, 1, 9, 0), tick=False) as clock:
        world = build_world()
        csc_rep(world)
        page = checked.page

        def as_person(email):
            clock.shift(timedelta(minutes=1))  # a fresh one-time code for each sign-in
            sign_in(checked, email)

        # The business unit asks three agencies for chronologies.
        as_person("bu_officer@test.example")
        page.goto("/cases/TST-2026-001/")
        page.get_by_role("link", name="Agency contributions: requests and returns").click()
        checked.check_accessibility()
        page.get_by_role("button", name="Ask agencies for information").click()
        page.get_by_label("Chronology", exact=True).check()
        page.get_by_label("Agency Rep, Testshire Police").check()
        page.get_by_label("Agency Rep Elsewhere, Testshire Academy").check()
        page.get_by_label("Casey Social-Worker, Testshire Children’s Services").check()
        page.get_by_label("Instructions").fill("Cover the twelve months before the incident.")
        checked.check_accessibility()
        # Each agency and the date it will be given, before anything is sent.
        page.get_by_role("button", name="Check before sending").click()
        expect(page.get_by_role("heading", name="Check before sending")).to_be_visible()
        expect(page.get_by_role("table")).to_contain_text("Testshire Academy")
        checked.check_accessibility()
        page.get_by_role("button", name="Send requests").click()
        expect(page.get_by_text("3 requests sent")).to_be_visible()
        expect(page.get_by_role("table")).to_contain_text("Not started")
        checked.check_accessibility()
        sign_out(page)

        # The police representative types an entry and submits.
        as_person("agency_rep@test.example")
        page.get_by_role("link", name="Requests", exact=True).click()
        checked.check_accessibility()
        page.get_by_role("table", name="Open requests").get_by_role("link", name="TST-2026-001").click()
        checked.check_accessibility()
        page.get_by_role("button", name="Add an entry").click()
        fill_date(page, "Date of the event", date(2026, 3, 10))
        page.get_by_label("Time (optional)").fill("14:00")
        page.get_by_label("Source of information").fill("Police log")
        page.get_by_label("Practitioner role").fill("Police constable")
        page.get_by_label("What happened", exact=True).fill("Home visit with the social worker; mother present.")
        page.get_by_role("group", name="Was the child seen?").get_by_label("Yes", exact=True).check()
        page.get_by_label("Action taken").fill("Welfare check recorded.")
        checked.check_accessibility()
        page.get_by_role("button", name="Save entry").click()
        page.get_by_role("button", name="Check and submit").click()
        page.get_by_label("Name and role of the manager who signed this off").fill("Inspector Grey")
        checked.check_accessibility()
        page.get_by_role("button", name="Submit").click()
        expect(page.get_by_text("Submitted. The business unit has been told.")).to_be_visible()
        sign_out(page)

        # The school imports a spreadsheet: the first has errors and is refused whole.
        as_person("agency_rep_elsewhere@test.example")
        page.get_by_role("link", name="Requests", exact=True).click()
        page.get_by_role("table", name="Open requests").get_by_role("link", name="TST-2026-001").click()
        page.get_by_role("button", name="Import from a spreadsheet").click()
        checked.check_accessibility()
        bad = workbook([["01/02/2026", "", "", "Attendance log", "Teacher", "Absent all week.", "No", "", "",
                         "Parent said the child was ill.", "", ""],
                        ["31/02/2026", "", "", "", "Teacher", "Late.", "Maybe", "", "Noted.", "", "", ""]])
        page.locator("input[type=file]").set_input_files(files=[{
            "name": "school.xlsx", "buffer": bad,
            "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}])
        page.get_by_role("button", name="Upload and check").click()
        expect(page.locator(".govuk-error-summary")).to_contain_text("Nothing has been imported")
        errors = page.locator("#import-errors")
        expect(errors).to_contain_text("is not a date")
        expect(errors).to_contain_text("Enter the source of information")
        expect(errors).to_contain_text("should be Yes, No or Not known")
        checked.check_accessibility()
        good = workbook([["01/02/2026", "", "", "Attendance log", "Teacher", "Absent all week.", "No", "", "",
                          "Parent said the child was ill.", "", ""],
                         ["10/03/2026", "", "09:00", "Pastoral log", "Head of year",
                          "Child said the social worker visited home yesterday.", "Yes", "Seemed tired.",
                          "Told the designated safeguarding lead.", "", "", ""]])
        page.locator("input[type=file]").set_input_files(files=[{
            "name": "school.xlsx", "buffer": good,
            "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}])
        page.get_by_role("button", name="Upload and check").click()
        expect(page.get_by_text("Your entries have been imported")).to_be_visible()
        expect(page.locator("#entries")).to_contain_text("(2)")
        page.get_by_role("button", name="Check and submit").click()
        page.get_by_label("Name and role of the manager who signed this off").fill("Head teacher")
        page.get_by_role("button", name="Submit").click()
        sign_out(page)

        # Children's social care records the same visit the police did.
        as_person("csc_rep@test.example")
        page.get_by_role("link", name="Requests", exact=True).click()
        page.get_by_role("table", name="Open requests").get_by_role("link", name="TST-2026-001").click()
        page.get_by_role("button", name="Add an entry").click()
        fill_date(page, "Date of the event", date(2026, 3, 10))
        page.get_by_label("Time (optional)").fill("14:00")
        page.get_by_label("Source of information").fill("Case notes")
        page.get_by_label("Practitioner role").fill("Social worker")
        page.get_by_label("What happened", exact=True).fill("Home visit with police; mother present.")
        page.get_by_role("group", name="Was the child seen?").get_by_label("Yes", exact=True).check()
        page.get_by_label("Action taken").fill("Child in need plan reviewed.")
        page.get_by_role("button", name="Save entry").click()
        page.get_by_role("button", name="Check and submit").click()
        page.get_by_label("Name and role of the manager who signed this off").fill("Team manager")
        page.get_by_role("button", name="Submit").click()
        sign_out(page)

        # Before release the police representative sees only police entries.
        as_person("agency_rep@test.example")
        page.goto("/cases/TST-2026-001/")
        page.get_by_role("link", name="Merged chronology").click()
        expect(page.get_by_text("You see your own agency’s entries")).to_be_visible()
        expect(page.get_by_role("cell", name="Home visit with the social worker; mother present.")).to_be_visible()
        expect(page.get_by_text("Absent all week.")).to_have_count(0)
        expect(page.get_by_text("Home visit with police")).to_have_count(0)
        checked.check_accessibility()
        sign_out(page)

        # The lead reviewer sees all three in order, with provenance, and links the duplicate.
        as_person("lead_reviewer@test.example")
        page.goto("/contributions/cases/TST-2026-001/chronology/")
        rows = page.locator("table").last.locator("tbody tr")
        expect(rows).to_have_count(4)
        expect(rows.nth(0)).to_contain_text("Absent all week.")
        expect(rows.nth(0)).to_contain_text("Testshire Academy")
        expect(rows.nth(1)).to_contain_text("09:00")
        expect(rows.nth(2)).to_contain_text("Testshire Children’s Services")
        expect(rows.nth(3)).to_contain_text("Police log (Police constable); submitted by Agency Rep, version 1")
        flags = page.locator("#flags ~ .app-scroll table").first
        expect(flags).to_contain_text("Likely duplicate")
        checked.check_accessibility()
        flags.locator("tbody tr").filter(has_text="Likely duplicate").get_by_role("button", name="Link as the same event").click()
        expect(page.get_by_text("Likely duplicate: linked: the same event")).to_be_visible()
        checked.check_accessibility()
