"""Issue 17's safeguarding adults review in a real browser: an agency refers an adult, the business
unit acknowledges and screens the referral against section 44 and asks agencies for information
under section 45, the SAR subgroup recommends, the board's independent chair decides, the adult's
and family's involvement is recorded, the chair signs off the report, it is published and the
board's annual report figures count it. axe-core checks every page visited."""

from datetime import date, datetime, timedelta

import pytest
import time_machine
from playwright.sync_api import expect

from casereview.cases.models import Case, CaseMembership, CaseRole
from casereview.learning import services as learning
from casereview.reports import services as reports
from casereview.reports.models import QualityMarker
from e2e.test_case_lifecycle_journey import fill_date, sign_out
from e2e.test_foundation_journeys import sign_in
from tests.adults.helpers import enable_adults, sab_chair, step
from tests.factories import build_world

pytestmark = pytest.mark.django_db(transaction=True)


def _yes(page, legend: str) -> None:
    page.get_by_role("group", name=legend).get_by_label("Yes", exact=True).check()


def test_a_safeguarding_adults_review_from_referral_to_the_annual_report(checked):
    with time_machine.travel(datetime(2026, 6, 1, 9, 0), tick=False) as clock:
        world = build_world()
        enable_adults(world)
        chair = sab_chair(world)
        page = checked.page

        def as_person(email):
            clock.shift(timedelta(minutes=1))
            sign_in(checked, email)

        # An agency's representative refers the adult.
        as_person("agency_rep@test.example")
        page.goto("/referrals/")
        checked.check_accessibility()
        page.get_by_role("button", name="Start a referral: SAR").click()
        page.get_by_label("Your job title").fill("Safeguarding adults lead")
        page.get_by_label("The adult's full name").fill("Edna Testperson")
        page.get_by_label("Age in years").fill("17")
        page.get_by_role("button", name="Save and check").click()
        expect(page.locator(".govuk-error-summary")).to_contain_text("aged 18 or over")
        checked.check_accessibility()
        page.get_by_label("Age in years").fill("78")
        page.get_by_role("group", name="Sex").get_by_label("Female").check()
        page.get_by_label("Local authority where the adult lived").select_option(label="Testshire Council")
        page.get_by_role("group", name="What happened to the adult?").get_by_label("The adult has died").check()
        fill_date(page, "Date of the death or of the most recent serious incident", date(2026, 5, 20))
        _yes(page, "Did the adult have needs for care and support?")
        page.get_by_role("group", name="Is abuse or neglect (including self-neglect) known or suspected?").get_by_label(
            "Suspected", exact=True).check()
        page.get_by_label("Self-neglect").check()
        _yes(page, "Is there concern about how agencies worked together to keep the adult safe?")
        page.get_by_label("What happened, and why you think agencies could learn from it").fill(
            "Died at home after months of self-neglect that three agencies knew about.")
        fill_date(page, "Date your agency became aware of the concern", date(2026, 5, 21))
        checked.check_accessibility()
        page.get_by_role("button", name="Save and check").click()
        expect(page.get_by_role("heading", name="Check your referral")).to_be_visible()
        checked.check_accessibility()
        page.get_by_role("button", name="Submit the referral").click()
        expect(page.get_by_role("heading", name="Referral submitted")).to_be_visible()
        checked.check_accessibility()
        case = Case.objects.get(framework="adults")
        assert case.pseudonym.startswith("Adult ")
        sign_out(page)

        # The business unit acknowledges and screens it, and asks the agencies under section 45.
        as_person("bu_officer@test.example")
        page.goto(f"/cases/{case.reference}/")
        expect(page.get_by_text("Acknowledge the SAR referral")).to_be_visible()
        checked.check_accessibility()
        page.get_by_role("button", name="Acknowledge and screen the referral").click()
        fill_date(page, "Date the referral was acknowledged", date(2026, 6, 1))
        _yes(page, "Did the adult have needs for care and support?")
        page.get_by_role("group", name="Is abuse or neglect known or suspected: abuse or neglect that led to the "
                                       "death, or serious abuse or neglect of an adult who is alive?").get_by_label(
            "Yes", exact=True).check()
        _yes(page, "Is there reasonable cause for concern about how agencies worked together?")
        page.get_by_label("Ask the agencies for information first (section 45)").check()
        page.get_by_label("Rationale").fill("All three tests of section 44(1) to (3) appear to be met.")
        checked.check_accessibility()
        page.get_by_role("button", name="Acknowledge and screen the referral").click()
        expect(page.get_by_text("Acknowledge and screen the referral: done")).to_be_visible()

        page.get_by_role("link", name="Agency contributions: requests and returns").click()
        page.get_by_role("button", name="Ask agencies for information").click()
        page.get_by_label("Information for a safeguarding adults review (Care Act section 45)").check()
        page.get_by_label("Agency Rep, Testshire Police").check()
        page.get_by_label("Instructions").fill("Under section 45, tell the board what your agency knew.")
        checked.check_accessibility()
        page.get_by_role("button", name="Check before sending").click()
        page.get_by_role("button", name="Send requests").click()
        expect(page.get_by_role("table")).to_contain_text("Not started")
        checked.check_accessibility()

        page.goto(f"/cases/{case.reference}/")
        page.get_by_role("button", name="Send to the SAR subgroup").click()
        fill_date(page, "Date the agencies' information was complete", date(2026, 6, 1))
        page.get_by_role("button", name="Send to the SAR subgroup").click()
        page.get_by_role("button", name="Record the SAR subgroup's recommendation").click()
        fill_date(page, "Date the SAR subgroup met", date(2026, 6, 1))
        page.get_by_label("Commission a safeguarding adults review").check()
        page.get_by_label("Mandatory: section 44(1) to (3)").check()
        page.get_by_label("Suggested methodology").select_option(label="SCIE Learning Together")
        page.get_by_label("Rationale").fill("A mandatory review with systemic learning about self-neglect.")
        checked.check_accessibility()
        page.get_by_role("button", name="Record the SAR subgroup's recommendation").click()
        expect(page.get_by_text("Awaiting the independent chair's decision").first).to_be_visible()
        sign_out(page)

        # The board's independent chair decides; she sees adults' reviews, not the children's.
        as_person(chair.email)
        page.goto(f"/cases/{world.case.reference}/")
        expect(page.get_by_role("heading", name="You do not have access")).to_be_visible()
        page.goto(f"/cases/{case.reference}/")
        page.get_by_role("button", name="Record the independent chair's decision").click()
        page.get_by_role("group", name="The independent chair's decision").get_by_label(
            "Commission a safeguarding adults review").check()
        page.get_by_label("Independent chair").select_option(label=chair.full_name)
        fill_date(page, "Date of the decision", date(2026, 6, 1))
        page.get_by_label("Rationale").fill("I agree with the subgroup: a mandatory review.")
        checked.check_accessibility()
        page.get_by_role("button", name="Record the independent chair's decision").click()
        expect(page.get_by_text("Commissioned").first).to_be_visible()
        sign_out(page)

        # Commissioned and gathering information (as the service takes those steps), then the
        # business unit records the adult's and family's involvement, which the analysis waits for.
        officer = world.people["bu_officer"]
        case = Case.objects.get(pk=case.pk)
        CaseMembership.objects.create(case=case, person=world.people["lead_reviewer"], role=CaseRole.LEAD_REVIEWER)
        reports.terms_of_reference_save(case=case, by=officer, data={"agreed_on": date(2026, 6, 1)})
        case = step(case, "advance", officer, terms_of_reference_on=date(2026, 6, 1))
        case = step(case, "advance", officer, note="")
        as_person("bu_officer@test.example")
        page.goto(f"/cases/{case.reference}/")
        page.get_by_role("button", name="Complete this stage").click()
        page.get_by_role("button", name="Complete this stage").click()
        expect(page.locator(".govuk-error-summary")).to_contain_text("Record how the adult")
        page.goto(f"/cases/{case.reference}/")
        page.get_by_role("link", name="Safeguarding adults review: screening, the chair's decision and the adult's "
                                       "involvement").click()
        expect(page.get_by_text("A mandatory review: section 44(1) to (3)")).to_be_visible()
        checked.check_accessibility()
        page.get_by_role("button", name="Record the involvement").click()
        page.get_by_label("The adult has died", exact=True).check()
        page.get_by_label("Not applicable: the adult has died").check()
        _yes(page, "Was the family invited to take part?")
        fill_date(page, "Date the family was invited", date(2026, 6, 1))
        page.get_by_label("How the adult is to be described in the report (optional)").fill("As “Mrs E”, as her "
                                                                                             "daughter asked.")
        checked.check_accessibility()
        page.get_by_role("button", name="Save").click()
        expect(page.get_by_text("The adult's involvement has been recorded")).to_be_visible()
        page.goto(f"/cases/{case.reference}/")
        page.get_by_role("button", name="Complete this stage").click()
        page.get_by_role("button", name="Complete this stage").click()
        expect(page.get_by_text("Complete this stage: done")).to_be_visible()
        sign_out(page)

        # The report is drafted and assured against SCIE's markers; the chair signs it off.
        case = Case.objects.get(pk=case.pk)
        reports.version_save(case=case, by=world.people["lead_reviewer"], sections={
            "introduction": "<p>A mandatory review under section 44.</p>",
            "analysis": "<p>Self-neglect was seen as a lifestyle choice, so nobody assessed capacity.</p>",
            "recommendations": "<ol><li>A self-neglect protocol.</li></ol>"})
        case = step(case, "advance", officer, note="")
        for marker in QualityMarker.objects.filter(partnership=world.partnership, framework="adults"):
            reports.quality_check_save(case=case, by=world.people["bu_manager"], marker=marker, met=True,
                                       evidence="Checked by the SAR subgroup.")
        case = step(case, "advance", officer, note="")
        as_person(chair.email)
        page.goto(f"/reports/{case.reference}/")
        page.get_by_role("button", name="Approve version").click()
        checked.check_accessibility()
        page.get_by_role("button", name="Approve").click()
        expect(page.get_by_text("Your approval of version")).to_be_visible()
        sign_out(page)

        # The business unit completes the board's approval and publishes.
        as_person("bu_officer@test.example")
        page.goto(f"/reports/{case.reference}/")
        page.get_by_role("link", name="Record the decision").click()
        page.get_by_label("Full report").check()
        page.get_by_label("The Safeguarding Adults Board’s response").fill("The board accepts the finding.")
        page.get_by_role("button", name="Save").click()
        page.goto(f"/cases/{case.reference}/")
        page.get_by_role("button", name="Complete this stage").click()
        fill_date(page, "Date the Safeguarding Adults Board's independent chair signed off the report",
                  date(2026, 6, 1))
        checked.check_accessibility()
        page.get_by_role("button", name="Complete this stage").click()
        expect(page.get_by_text("Complete this stage: done")).to_be_visible()
        page.goto(f"/reports/{case.reference}/publish/")
        fill_date(page, "Publication date", date(2026, 6, 1))
        checked.check_accessibility()
        page.get_by_role("button", name="Publish").click()
        expect(page.get_by_text("Published. The report is in the public library")).to_be_visible()

        # Its finding is acted on; the annual report figures count the review as concluded this year.
        case = Case.objects.get(pk=case.pk)
        finding = learning.finding_add(case=case, by=officer, text="Capacity was never assessed.", themes=[])
        learning.finding_add(case=case, by=officer, text="Housing was not told.", themes=[])
        recommendation = learning.recommendation_add(case=case, by=officer, finding=finding, text="A protocol.")
        action = learning.action_add(recommendation=recommendation, by=officer, description="Write the protocol.",
                                     agency=world.agencies["police"], lead=world.people["agency_rep"],
                                     start_on=date(2026, 6, 1), due_on=date(2026, 9, 1), success_measure="Used.")
        learning.action_update_add(action=action, by=world.people["agency_rep"], text="Done.", mark_done=True)
        page.goto(f"/adults/{world.partnership.slug}/annual-report/")
        expect(page.get_by_role("heading", name="Reviews concluded: 1")).to_be_visible()
        expect(page.get_by_role("heading", name="Action taken on the findings: 1 completed, 0 still open")
               ).to_be_visible()
        checked.check_accessibility()
        page.get_by_role("link", name="Record the reason for not acting").click()
        page.get_by_label("Why the board is not acting on this finding").fill("Housing changed its policy already.")
        fill_date(page, "Date the board decided", date(2026, 6, 1))
        checked.check_accessibility()
        page.get_by_role("button", name="Record the reason").click()
        expect(page.get_by_role("heading", name="Findings not acted on, and why: 1")).to_be_visible()
        checked.check_accessibility()
