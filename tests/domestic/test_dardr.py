"""A domestic abuse related death review through the case engine: the police notification, the
decision told to the Home Office either way, a direction to review, the family's advocacy and
chosen name, the Home Office panel's letter as the gate before publication, and the copy to the
Domestic Abuse Commissioner before the case closes."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from casereview.cases.models import Case, CaseStatus
from casereview.domestic import services
from casereview.domestic.framework import NOT_HELD, NOTIFIED, TELL_HOME_OFFICE
from casereview.partnerships.models import EnabledFramework
from casereview.process.models import ClockRule, RouteKind
from casereview.reports import services as reports
from casereview.reports.models import QualityMarker
from tests.domestic.helpers import csp_chair, decided, enable_domestic, notified, step, under_review

pytestmark = pytest.mark.django_db


def test_the_label_is_the_partnerships_and_the_clocks_are_the_briefs(world):
    enable_domestic(world, label="Domestic homicide reviews")
    assert EnabledFramework.objects.get(partnership=world.partnership, key="domestic_abuse").label == (
        "Domestic homicide reviews")
    rules = {r.key: r for r in ClockRule.objects.current().filter(partnership=world.partnership)}
    # Brief §2.2: one month to decide, six months from the decision to the overview report (both unconfirmed).
    assert (rules["dar_decision"].offset, rules["dar_decision"].unit, rules["dar_decision"].anchor) == (
        1, "calendar_months", "police_notified")
    assert (rules["dar_completion"].offset, rules["dar_completion"].unit, rules["dar_completion"].anchor,
            rules["dar_completion"].met_by) == (6, "calendar_months", "decided", "ho_qa_submitted")


def test_only_the_business_unit_of_a_partnership_running_dardrs_records_a_notification(world):
    with pytest.raises(PermissionDenied):
        services.notification_record(partnership=world.partnership, by=world.people["bu_officer"], data={})
    enable_domestic(world)
    with pytest.raises(PermissionDenied):
        services.notification_record(partnership=world.partnership, by=world.people["agency_rep"], data={})


def test_a_notification_starts_the_decision_clock_from_the_police_date(world):
    case = notified(world)
    assert case.status == NOTIFIED and case.pseudonym.startswith("DARDR ")
    clock = case.clocks.get(key="dar_decision")
    assert clock.anchor_on == date(2026, 3, 2) and clock.due_on == date(2026, 4, 2)
    assert case.subjects.get().identity.full_name == "Dana Testperson"


def test_a_decision_not_to_review_is_told_to_the_home_office_which_may_direct_one(world):
    case = notified(world)
    with pytest.raises(PermissionDenied):
        step(case, "dar_decide", world.people["partner_la"], outcome="no_review", reasons="x",
             chair=csp_chair(world), decided_on=date(2026, 3, 20))
    case = decided(world, case, outcome="no_review")
    assert case.status == TELL_HOME_OFFICE and case.clocks.get(key="dar_decision").met_on == date(2026, 3, 20)
    case = step(case, "dar_tell_home_office", world.people["bu_officer"], told_on=date(2026, 3, 23))
    assert case.status == NOT_HELD and case.dar_decisions.get().home_office_told_on == date(2026, 3, 23)
    case = step(case, "dar_home_office_answer", world.people["bu_officer"], answer="directed",
                received_on=date(2026, 4, 20))
    assert case.status == CaseStatus.IN_REVIEW and case.route.kind == RouteKind.DARDR
    # The direction restarts the completion clock.
    assert case.clocks.get(key="dar_completion").due_on == date(2026, 10, 20)


def test_an_accepted_decision_not_to_review_closes_the_case(world):
    case = decided(world, notified(world), outcome="no_review")
    case = step(case, "dar_tell_home_office", world.people["bu_officer"], told_on=date(2026, 3, 23))
    case = step(case, "dar_home_office_answer", world.people["bu_officer"], answer="accepted",
                received_on=date(2026, 4, 20))
    assert case.status == CaseStatus.CLOSED and case.route.kind == RouteKind.DARDR_NOT_HELD


def test_the_family_chooses_the_name_and_it_cannot_be_the_real_one(world):
    case = under_review(world)
    data = {"first_letter_on": date(2026, 3, 25), "advocacy": "aafda", "advocacy_offered_on": date(2026, 3, 25),
            "met_family_on": None, "tribute": True}
    with pytest.raises(ValidationError, match="not part of the person's real name"):
        services.family_save(case=case, by=world.people["bu_officer"], data=data, chosen_name="Dana")
    services.family_save(case=case, by=world.people["bu_officer"], data=data, chosen_name="Rose")
    assert Case.objects.get(pk=case.pk).pseudonym == "Rose"


def _to_home_office_qa(world, case: Case) -> Case:
    officer = world.people["bu_officer"]
    reports.terms_of_reference_save(case=case, by=officer, data={"agreed_on": date(2026, 4, 1)})
    case = step(case, "advance", officer, terms_of_reference_on=date(2026, 4, 1))
    case = step(case, "advance", officer, note="")
    with pytest.raises(ValidationError, match="specialist advocacy"):
        step(case, "advance", officer, note="")
    services.family_save(case=case, by=officer, data={
        "first_letter_on": date(2026, 4, 2), "advocacy": "aafda", "advocacy_offered_on": date(2026, 4, 2),
        "met_family_on": date(2026, 4, 10), "tribute": True})
    case = step(case, "advance", officer, note="")
    version = reports.version_save(case=case, by=world.people["lead_reviewer"],
                                   sections={"analysis": "<p>What agencies knew.</p>"})
    case = step(case, "advance", officer, note="")
    for marker in QualityMarker.objects.filter(partnership=world.partnership, framework="domestic_abuse"):
        reports.quality_check_save(case=case, by=world.people["bu_manager"], marker=marker, met=True,
                                   evidence="Checked.")
    with pytest.raises(ValidationError, match="Community Safety Partnership's chair must approve"):
        step(case, "advance", officer, approved_on=date(2026, 6, 1))
    reports.approval_record(case=case, by=csp_chair(world), version=version)
    return step(case, "advance", officer, approved_on=date(2026, 6, 1))


def test_publication_waits_for_the_home_office_panel_and_closing_for_the_commissioner(world):
    case = _to_home_office_qa(world, under_review(world))
    assert case.stage.milestone == "home_office_qa"
    assert case.clocks.get(key="dar_completion").met_on == date(2026, 6, 1)
    officer = world.people["bu_officer"]
    with pytest.raises(ValidationError, match="feedback letter first"):
        step(case, "advance", officer, note="")
    services.qa_feedback_add(case=case, by=officer, data={
        "panel_met_on": date(2026, 7, 1), "letter_on": date(2026, 7, 8), "outcome": "further_development",
        "summary": "More on the family's account."})
    with pytest.raises(ValidationError, match="asked for further development"):
        step(case, "advance", officer, note="")
    case = step(case, "dar_qa_return", officer, note="More on the family's account.")
    assert case.stage.milestone == "drafting"
    for _ in range(2):
        case = step(case, "advance", officer, **({"approved_on": date(2026, 7, 20)}
                                                 if case.stage.milestone == "approved" else {"note": ""}))
    assert case.stage.milestone == "home_office_qa"
    services.qa_feedback_add(case=case, by=officer, data={
        "panel_met_on": date(2026, 8, 1), "letter_on": date(2026, 8, 5), "outcome": "content",
        "summary": "Content to publish."})
    with pytest.raises(ValidationError, match="Only a report the panel asked to develop further"):
        step(case, "dar_qa_return", officer, note="x")
    case = step(case, "advance", officer, note="")
    assert case.stage.milestone == "published"
    case = step(case, "advance", officer, published_on=date(2026, 8, 20), publication_url="https://example.org/r",
                publishing=True)
    assert case.stage.milestone == "embedding_learning"
    with pytest.raises(ValidationError, match="Domestic Abuse Commissioner"):
        step(case, "advance", officer, note="Done.")
    with pytest.raises(ValidationError, match="not before it was published"):
        services.commissioner_copy_record(case=case, by=officer, sent_on=date(2026, 8, 1))
    services.commissioner_copy_record(case=case, by=officer, sent_on=date(2026, 8, 21))
    case = step(case, "advance", officer, note="Done.")
    assert case.status == CaseStatus.CLOSED


def test_your_work_shows_the_csp_chair_the_decision_waiting(client, world):
    from django.urls import reverse

    from tests.factories import sign_in

    case = notified(world)
    sign_in(client, csp_chair(world))
    page = client.get(reverse("work:home")).content.decode()
    assert reverse("cases:step", args=[case.reference, "dar_decide"]) in page
    tracker = client.get(reverse("cases:list")).content.decode()
    assert case.reference in tracker and world.case.reference not in tracker
