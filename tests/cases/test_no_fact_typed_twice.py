"""No fact typed twice: the referral beside the screening form, the referrer told the outcome, and
plans (which may be in the future) kept apart from records of what happened (which may not)."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from casereview.notifications.models import Notification
from casereview.reports import services as reports
from tests.cases.journey import referred_case, screened_and_notified, step
from tests.factories import sign_in

TODAY = date(2026, 6, 1)


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(TODAY, tick=False):
        yield


def test_screening_shows_the_referral_beside_the_form_without_names(client, world):
    case = referred_case(world, aware=date(2026, 5, 27))
    sign_in(client, world.people["bu_officer"])
    page = client.get(reverse("cases:step", args=[case.reference, "screen"])).content.decode()
    assert "The referral" in page
    assert "Admitted to hospital with injuries." in page and "Siblings placed with grandparents." in page
    assert "Designated safeguarding lead" in page and "Testshire Police" in page
    assert "Jordan Example" not in page  # children appear by label and description only


def test_the_referrer_is_told_the_outcome_and_nothing_more(world):
    case = referred_case(world, aware=date(2026, 5, 27))
    step(case, "screen", world.people["bu_officer"], abuse_or_neglect="suspected", death_or_serious_harm="yes",
         outcome="notify", rationale="Private reasoning of the business unit.", screened_on=TODAY)
    told = Notification.objects.get(recipient=world.people["agency_rep"], kind="screening_outcome")
    assert told.text == (f"Your referral {case.reference} has been screened: it meets the criteria, and the "
                            "partnership is notifying the National Panel")
    assert "Private reasoning" not in told.text and told.path == reverse("referrals:list")


def test_a_planned_meeting_may_be_in_the_future_but_a_held_one_may_not(world):
    case = screened_and_notified(world, referred_case(world, aware=date(2026, 5, 20)), on=date(2026, 5, 21))
    bu = world.people["bu_officer"]
    case = step(case, "rapid_review_progress", bu, summaries_requested_on=date(2026, 5, 22),
                meeting_planned_on=date(2026, 6, 10))
    assert case.rapid_review.meeting_planned_on == date(2026, 6, 10)
    with pytest.raises(ValidationError, match="today or in the past"):
        step(case, "rapid_review_progress", bu, meeting_on=date(2026, 6, 10))


def test_a_learning_event_is_planned_then_held(world):
    case = world.case
    writer = world.people["bu_officer"]
    planned = reports.learning_event_add(case=case, by=writer, data={"planned_on": date(2026, 7, 1)})
    assert planned.held_on is None and str(planned) == "Learning event planned on 2026-07-01"
    with pytest.raises(ValidationError, match="today or in the past"):
        reports.learning_event_add(case=case, by=writer, data={"held_on": date(2026, 7, 1), "attendance": 9})
    with pytest.raises(ValidationError, match="planned for, or the date it was held"):
        reports.learning_event_add(case=case, by=writer, data={"notes": "x"})
