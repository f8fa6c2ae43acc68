"""A joint review: a domestic abuse related death review that is also a safeguarding adults review.
One case, one chronology and one report; both frameworks' gates, clocks and sign-offs."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from casereview.cases import frameworks
from casereview.cases.queries import cases_visible_to
from casereview.cases.rules import can_view_case
from casereview.cases.services import framework_run_add, joint_choices
from casereview.contributions import services as contributions
from casereview.domestic import services as domestic
from casereview.reports import services as reports
from casereview.reports.queries import approvals_complete, signers
from tests.adults.helpers import enable_adults, sab_chair
from tests.domestic.helpers import csp_chair, step, under_review
from tests.factories import sign_in

pytestmark = pytest.mark.django_db


def _joint(world):
    case = under_review(world)
    enable_adults(world)
    assert [f.key for f in joint_choices(case)] == ["children", "adults"]
    with pytest.raises(ValidationError, match="before the decision"):
        framework_run_add(case=case, key="adults", by=world.people["bu_officer"], reason="Agreed jointly.",
                          started_on=date(2026, 3, 1))
    framework_run_add(case=case, key="adults", by=world.people["bu_officer"],
                      reason="The board and the partnership agreed one review.", started_on=date(2026, 3, 25))
    return type(case).objects.get(pk=case.pk)


def test_a_joint_review_takes_both_frameworks_clocks_and_sign_offs(world):
    case = _joint(world)
    assert frameworks.keys_of(case) == ["domestic_abuse", "adults"]
    assert signers(case) == ("csp_chair", "sab_chair")
    clocks = set(case.clocks.values_list("key", flat=True))
    assert {"dar_completion", "sar_completion"} <= clocks
    assert "s45_information" in frameworks.request_kinds_of(case)
    with pytest.raises(ValidationError, match="not already"):
        framework_run_add(case=case, key="adults", by=world.people["bu_officer"], reason="x",
                          started_on=date(2026, 3, 25))


def test_both_chairs_see_it_and_both_must_approve_the_one_report(world):
    case = _joint(world)
    for chair in (sab_chair(world), csp_chair(world)):
        chair.is_verified = lambda: True  # signed in with both factors, as the rules require
        assert can_view_case(chair, case)
        assert case.pk in set(cases_visible_to(chair).values_list("pk", flat=True))
    version = reports.version_save(case=case, by=world.people["lead_reviewer"], sections={"analysis": "<p>x</p>"})
    reports.approval_record(case=case, by=csp_chair(world), version=version)
    assert not approvals_complete(case)
    reports.approval_record(case=case, by=sab_chair(world), version=version)
    assert approvals_complete(case)


def test_each_frameworks_involvement_gate_applies_and_there_is_one_chronology(world):
    case = _joint(world)
    officer = world.people["bu_officer"]
    sent = contributions.requests_send(case=case, by=officer, kind="chronology",
                                       contributors={world.agencies["police"].pk: [world.people["agency_rep"]]},
                                       instructions="One chronology for both reviews.")
    assert sent[0].case_id == case.pk and case.agency_requests.count() == 1
    reports.terms_of_reference_save(case=case, by=officer, data={"agreed_on": date(2026, 4, 1)})
    case = step(case, "advance", officer, terms_of_reference_on=date(2026, 4, 1))
    case = step(case, "advance", officer, note="")
    domestic.family_save(case=case, by=officer, data={
        "first_letter_on": date(2026, 4, 2), "advocacy": "aafda", "advocacy_offered_on": date(2026, 4, 2),
        "met_family_on": None, "tribute": False})
    # The domestic abuse framework's gate is met; the adults framework's is not yet.
    with pytest.raises(ValidationError, match="Record how the adult"):
        step(case, "advance", officer, note="")
    from casereview.adults.services import involvement_save

    involvement_save(case=case, by=officer, data={
        "consent": "died", "consent_on": None, "capacity_notes": "", "public_interest_reason": "",
        "advocacy": "not_applicable", "advocate_role": "", "family_invited": "yes",
        "family_invited_on": date(2026, 4, 2), "family_not_invited_reason": "", "how_described": ""})
    case = step(case, "advance", officer, note="")
    assert case.stage.milestone == "drafting"


def test_the_sar_page_of_a_joint_review_says_where_its_decision_was_made(client, world):
    case = _joint(world)
    sign_in(client, world.people["bu_officer"])
    page = client.get(reverse("adults:record", args=[case.reference])).content.decode()
    assert "A joint review" in page and "The board and the partnership agreed one review." in page
    assert "Domestic abuse related death reviews" in page
    assert "The referral has not been acknowledged" not in page  # no empty SAR steps


def test_shared_pages_name_the_person_the_review_is_about(client, world):
    case = _joint(world)
    assert frameworks.of(case).person == "victim"
    sign_in(client, world.people["bu_officer"])
    page = client.get(reverse("contributions:chronology", args=[case.reference])).content.decode()
    assert "Victim seen" in page and "Child seen" not in page
    assert frameworks.get("adults").response_title == "The Safeguarding Adults Board’s response"
