"""Issue 17's joint review in a real browser: a domestic abuse related death review that the
Safeguarding Adults Board joins as a safeguarding adults review. One chronology from the agencies,
both frameworks' gates, one report approved by both chairs, then published. axe-core checks every
page visited."""

from datetime import date, datetime, timedelta

import pytest
import time_machine
from playwright.sync_api import expect

from casereview.adults.services import involvement_save
from casereview.cases.models import Case
from casereview.domestic import services as domestic
from casereview.reports import services as reports
from casereview.reports.models import PublicationDecision
from casereview.reports.queries import quality_rows
from e2e.test_case_lifecycle_journey import fill_date, sign_out
from e2e.test_foundation_journeys import sign_in
from tests.adults.helpers import enable_adults, sab_chair
from tests.domestic.helpers import csp_chair, step, under_review
from tests.factories import build_world

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_joint_dardr_and_sar_with_one_chronology_and_both_sign_offs(checked):
    with time_machine.travel(datetime(2026, 9, 1, 9, 0), tick=False) as clock:
        world = build_world()
        with time_machine.travel(datetime(2026, 3, 25, 9, 0), tick=False):
            case = under_review(world)
        enable_adults(world)
        sar_chair, dar_chair = sab_chair(world), csp_chair(world)
        page = checked.page

        def as_person(email):
            clock.shift(timedelta(minutes=1))
            sign_in(checked, email)

        # The business unit records that the board joins the review.
        as_person("bu_officer@test.example")
        page.goto(f"/cases/{case.reference}/")
        page.get_by_role("link", name="Run jointly").click()
        checked.check_accessibility()
        page.get_by_role("button", name="Run as a joint review").click()
        expect(page.locator(".govuk-error-summary")).to_contain_text("Select the kind of review")
        page.get_by_label("Safeguarding adults reviews").check()
        page.get_by_label("Why the review is held jointly").fill(
            "The woman who died had care and support needs; the board and the partnership agreed one review.")
        fill_date(page, "Date the joint review was agreed", date(2026, 3, 30))
        checked.check_accessibility()
        page.get_by_role("button", name="Run as a joint review").click()
        expect(page.get_by_text("The case is now a joint review")).to_be_visible()
        expect(page.get_by_text("Domestic abuse related death reviews, with Safeguarding adults reviews")
               ).to_be_visible()
        expect(page.get_by_role("link", name="Safeguarding adults review: screening")).to_be_visible()
        expect(page.get_by_text("Complete the safeguarding adults review")).to_be_visible()
        checked.check_accessibility()

        # One chronology from the police serves both reviews.
        page.get_by_role("link", name="Agency contributions: requests and returns").click()
        page.get_by_role("button", name="Ask agencies for information").click()
        page.get_by_label("Chronology", exact=True).check()
        page.get_by_label("Agency Rep, Testshire Police").check()
        page.get_by_label("Instructions").fill("One chronology for the joint review: the two years before the death.")
        page.get_by_role("button", name="Check before sending").click()
        page.get_by_role("button", name="Send requests").click()
        expect(page.get_by_text("1 request sent")).to_be_visible()
        sign_out(page)

        as_person("agency_rep@test.example")
        page.get_by_role("link", name="Requests", exact=True).click()
        page.get_by_role("table", name="Open requests").get_by_role("link", name=case.reference).click()
        page.get_by_role("button", name="Add an entry").click()
        fill_date(page, "Date of the event", date(2026, 2, 10))
        page.get_by_label("Source of information").fill("Police log")
        page.get_by_label("Practitioner role").fill("Police constable")
        page.get_by_label("What happened", exact=True).fill("Call to the address; raised voices; no arrest.")
        page.get_by_label("Action taken").fill("Domestic abuse risk assessment completed.")
        page.get_by_role("button", name="Save entry").click()
        page.get_by_role("button", name="Check and submit").click()
        page.get_by_label("Name and role of the manager who signed this off").fill("Inspector Grey")
        page.get_by_role("button", name="Submit").click()
        expect(page.get_by_text("Submitted. The business unit has been told.")).to_be_visible()
        sign_out(page)

        as_person("bu_officer@test.example")
        page.goto(f"/contributions/cases/{case.reference}/chronology/")
        expect(page.get_by_text("Call to the address; raised voices; no arrest.")).to_be_visible()
        checked.check_accessibility()
        sign_out(page)

        # The stages run with both frameworks' gates: the family's advocacy and the adult's involvement.
        officer = world.people["bu_officer"]
        case = Case.objects.get(pk=case.pk)
        reports.terms_of_reference_save(case=case, by=officer, data={"agreed_on": date(2026, 4, 1)})
        case = step(case, "advance", officer, terms_of_reference_on=date(2026, 4, 1))
        case = step(case, "advance", officer, note="")
        domestic.family_save(case=case, by=officer, chosen_name="Rose", data={
            "first_letter_on": date(2026, 4, 2), "advocacy": "aafda", "advocacy_offered_on": date(2026, 4, 2),
            "met_family_on": date(2026, 4, 20), "tribute": True})
        as_person("bu_officer@test.example")
        page.goto(f"/cases/{case.reference}/")
        page.get_by_role("button", name="Complete this stage").click()
        page.get_by_role("button", name="Complete this stage").click()
        expect(page.locator(".govuk-error-summary")).to_contain_text("Record how the adult")
        sign_out(page)
        involvement_save(case=case, by=officer, data={
            "consent": "died", "consent_on": None, "capacity_notes": "", "public_interest_reason": "",
            "advocacy": "not_applicable", "advocate_role": "", "family_invited": "yes",
            "family_invited_on": date(2026, 4, 2), "family_not_invited_reason": "", "how_described": "As “Rose”."})
        case = step(case, "advance", officer, note="")
        reports.version_save(case=case, by=world.people["lead_reviewer"], sections={
            "person": "<p>Rose loved her allotment.</p>",
            "analysis": "<p>Her care needs and the abuse were known to different agencies.</p>"})
        case = step(case, "advance", officer, note="")
        for marker, _ in quality_rows(case):
            reports.quality_check_save(case=case, by=world.people["bu_manager"], marker=marker, met=True,
                                       evidence="Checked by both subgroups.")

        # One report, approved by both chairs.
        for chair in (dar_chair, sar_chair):
            as_person(chair.email)
            page.goto(f"/reports/{case.reference}/")
            page.get_by_role("button", name="Approve version").click()
            checked.check_accessibility()
            page.get_by_role("button", name="Approve").click()
            expect(page.get_by_text("Your approval of version")).to_be_visible()
            sign_out(page)

        as_person("bu_officer@test.example")
        page.goto(f"/reports/{case.reference}/")
        checked.check_accessibility()
        reports.publication_decision_save(case=case, by=officer, form=PublicationDecision.Form.FULL,
                                          response="The partnership and the board accept the findings.")
        page.goto(f"/cases/{case.reference}/")
        page.get_by_role("button", name="Complete this stage").click()
        fill_date(page, "Date the Community Safety Partnership's chair signed off the report", date(2026, 9, 1))
        page.get_by_role("button", name="Complete this stage").click()
        expect(page.get_by_text("Complete this stage: done")).to_be_visible()
        domestic.qa_feedback_add(case=Case.objects.get(pk=case.pk), by=officer, data={
            "panel_met_on": date(2026, 9, 1), "letter_on": date(2026, 9, 1), "outcome": "content",
            "summary": "Content to publish."})
        page.goto(f"/cases/{case.reference}/")
        page.get_by_role("button", name="Complete this stage").click()
        page.get_by_role("button", name="Complete this stage").click()
        page.goto(f"/reports/{case.reference}/publish/")
        fill_date(page, "Publication date", date(2026, 9, 1))
        page.get_by_role("button", name="Publish").click()
        expect(page.get_by_text("Published. The report is in the public library")).to_be_visible()
        checked.check_accessibility()
