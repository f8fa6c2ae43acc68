"""Issue 17's domestic abuse related death review in a real browser: the coordinator records the
police's notification, the community safety partnership's chair decides, the Home Office is told,
the family chooses the name the report uses with an AAFDA advocate beside them, the Home Office's
quality assurance panel's letter opens the way to publication, and the report goes to the Domestic
Abuse Commissioner. axe-core checks every page visited."""

from datetime import date, datetime, timedelta

import pytest
import time_machine
from playwright.sync_api import expect

from casereview.cases.models import Case, CaseMembership, CaseRole
from casereview.reports import services as reports
from casereview.reports.models import PublicationDecision, QualityMarker
from e2e.test_case_lifecycle_journey import fill_date, sign_out
from e2e.test_foundation_journeys import sign_in
from tests.domestic.helpers import csp_chair, enable_domestic, step
from tests.factories import build_world

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_domestic_abuse_related_death_review_from_notification_to_the_commissioner(checked):
    with time_machine.travel(datetime(2026, 9, 1, 9, 0), tick=False) as clock:
        world = build_world()
        enable_domestic(world, label="Domestic homicide reviews")
        chair = csp_chair(world)
        page = checked.page

        def as_person(email):
            clock.shift(timedelta(minutes=1))
            sign_in(checked, email)

        as_person("bu_officer@test.example")
        page.goto("/cases/")
        page.get_by_role("button", name="Record a police notification").click()
        page.get_by_label("Full name of the person who died").fill("Dana Testperson")
        page.get_by_label("Age in years").fill("15")
        page.get_by_role("button", name="Record the notification").click()
        expect(page.locator(".govuk-error-summary")).to_contain_text("aged 16 or over")
        checked.check_accessibility()
        fill_date(page, "Date the police notified the partnership", date(2026, 8, 28))
        page.get_by_label("Age in years").fill("34")
        page.get_by_role("group", name="Sex").get_by_label("Female").check()
        fill_date(page, "Date of death", date(2026, 8, 25))
        page.get_by_label("Homicide").check()
        page.get_by_label("Intimate partner", exact=True).check()
        page.get_by_label("Local authority").select_option(label="Testshire Council")
        page.get_by_role("button", name="Record the notification").click()
        expect(page.get_by_text("The notification is recorded as")).to_be_visible()
        expect(page.get_by_text("Decide whether to hold a review")).to_be_visible()
        checked.check_accessibility()
        case = Case.objects.get(framework="domestic_abuse")
        sign_out(page)

        as_person(chair.email)
        page.goto(f"/cases/{case.reference}/")
        page.get_by_role("button", name="Record the partnership's decision").click()
        page.get_by_label("Hold a review", exact=True).check()
        page.get_by_label("Reasons").fill("The death appears to have resulted from abuse by her partner.")
        page.get_by_label("Community safety partnership chair").select_option(label=chair.full_name)
        fill_date(page, "Date of the decision", date(2026, 9, 1))
        checked.check_accessibility()
        page.get_by_role("button", name="Record the partnership's decision").click()
        expect(page.get_by_text("Decided: the Home Office to be told").first).to_be_visible()
        sign_out(page)

        as_person("bu_officer@test.example")
        page.goto(f"/cases/{case.reference}/")
        page.get_by_role("button", name="Record that the Home Office was told").click()
        fill_date(page, "Date the Home Office was told", date(2026, 9, 1))
        checked.check_accessibility()
        page.get_by_role("button", name="Record that the Home Office was told").click()
        expect(page.get_by_text("Panel established").first).to_be_visible()

        # The panel is set up and the agencies' IMRs arrive (as the service takes those steps);
        # then the family and friends stage waits for the family's involvement.
        officer = world.people["bu_officer"]
        case = Case.objects.get(pk=case.pk)
        CaseMembership.objects.create(case=case, person=world.people["lead_reviewer"], role=CaseRole.LEAD_REVIEWER)
        reports.terms_of_reference_save(case=case, by=officer, data={"agreed_on": date(2026, 9, 1)})
        case = step(case, "advance", officer, terms_of_reference_on=date(2026, 9, 1))
        case = step(case, "advance", officer, note="")
        page.goto(f"/cases/{case.reference}/")
        page.get_by_role("link", name="Domestic abuse related death review: the decision").click()
        checked.check_accessibility()
        page.get_by_role("button", name="Record the family’s involvement").click()
        fill_date(page, "Date of the chair's first letter to the family", date(2026, 9, 1))
        page.get_by_label("Advocacy After Fatal Domestic Abuse (AAFDA)").check()
        page.get_by_label("The name the family chose for the report (optional)").fill("Dana")
        page.get_by_role("button", name="Save").click()
        expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the date advocacy was offered")
        fill_date(page, "Date specialist advocacy was offered", date(2026, 9, 1))
        page.get_by_role("button", name="Save").click()
        expect(page.locator(".govuk-error-summary")).to_contain_text("not part of the person's real name")
        checked.check_accessibility()
        page.get_by_label("The name the family chose for the report (optional)").fill("Rose")
        page.get_by_label("The report includes a tribute the family agreed").check()
        page.get_by_role("button", name="Save").click()
        expect(page.get_by_text("The family's involvement has been recorded")).to_be_visible()
        expect(page.get_by_text(f"{case.reference} Rose")).to_be_visible()

        # Drafted, quality-checked and signed off by the partnership's chair; it goes to the Home Office.
        case = Case.objects.get(pk=case.pk)
        case = step(case, "advance", officer, note="")
        version = reports.version_save(case=case, by=world.people["lead_reviewer"], sections={
            "person": "<p>Rose loved her allotment.</p>", "analysis": "<p>Nobody asked about the abuse.</p>"})
        case = step(case, "advance", officer, note="")
        for marker in QualityMarker.objects.filter(partnership=world.partnership, framework="domestic_abuse"):
            reports.quality_check_save(case=case, by=world.people["bu_manager"], marker=marker, met=True,
                                       evidence="Checked.")
        reports.approval_record(case=case, by=chair, version=version)
        case = step(case, "advance", officer, approved_on=date(2026, 9, 1))
        reports.publication_decision_save(case=case, by=officer, form=PublicationDecision.Form.FULL,
                                          response="The partnership accepts the findings.")

        # Publication waits for the Home Office panel's letter.
        page.goto(f"/cases/{case.reference}/")
        page.get_by_role("button", name="Complete this stage").click()
        page.get_by_role("button", name="Complete this stage").click()
        expect(page.locator(".govuk-error-summary")).to_contain_text("feedback letter first")
        checked.check_accessibility()
        page.goto(f"/domestic-abuse/cases/{case.reference}/")
        page.get_by_role("button", name="Record a feedback letter").click()
        fill_date(page, "Date the panel met", date(2026, 8, 31))
        fill_date(page, "Date of the feedback letter", date(2026, 9, 1))
        page.get_by_label("Content for the report to be published").check()
        page.get_by_label("What the letter asks for").fill("Content; add the family's tribute in full.")
        checked.check_accessibility()
        page.get_by_role("button", name="Record the letter").click()
        page.goto(f"/cases/{case.reference}/")
        page.get_by_role("button", name="Complete this stage").click()
        page.get_by_role("button", name="Complete this stage").click()
        expect(page.get_by_text("Complete this stage: done")).to_be_visible()
        page.goto(f"/reports/{case.reference}/publish/")
        fill_date(page, "Publication date", date(2026, 9, 1))
        checked.check_accessibility()
        page.get_by_role("button", name="Publish").click()
        expect(page.get_by_text("Published. The report is in the public library")).to_be_visible()

        # The case closes only once the report has gone to the Domestic Abuse Commissioner.
        page.goto(f"/cases/{case.reference}/")
        page.get_by_role("button", name="Complete this stage").click()
        page.get_by_label("How the learning has been embedded").fill("Routine enquiry in GP practices.")
        page.get_by_role("button", name="Complete this stage").click()
        expect(page.locator(".govuk-error-summary")).to_contain_text("Domestic Abuse Commissioner")
        page.goto(f"/domestic-abuse/cases/{case.reference}/commissioner/")
        fill_date(page, "Date the report was sent to the Domestic Abuse Commissioner", date(2026, 9, 1))
        checked.check_accessibility()
        page.get_by_role("button", name="Record").click()
        expect(page.get_by_text("The report was sent on 1 September 2026")).to_be_visible()
        checked.check_accessibility()
        page.goto(f"/cases/{case.reference}/")
        page.get_by_role("button", name="Complete this stage").click()
        page.get_by_label("How the learning has been embedded").fill("Routine enquiry in GP practices.")
        page.get_by_role("button", name="Complete this stage").click()
        expect(page.get_by_text("Closed").first).to_be_visible()
        checked.check_accessibility()
