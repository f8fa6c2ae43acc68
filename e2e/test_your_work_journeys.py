"""Each role's day, in the browser: sign in, land on "Your work", follow each kind of item to the
place it is acted on, act, and see the item leave the list."""

from __future__ import annotations

from datetime import date, datetime

import pytest
import time_machine
from playwright.sync_api import expect

from casereview.audit.models import AuditEvent
from casereview.contributions import services as contributions
from casereview.contributions.models import AgencyRequest
from casereview.learning import services as learning
from casereview.reports import services as reports
from e2e.test_case_lifecycle_journey import fill_date, fill_lcspr_decision, sign_out
from e2e.test_foundation_journeys import sign_in
from tests.cases.journey import lcspr_at_stage, rapid_review_done, referred_case, screened_and_notified, step
from tests.contributions.helpers import submit_entries
from tests.factories import build_world
from tests.work.scenarios import chair_work, lead_reviewer_work

pytestmark = pytest.mark.django_db(transaction=True)
NOW = datetime(2026, 6, 1, 9, 0)


def _land(checked, email: str) -> None:
    sign_in(checked, email)
    expect(checked.page.get_by_role("heading", name="Your work", exact=True)).to_be_visible()
    checked.check_accessibility()


def _section(page, title: str):
    return page.locator(f"h2:has-text('{title}') + *")


def _item(page, title: str, reference: str):
    return _section(page, title).locator("li", has_text=reference).get_by_role("link")


def _back_to_work(page) -> None:
    page.wait_for_load_state()
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Your work").click()


def _overdue_action(world):
    bu = world.people["bu_officer"]
    recommendation = learning.recommendation_add(case=world.case, by=bu, text="Share bruising concerns.")
    return learning.action_add(recommendation=recommendation, by=bu, description="Audit the bruising protocol.",
                               agency=world.agencies["police"], lead=world.people["agency_rep"],
                               start_on=date(2026, 3, 1), due_on=date(2026, 5, 1), success_measure="Audit.")


def _finish_action(page) -> None:
    page.get_by_label("Progress").fill("Audit of 20 referrals done: every one discussed the same day.")
    page.get_by_label("The action is done").check()
    page.get_by_role("button", name="Save update").click()
    expect(page.get_by_text("Your update has been recorded")).to_be_visible()
    _back_to_work(page)


def test_the_agency_representative_answers_a_request_that_names_the_child(checked):
    with time_machine.travel(NOW, tick=True):
        world = build_world()
        police = contributions.requests_send(case=world.case, by=world.people["bu_officer"], kind="chronology",
                                             contributors={world.agencies["police"].pk: [world.people["agency_rep"]]},
                                             instructions="Cover the twelve months before the incident.")[0]
        _overdue_action(world)
        page = checked.page
        _land(checked, "agency_rep@test.example")
        requests = _section(page, "Requests for your agency")
        expect(requests).to_contain_text("TST-2026-001 Child A")
        requests.get_by_role("link", name="Chronology for Testshire Police").click()
        # The request says who the child is, so the agency can find them in its own records.
        expect(page.get_by_role("heading", name="Who this request is about")).to_be_visible()
        expect(page.get_by_text("Jayden Testperson")).to_be_visible()
        expect(page.get_by_text("4 March 2019")).to_be_visible()
        checked.check_accessibility()
        page.get_by_role("button", name="Add an entry").click()
        fill_date(page, "Date of the event", date(2026, 1, 5))
        page.get_by_label("Source of information").fill("Police log")
        page.get_by_label("Practitioner role").fill("Police constable")
        page.get_by_label("What happened").fill("Call about a crying baby; officers attended.")
        page.get_by_label("Action taken").fill("Words of advice given.")
        page.get_by_role("button", name="Save entry").click()
        page.get_by_role("button", name="Check and submit").click()
        expect(page.get_by_role("heading", name="Check your answers")).to_be_visible()
        expect(page.get_by_role("table")).to_contain_text("Call about a crying baby")
        checked.check_accessibility()
        page.get_by_label("Name and role of the manager who signed this off").fill("Inspector, public protection unit")
        page.get_by_role("button", name="Submit").click()
        expect(page.get_by_text("Submitted.")).to_be_visible()
        _back_to_work(page)
        expect(_section(page, "Requests for your agency")).to_have_text("You have no open requests.")
        checked.check_accessibility()
        # Their improvement action: progress recorded and the action done.
        _section(page, "Improvement actions for you or your agency").get_by_role("link").first.click()
        _finish_action(page)
        expect(_section(page, "Improvement actions for you or your agency")).to_have_text(
            "You have no open improvement actions.")
        assert AgencyRequest.objects.get(pk=police.pk).status == "submitted"
        assert AuditEvent.objects.filter(action="view_identity", actor=world.people["agency_rep"],
                                         case=world.case).exists()


def test_the_business_unit_works_through_its_list(checked):
    with time_machine.travel(NOW, tick=True):
        world = build_world()
        bu = world.people["bu_officer"]
        late = screened_and_notified(world, referred_case(world, aware=date(2026, 4, 1)), on=date(2026, 4, 2))
        police = contributions.requests_send(case=late, by=bu, kind="chronology",
                                             contributors={world.agencies["police"].pk: [world.people["agency_rep"]]},
                                             instructions="x")[0]
        AgencyRequest.objects.filter(pk=police.pk).update(due_on=date(2026, 5, 20))
        school = contributions.requests_send(
            case=late, by=bu, kind="chronology",
            contributors={world.agencies["school"].pk: [world.people["agency_rep_elsewhere"]]}, instructions="x")[0]
        submit_entries(world, school, "agency_rep_elsewhere", [{"on": date(2026, 1, 5)}])
        held = lcspr_at_stage(world, 1)
        fresh = referred_case(world, aware=date(2026, 5, 28))
        unnotified = step(referred_case(world, aware=date(2026, 5, 11)), "screen", bu, abuse_or_neglect="suspected",
                          death_or_serious_harm="yes", outcome="notify", rationale="Both tests met.",
                          screened_on=date(2026, 5, 12))
        approved = lcspr_at_stage(world, 4)
        reports.version_save(case=approved, by=world.people["lead_reviewer"], sections={
            "introduction": "<p>Jordan Example was seen by the health visitor.</p>"})
        _overdue_action(world)
        step(held, "hold_place", bu, reason="inquest", started_on=date(2026, 5, 20), review_on=date(2026, 6, 3))
        page = checked.page
        _land(checked, "bu_officer@test.example")

        # A referral to screen: the referral is beside the form.
        _section(page, "Referrals to screen").locator("li", has_text=fresh.reference).get_by_role(
            "link", name="Screen the referral").click()
        expect(page.get_by_role("heading", name="The referral")).to_be_visible()
        page.get_by_role("group", name="Is abuse or neglect of the child known or suspected?").get_by_label(
            "Suspected", exact=True).check()
        page.get_by_role("group", name="Has the child died or been seriously harmed?").get_by_label(
            "Yes", exact=True).check()
        page.get_by_role("group", name="Outcome").get_by_label("Notify the National Panel").check()
        page.get_by_label("Rationale").fill("Both tests are met.")
        fill_date(page, "Date of screening", date(2026, 6, 1))
        checked.check_accessibility()
        page.get_by_role("button", name="Record the screening").click()
        _back_to_work(page)
        expect(_section(page, "Referrals to screen")).not_to_contain_text(fresh.reference)

        # A return to check: used, and the author told.
        _section(page, "Returns to check").get_by_role("link").first.click()
        page.get_by_role("button", name="Tell the author it was used").click()
        page.get_by_label("How was it used?").fill("Merged into the chronology")
        page.get_by_role("button", name="Tell the author").click()
        _back_to_work(page)
        expect(_section(page, "Returns to check")).to_have_text("No agency return is waiting to be checked.")

        # An overdue request: a new date agreed with the agency, with the reason kept.
        _section(page, "Requests overdue").get_by_role("link", name="Chase the chronology from Testshire Police").click()
        page.get_by_role("link", name="Change the due date").click()
        fill_date(page, "New due date", date(2026, 6, 12))
        page.get_by_label("Why is the due date changing?").fill("Records are archived off site.")
        checked.check_accessibility()
        page.get_by_role("button", name="Change the due date").click()
        expect(page.get_by_text("The due date has been changed")).to_be_visible()
        _back_to_work(page)
        expect(_section(page, "Requests overdue")).to_have_text("No request to an agency is overdue.")

        # A missed deadline: the notification to the National Panel, recorded from the case page.
        _item(page, "Deadlines this week or missed", unnotified.reference).click()
        page.get_by_role("button", name="Record the notification to the National Panel").click()
        page.get_by_label("Notification reference").fill("CSINS-67890")
        fill_date(page, "Date the Panel was notified", date(2026, 6, 1))
        page.get_by_role("button", name="Record the notification to the National Panel").click()
        expect(page.get_by_text("Record the notification to the National Panel: done")).to_be_visible()
        _back_to_work(page)
        expect(_section(page, "Deadlines this week or missed")).not_to_contain_text(unnotified.reference)

        # A report waiting for the partners: the business unit sees where it stands.
        _item(page, "Reports waiting for approval", approved.reference).click()
        expect(page.get_by_role("heading", name="Sign-off")).to_be_visible()
        _back_to_work(page)

        # An anonymisation finding: decided (replaced with the pseudonym).
        _item(page, "Anonymisation findings to decide", approved.reference).click()
        checked.check_accessibility()
        page.get_by_role("button", name="Save decision").first.click()
        _back_to_work(page)
        expect(_section(page, "Anonymisation findings to decide")).to_have_text(
            "No finding of the anonymisation check is waiting for a decision.")

        # An overdue improvement action: brought up to date and done.
        _section(page, "Improvement actions overdue").get_by_role("link").first.click()
        _finish_action(page)
        expect(_section(page, "Improvement actions overdue")).to_have_text("No improvement action is overdue.")

        # A hold due for review: lifted from the case page.
        _section(page, "Holds due for review").get_by_role("link").first.click()
        page.get_by_role("button", name="Take the case off hold").click()
        fill_date(page, "Date work resumed", date(2026, 6, 1))
        page.get_by_role("button", name="Take the case off hold").click()
        _back_to_work(page)
        expect(_section(page, "Holds due for review")).to_have_text("No hold is due for review this week.")
        checked.check_accessibility()


def test_the_partner_decides_and_approves(checked):
    with time_machine.travel(NOW, tick=True):
        world = build_world()
        approved = lcspr_at_stage(world, 4)
        reports.version_save(case=approved, by=world.people["lead_reviewer"],
                             sections={"introduction": "<p>About Child B.</p>"})
        waiting = screened_and_notified(world, referred_case(world, aware=date(2026, 4, 1)), on=date(2026, 4, 2))
        waiting = rapid_review_done(world, waiting, requested=date(2026, 4, 7), received=date(2026, 4, 14),
                                    meeting=date(2026, 4, 16), agreed=date(2026, 4, 17), sent=date(2026, 4, 20),
                                    response_on=date(2026, 4, 30))
        page = checked.page
        _land(checked, "partner_police@test.example")
        # A decision: the route chosen from the step the case waits for.
        _item(page, "Decisions to make", waiting.reference).click()
        fill_lcspr_decision(page, date(2026, 6, 1))
        checked.check_accessibility()
        page.get_by_role("button", name="Record the partners' decision").click()
        expect(page.get_by_text("Record the partners' decision: done")).to_be_visible()
        _back_to_work(page)
        expect(_section(page, "Decisions to make")).to_have_text("No case is waiting for the partners' decision.")
        _section(page, "Reports to approve").get_by_role("link", name="Approve version 1 of the report").click()
        checked.check_accessibility()
        page.get_by_role("button", name="Approve").click()
        _back_to_work(page)
        expect(_section(page, "Reports to approve")).to_have_text("No report is waiting for your approval.")
        # Told, not left to find it.
        page.get_by_role("link", name="Notifications").click()
        expect(page.get_by_text(f"The report of {approved.reference} is waiting for your approval")).to_be_visible()
        checked.check_accessibility()


def test_the_chair_approves_a_briefing_and_assures_an_action(checked):
    with time_machine.travel(NOW, tick=True):
        world = build_world()
        case, _ = chair_work(world)
        page = checked.page
        _land(checked, "chair@test.example")
        _item(page, "Reports to quality-assure", case.reference).click()
        # .all() does not wait: the checklist must be on the page first.
        expect(page.get_by_label("Met").first).to_be_visible()
        for box in page.get_by_label("Met").all():
            box.check()
        for evidence in page.get_by_label("Evidence").all():
            evidence.fill("Seen by the review subgroup.")
        page.get_by_role("button", name="Save checklist").click()
        expect(page.get_by_text("The quality assurance checklist has been saved")).to_be_visible()
        _back_to_work(page)
        expect(_section(page, "Reports to quality-assure")).to_have_text(
            "No report is waiting for quality assurance.")
        _section(page, "Briefings to approve").get_by_role("link").first.click()
        page.get_by_role("button", name="Approve").click()
        _back_to_work(page)
        expect(_section(page, "Briefings to approve")).to_have_text("No briefing is waiting for approval.")
        _section(page, "Actions waiting for assurance").get_by_role("link").first.click()
        checked.check_accessibility()
        page.get_by_role("button", name="Assure: impact is evidenced").click()
        _back_to_work(page)
        expect(_section(page, "Actions waiting for assurance")).to_have_text(
            "No completed action is waiting for assurance.")


def test_the_lead_reviewer_answers_comments_and_resolves_flags(checked):
    with time_machine.travel(NOW, tick=True):
        world = build_world()
        case, to_write = lead_reviewer_work(world)
        page = checked.page
        _land(checked, "lead_reviewer@test.example")
        _item(page, "Reports to write", to_write.reference).click()
        page.get_by_label("Introduction and why this review was held").fill("<p>This review is about Child C.</p>")
        page.get_by_role("button", name="Save as a new version").click()
        expect(page.get_by_text("Saved as version 1")).to_be_visible()
        _back_to_work(page)
        expect(_section(page, "Reports to write")).to_have_text("No report of yours is waiting to be started.")
        _section(page, "Factual accuracy comments to answer").get_by_role("link").first.click()
        page.get_by_label("Your response").fill("Corrected in version 2.")
        page.get_by_role("button", name="Record response").click()
        _back_to_work(page)
        expect(_section(page, "Factual accuracy comments to answer")).to_have_text(
            "No factual accuracy comment is waiting.")
        _section(page, "Chronology flags to resolve").get_by_role("link").first.click()
        checked.check_accessibility()
        page.get_by_role("button", name="Link as the same event").click()
        _back_to_work(page)
        expect(_section(page, "Chronology flags to resolve")).to_have_text(
            "No duplicate or conflicting entry is waiting.")


def test_the_scrutineer_sees_what_they_oversee(checked):
    with time_machine.travel(NOW, tick=True):
        world = build_world()
        late = screened_and_notified(world, referred_case(world, aware=date(2026, 4, 1)), on=date(2026, 4, 2))
        page = checked.page
        _land(checked, "scrutineer@test.example")
        _section(page, "Missed deadlines").get_by_role("link").first.click()
        expect(page.get_by_role("heading", name=late.pseudonym)).to_be_visible()
        checked.check_accessibility()
        sign_out(page)
