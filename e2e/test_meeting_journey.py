"""Issue 18's second journey in a real browser: the business unit plans a rapid review meeting,
invites the partners, puts the case on the agenda with its agency summaries as a paper, records
who attended, writes the minutes and a decision, and the decision moves the case: the meeting and
the partners' agreement are recorded, then the rapid review goes to the Panel. An invited partner
reads the paper beforehand from Your work."""

from datetime import date, datetime

import pytest
import time_machine
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from playwright.sync_api import expect

from casereview.casefiles import services as casefiles
from casereview.cases.models import Case, CaseStatus
from e2e.test_case_lifecycle_journey import fill_date
from e2e.test_foundation_journeys import sign_in
from tests.cases.journey import rapid_review_recorded, referred_case, screened_and_notified, step
from tests.factories import build_world

pytestmark = pytest.mark.django_db(transaction=True)

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
MEETING_DAY = date(2026, 1, 19)


def _case_waiting_for_its_meeting(world) -> Case:
    case = screened_and_notified(world, referred_case(world, aware=date(2026, 1, 5)), on=date(2026, 1, 6))
    case = step(case, "rapid_review_progress", world.people["bu_officer"], summaries_requested_on=date(2026, 1, 8),
                summaries_received_on=date(2026, 1, 15))
    rapid_review_recorded(world, case)
    casefiles.document_add(case=case, by=world.people["bu_officer"], title="Agency summaries",
                           upload=SimpleUploadedFile("summaries.pdf", PDF))
    return case


def test_a_rapid_review_meeting_is_held_and_its_decision_moves_the_case(checked, browser, live_server, settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    with time_machine.travel(datetime(2026, 1, 16, 9, 0), tick=False):
        world = build_world()
        case = _case_waiting_for_its_meeting(world)
    page = checked.page
    with time_machine.travel(datetime(2026, 1, 16, 9, 0), tick=True):
        sign_in(checked, "bu_officer@test.example")
        page.goto("/your-work/")
        page.get_by_role("link", name="Meetings", exact=True).click()
        checked.check_accessibility()
        page.get_by_role("button", name="Plan a meeting").click()
        page.get_by_role("button", name="Plan the meeting").click()  # empty: the error summary says what to give
        summary = page.locator(".govuk-error-summary")
        expect(summary).to_contain_text("Select the kind of meeting")
        expect(summary).to_contain_text("Enter the start time")
        checked.check_accessibility()
        page.get_by_label("Rapid review meeting").check()
        fill_date(page, "Date", MEETING_DAY)
        page.get_by_label("Start time").fill("09:30")
        page.get_by_label("How long, in minutes").fill("60")
        page.get_by_label("Where").fill("Microsoft Teams")
        page.get_by_label("Chair (optional)").select_option(label="Chair")
        page.get_by_role("button", name="Plan the meeting").click()
        expect(page.get_by_text("The rapid review meeting is planned")).to_be_visible()
        checked.check_accessibility()

        # Who to invite, then the agenda with its paper, then the invitations.
        page.get_by_role("link", name="Change who is invited and send invitations").click()
        page.get_by_label("Who to invite").select_option(label="Partner Police")
        page.get_by_role("button", name="Add to the list").click()
        expect(page.get_by_text("Partner Police has been added")).to_be_visible()
        checked.check_accessibility()
        page.get_by_role("link", name="Back to the meeting").click()
        page.get_by_role("button", name="Add to the agenda").click()
        page.get_by_label("Case", exact=True).select_option(label=f"{case.reference} {case.pseudonym}")
        page.get_by_role("button", name="Add to the agenda").click()
        expect(page.get_by_text("Now choose its papers")).to_be_visible()
        checked.check_accessibility()
        page.get_by_label("Agency summaries").check()
        page.get_by_role("button", name="Save the item").click()
        expect(page.get_by_text("send the invitations")).to_be_visible()
        page.get_by_role("link", name="send the invitations").click()
        page.get_by_role("button", name="Send the invitations").click()
        expect(page.get_by_text("Invitations are on their way to 2 people")).to_be_visible()
        checked.check_accessibility()
        invited = [m for m in mail.outbox if "Invitation: Rapid review meeting" in m.subject]
        assert len(invited) == 2 and all(m.attachments[0][0] == "invitation.ics" for m in invited)

    # The partner, not on the case, reads the paper from Your work before the meeting.
    partner = browser.new_context(base_url=live_server.url)
    with time_machine.travel(datetime(2026, 1, 16, 14, 0), tick=True):
        from e2e.conftest import Checked

        other = Checked(partner.new_page())
        sign_in(other, "partner_police@test.example")
        other.page.goto("/your-work/")
        expect(other.page.get_by_role("heading", name="Meetings you are invited to (1)")).to_be_visible()
        other.check_accessibility()
        other.page.get_by_role("link", name="Read the papers for the rapid review meeting").click()
        with other.page.expect_download() as download:
            other.page.get_by_role("link", name="Download the paper: Agency summaries").click()
        assert download.value.suggested_filename == "summaries.pdf"
        other.check_accessibility()
    partner.close()

    with time_machine.travel(datetime(2026, 1, 19, 11, 0), tick=True):
        sign_in(checked, "bu_officer@test.example")  # days later: the earlier session has timed out
        page.goto("/your-work/")
        checked.check_accessibility()
        page.get_by_role("link", name="Record who attended the rapid review meeting").click()
        page.get_by_role("button", name="Record who attended").click()
        page.get_by_role("button", name="Record attendance").click()  # nothing chosen
        expect(page.locator(".govuk-error-summary")).to_contain_text("Select whether Chair attended")
        checked.check_accessibility()
        page.get_by_role("group", name="Chair").get_by_label("Attended").check()
        page.get_by_role("group", name="Partner Police").get_by_label("Sent apologies").check()
        page.get_by_role("button", name="Record attendance").click()
        expect(page.get_by_text("Attendance has been recorded")).to_be_visible()

        # The minutes and the decision, which records the meeting and the agreement...
        page.get_by_role("link", name="Write the minutes and decision").click()
        page.get_by_label("Minutes", exact=True).fill("The agency summaries were considered. Learning about sharing bruising.")
        page.get_by_label("Decision (optional)").fill("The partners agree the rapid review and send it to the "
                                                      "Panel, recommending a local review.")
        page.get_by_label("Record rapid review progress").check()
        checked.check_accessibility()
        page.get_by_role("button", name="Save the minutes").click()
        expect(page.get_by_role("heading", name="Record rapid review progress")).to_be_visible()
        checked.check_accessibility()
        expect(page.get_by_role("group", name="Rapid review meeting held").get_by_label("Day")).to_have_value("19")
        page.get_by_role("button", name="Record rapid review progress").click()
        expect(page.get_by_text("Record rapid review progress: done")).to_be_visible()

        # ...then sends the rapid review to the Panel: the case moves on.
        page.get_by_role("link", name="Take a further step from this decision").click()
        page.get_by_label("Send the rapid review to the Panel").check()
        page.get_by_role("button", name="Save the minutes").click()
        page.get_by_label("Local child safeguarding practice review").check()
        page.get_by_role("button", name="Send the rapid review to the Panel").click()
        expect(page.get_by_text("Send the rapid review to the Panel: done")).to_be_visible()
        expect(page.get_by_text("Record rapid review progress; Send the rapid review to the Panel")).to_be_visible()
        checked.check_accessibility()
        case.refresh_from_db()
        assert case.status == CaseStatus.AWAITING_PANEL

        # An action, then the minutes are agreed.
        page.get_by_role("button", name="Record an action").click()
        page.get_by_label("Action").fill("Send the Panel's reply to the partners")
        page.get_by_label("Who does it").select_option(label="Bu Officer")
        fill_date(page, "Due by", date(2026, 1, 30))
        page.get_by_role("button", name="Record the action").click()
        expect(page.get_by_text("The action is recorded for Bu Officer")).to_be_visible()
        page.get_by_role("button", name="Agree the minutes").click()
        expect(page.get_by_text("The minutes are agreed. Attendees can no longer read the papers.")).to_be_visible()
        expect(page.get_by_text("Attendees can no longer read these papers")).to_be_visible()
        checked.check_accessibility()

        page.goto(f"/meetings/case/{case.reference}/")
        expect(page.get_by_text("recommending a local review")).to_be_visible()
        checked.check_accessibility()
