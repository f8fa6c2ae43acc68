"""The installation administrator in a real browser: adds a bank holiday for every partnership,
sees it in a partnership's audit log, and closes an account everywhere. axe-core on each page."""

from datetime import date, datetime

import pytest
import time_machine
from playwright.sync_api import expect

from casereview.accounts.models import User
from casereview.process.models import NonWorkingDay
from e2e.test_case_lifecycle_journey import fill_date, sign_out
from e2e.test_foundation_journeys import sign_in
from tests.factories import build_world

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_installation_administrator_looks_after_shared_data(checked):
    with time_machine.travel(datetime(2026, 6, 15, 9, 0), tick=False):
        build_world()
        page = checked.page
        sign_in(checked, "installer@test.example")
        page.get_by_role("link", name="Installation").click()
        checked.check_accessibility()
        page.get_by_role("link", name="Bank holidays in England and Wales").click()
        checked.check_accessibility()
        page.get_by_role("button", name="Add the bank holiday").click()
        expect(page.locator(".govuk-error-summary")).to_be_visible()
        checked.check_accessibility()
        fill_date(page, "Date", date(2026, 9, 14))
        page.get_by_label("Name", exact=True).fill("State occasion")
        page.get_by_role("button", name="Add the bank holiday").click()
        expect(page.get_by_text("has been added for every partnership")).to_be_visible()
        assert NonWorkingDay.objects.filter(date=date(2026, 9, 14), partnership__isnull=True).exists()
        page.goto("/installation/")
        page.get_by_role("link", name="Close an account everywhere").click()
        checked.check_accessibility()
        page.get_by_role("link", name="Agency Rep Elsewhere").click()
        page.get_by_label("Why the account is being closed").fill("Left the school in June")
        checked.check_accessibility()
        page.get_by_role("button", name="Close account everywhere").click()
        expect(page.get_by_text("The account has been closed everywhere")).to_be_visible()
        assert not User.objects.get(email="agency_rep_elsewhere@test.example").is_active
        sign_out(page)

        # A partnership's manager sees both in their own audit log, and cannot change bank holidays.
        sign_in(checked, "bu_manager@test.example")
        page.goto("/partnerships/testshire/audit/")
        expect(page.get_by_text("Added the bank holiday").first).to_be_visible()
        expect(page.get_by_text("Account closed everywhere").first).to_be_visible()
        page.goto("/process/testshire/calendar/?year=2026")
        expect(page.get_by_role("cell", name="State occasion")).to_be_visible()
        expect(page.get_by_role("button", name="Remove State occasion")).to_have_count(0)
        checked.check_accessibility()
