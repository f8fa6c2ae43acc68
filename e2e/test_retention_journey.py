"""Issue 18's third journey in a real browser: the daily task proposes a batch of records past their
retention period; the business unit manager finds it on Your work, sees that a legal hold will keep
one case, approves the batch, and is shown its disposal certificate."""

from datetime import datetime, timedelta

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import expect

from casereview.cases import lifecycle
from casereview.cases.models import CaseTransition
from casereview.retention import services
from e2e.test_foundation_journeys import sign_in
from tests.cases.journey import referred_case
from tests.factories import build_world

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_retention_batch_is_approved_and_its_certificate_shown(checked):
    with time_machine.travel(datetime(2026, 3, 2, 9, 0), tick=False):
        world = build_world()
        bu = world.people["bu_officer"]
        kept = referred_case(world, aware=datetime(2026, 2, 2).date())
        for case in (world.case, kept):
            lifecycle.case_transition(case=case, name="withdraw", by=bu, data={"note": "Duplicate referral."})
        CaseTransition.objects.update(at=timezone.now() - timedelta(days=3 * 366))
        batch = services.batch_propose(partnership=world.partnership, today=timezone.localdate())
        assert batch.items.count() == 2
    page = checked.page
    with time_machine.travel(datetime(2026, 3, 2, 9, 0), tick=True):
        sign_in(checked, "bu_manager@test.example")

        # A hold first: an inquest was opened into the second case.
        page.goto(f"/partnerships/{world.partnership.slug}/")
        page.get_by_role("link", name="Retention and disposal").click()
        expect(page.get_by_role("heading", name="Retention and disposal")).to_be_visible()
        checked.check_accessibility()
        page.get_by_role("button", name="Place a legal hold").click()
        page.get_by_role("button", name="Place the hold").click()
        expect(page.locator(".govuk-error-summary")).to_contain_text("Say why the records must be kept")
        checked.check_accessibility()
        page.get_by_label("Which records").select_option(label=f"{kept.reference} {kept.pseudonym}")
        page.get_by_label("Why they must be kept").fill("Inquest opened")
        page.get_by_role("button", name="Place the hold").click()
        expect(page.get_by_text("The legal hold is placed")).to_be_visible()

        # Your work leads to the batch.
        page.goto("/your-work/")
        page.get_by_role("link", name=f"Review disposal batch {batch.pk}").click()
        expect(page.get_by_role("heading", name=f"Disposal batch {batch.pk}")).to_be_visible()
        expect(page.get_by_text("Will be kept: legal hold “Inquest opened”")).to_be_visible()
        checked.check_accessibility()
        page.get_by_role("button", name="Approve and dispose of 2 records").click()

        expect(page.get_by_role("heading", name=f"Disposal certificate: batch {batch.pk}")).to_be_visible()
        expect(page.get_by_text("Bu Manager,")).to_be_visible()
        rows = page.locator("table tbody tr")
        expect(rows.filter(has_text=world.case.reference)).to_contain_text("Disposed of")
        expect(rows.filter(has_text=kept.reference)).to_contain_text("Kept: legal hold “Inquest opened”")
        expect(rows.first).to_contain_text("2 years after the referral was screened out, closed or withdrawn")
        checked.check_accessibility()

        page.goto(f"/partnerships/{world.partnership.slug}/audit/")
        expect(page.get_by_text(f"Disposed of a referral that was not taken forward for {world.case.reference}")
               ).to_be_visible()
