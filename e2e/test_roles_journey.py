"""Separation of duties in a real browser: an officer cannot give themselves a partner role; a
manager proposes one for a colleague and a second manager confirms it; the colleague approves a
report; taking the role away takes the approval with it. axe-core checks every page visited."""

from datetime import date, datetime, timedelta

import pytest
import time_machine
from playwright.sync_api import expect

from casereview.partnerships.models import Role, RoleAssignment
from casereview.reports import services as reports
from casereview.reports.models import Approval
from e2e.test_case_lifecycle_journey import sign_out
from e2e.test_foundation_journeys import sign_in
from tests.cases.journey import decided, rapid_review_done, referred_case, screened_and_notified
from tests.factories import build_world, make_person

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_partner_role_takes_two_people_and_leaves_with_its_approval(checked):
    with time_machine.travel(datetime(2026, 6, 15, 9, 0), tick=False) as clock:
        world = build_world()
        second = make_person("second_manager@test.example", "Second Manager", world.agencies["csc"])
        RoleAssignment.objects.create(person=second, partnership=world.partnership,
                                      role=Role.BUSINESS_UNIT_MANAGER)
        case = screened_and_notified(world, referred_case(world, aware=date(2026, 1, 5)), on=date(2026, 1, 6))
        case = rapid_review_done(world, case, requested=date(2026, 1, 8), received=date(2026, 1, 15),
                                 meeting=date(2026, 1, 19), agreed=date(2026, 1, 21), sent=date(2026, 1, 22),
                                 response_on=date(2026, 2, 2))
        case = decided(world, case, kind="lcspr", on=date(2026, 2, 3))
        reports.version_save(case=case, by=world.people["bu_officer"],
                             sections={"analysis": "<p>Agencies did not share what they knew.</p>"})
        colleague = world.people["agency_rep"]
        people = f"/partnerships/{world.partnership.slug}/people/"
        page = checked.page

        def as_person(email):
            clock.shift(timedelta(minutes=1))
            sign_in(checked, email)

        # An officer opens their own page: there is no way to change their own roles, and a forged
        # form is refused with the reason.
        as_person("bu_officer@test.example")
        page.goto(people)
        page.get_by_role("link", name="Bu Officer").click()
        expect(page.get_by_text("You cannot change your own roles")).to_be_visible()
        checked.check_accessibility()
        token = page.locator("input[name=csrfmiddlewaretoken]").first.get_attribute("value")
        forged = page.request.post(page.url, form={"csrfmiddlewaretoken": token, "roles": "partner_police"},
                                   headers={"Referer": page.url})
        assert forged.status == 200 and "You cannot change your own roles" in forged.text()
        assert not RoleAssignment.objects.filter(person=world.people["bu_officer"], role=Role.PARTNER_POLICE).exists()
        sign_out(page)

        # A manager proposes the police partner role for a colleague: it waits for a second person.
        as_person("bu_manager@test.example")
        page.goto(people)
        page.get_by_role("link", name="Agency Rep", exact=True).click()
        page.get_by_label("Delegated safeguarding partner (police)").check()
        page.get_by_label("Why these roles (optional)").fill("Detective Superintendent from 1 July")
        checked.check_accessibility()
        page.get_by_role("button", name="Save roles").click()
        expect(page.get_by_text("a second person who manages people to confirm")).to_be_visible()
        expect(page.get_by_role("heading", name="Waiting for a second person")).to_be_visible()
        page.get_by_role("link", name="Roles waiting for confirmation").first.click()
        expect(page.get_by_text("Waiting for someone else to confirm.")).to_be_visible()
        checked.check_accessibility()
        sign_out(page)

        # A second manager confirms it (after confirming their password: the prompt comes back after ten minutes).
        clock.shift(timedelta(minutes=11))
        as_person("second_manager@test.example")
        clock.shift(timedelta(minutes=11))
        page.goto(people)
        page.get_by_role("link", name="1 role is waiting for confirmation").click()
        checked.check_accessibility()
        page.get_by_role("button", name="Confirm Delegated safeguarding partner (police) for Agency Rep").click()
        expect(page.get_by_role("heading", name="Confirm your password")).to_be_visible()
        checked.check_accessibility()
        page.get_by_label("Password", exact=True).fill("a long test password for everyone")
        page.get_by_role("button", name="Continue").click()
        page.get_by_role("button", name="Confirm Delegated safeguarding partner (police) for Agency Rep").click()
        expect(page.get_by_text("The role has been confirmed")).to_be_visible()
        assert RoleAssignment.objects.filter(person=colleague, role=Role.PARTNER_POLICE).exists()
        sign_out(page)

        # The colleague, now the police partner, approves the report.
        as_person("agency_rep@test.example")
        page.goto(f"/reports/{case.reference}/")
        page.get_by_role("button", name="Approve version").click()
        page.get_by_role("button", name="Approve").click()
        expect(page.get_by_text("Your approval of version")).to_be_visible()
        assert Approval.objects.filter(person=colleague, withdrawn_at=None).count() == 1
        sign_out(page)

        # The manager takes the role away, and the approval goes with it.
        as_person("bu_manager@test.example")
        page.goto(people)
        page.get_by_role("link", name="Agency Rep", exact=True).click()
        page.get_by_label("Delegated safeguarding partner (police)").uncheck()
        page.get_by_role("button", name="Save roles").click()
        expect(page.get_by_text("The roles have been saved")).to_be_visible()
        assert not Approval.objects.filter(person=colleague, withdrawn_at=None).exists()
        page.goto(f"/reports/{case.reference}/")
        expect(page.get_by_text("the role was taken away").first).to_be_visible()
        checked.check_accessibility()
