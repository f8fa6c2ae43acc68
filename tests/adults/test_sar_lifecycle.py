"""A safeguarding adults review through the case engine: the s44 screening, s45 requests, the
subgroup and the independent chair, the clocks the brief sets, the adult's involvement, the
chair's sign-off and the board's annual report figures."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from casereview.adults import defaults, queries
from casereview.adults.framework import CHAIR, REFERRED, SCREENING, SUBGROUP, section_44
from casereview.adults.models import AdultInvolvement, LegalBasis
from casereview.adults.services import finding_not_acted_on_record, involvement_save
from casereview.cases import frameworks
from casereview.cases import services as cases
from casereview.cases.lifecycle import available_transitions
from casereview.cases.models import Case, CaseStatus
from casereview.cases.rules import can_view_case
from casereview.contributions import services as contributions
from casereview.learning import services as learning
from casereview.partnerships.models import EnabledFramework, Role
from casereview.partnerships.queries import enabled_frameworks, role_choices
from casereview.process.models import ClockRule, RouteKind
from casereview.process.services import clock_rule_change
from casereview.reports import services as reports
from casereview.reports.models import QualityMarker
from casereview.reports.queries import approvals_complete
from tests.adults.helpers import (
    acknowledged,
    commissioned,
    decided,
    enable_adults,
    recommended,
    sab_chair,
    sar_referred,
    step,
)
from tests.factories import audit_said

pytestmark = pytest.mark.django_db


def test_section_44_mandatory_needs_all_three_tests_and_discretionary_needs_care_needs():
    assert section_44("yes", "yes", "yes") == LegalBasis.MANDATORY
    assert section_44("yes", "no", "yes") == LegalBasis.DISCRETIONARY
    assert section_44("yes", "yes", "not_known") == LegalBasis.DISCRETIONARY
    assert section_44("no", "yes", "yes") == ""


def test_enabling_adults_installs_its_pack_once_and_keeps_childrens_on_record(world):
    assert enabled_frameworks(world.partnership.pk) == ["children"]
    assert Role.SAB_CHAIR not in dict(role_choices(world.partnership))
    enable_adults(world)
    assert enabled_frameworks(world.partnership.pk) == ["children", "adults"]
    assert Role.SAB_CHAIR in dict(role_choices(world.partnership))
    kinds = set(world.partnership.routes.values_list("kind", flat=True))
    assert {RouteKind.SAR, RouteKind.SAR_ALTERNATIVE, RouteKind.SAR_NONE, RouteKind.LCSPR} <= kinds
    assert QualityMarker.objects.filter(partnership=world.partnership, framework="adults").count() == 15
    assert "Enabled safeguarding adults reviews" in audit_said()
    with pytest.raises(ValidationError, match="already runs"):
        enable_adults(world)
    with pytest.raises(PermissionDenied):
        cases.framework_enable(partnership=world.partnership, key="adults", by=world.people["bu_officer"])
    assert EnabledFramework.objects.filter(partnership=world.partnership).count() == 2


def test_every_sar_clock_is_the_briefs_and_is_versioned_like_the_childrens(world):
    """Brief §1.2 and §1.3: acknowledge in 5 working days (Trafford), the subgroup within 10 working
    days of the last information (North Yorkshire), the decision by month 3 and agencies' answers in
    3 weeks (Devon), completion in 6 months (SCIE, unconfirmed) or 3 months in rapid time (SCIE)."""
    enable_adults(world)
    rules = {r.key: r for r in ClockRule.objects.current().filter(partnership=world.partnership)}
    expected = {"sar_acknowledge": (5, "working_days", "referral_received", "acknowledged"),
                "sar_recommendation": (10, "working_days", "information_complete", "subgroup_recommended"),
                "sar_decision": (3, "calendar_months", "referral_received", "decided"),
                "sar_completion": (6, "calendar_months", "decided", "review_completed"),
                "sar_rapid_time": (3, "calendar_months", "rapid_time_commissioned", "review_completed"),
                "request_s45_information": (15, "working_days", "request_sent", "request_submitted")}
    assert {key for key, *_ in defaults.CLOCK_RULES} == set(expected)
    for key, (offset, unit, anchor, met_by) in expected.items():
        rule = rules[key]
        assert (rule.offset, rule.unit, rule.anchor, rule.met_by) == (offset, unit, anchor, met_by), key
    changed = clock_rule_change(rule=rules["sar_acknowledge"], by=world.people["bu_manager"], reason="Board policy",
                                name=rules["sar_acknowledge"].name, offset=3, unit="working_days",
                                reminder_working_days=1, paused_by_holds=False)
    assert changed.version == 2 and ClockRule.objects.get(pk=rules["sar_acknowledge"].pk).retired_at is not None


def test_a_sar_referral_is_named_as_an_adult_and_starts_the_boards_clocks_not_the_panels(world):
    case = sar_referred(world)
    assert case.status == REFERRED and case.framework == "adults"
    assert case.pseudonym.startswith("Adult ") and case.get_status_display() == "Referred: awaiting acknowledgement"
    clocks = {c.key: c for c in case.clocks.all()}
    assert set(clocks) == {"sar_acknowledge", "sar_decision"}  # never the National Panel's notification
    received = case.milestones.get(event="referral_received").on
    assert clocks["sar_acknowledge"].anchor_on == received


def test_an_incomplete_sar_referral_says_what_it_lacks(world):
    from casereview.adults.framework import referral_problems
    from casereview.adults.services import sar_referral_save, sar_referral_start

    enable_adults(world)
    by = world.people["agency_rep"]
    case = sar_referral_start(partnership=world.partnership, by=by)
    messages = [m for _, m in referral_problems(case)]
    assert "Give the adult's full name" in messages
    assert "Select whether the adult had needs for care and support" in messages
    sar_referral_save(case=case, by=by, data={"full_name": "Edna Testperson"})
    case = Case.objects.get(pk=case.pk)
    assert "Give the adult's date of birth or age" in [m for _, m in referral_problems(case)]
    with pytest.raises(ValidationError):
        step(case, "submit", by)


def test_no_sar_referral_where_the_partnership_does_not_run_sars(world):
    from casereview.adults.services import sar_referral_start

    with pytest.raises(PermissionDenied):
        sar_referral_start(partnership=world.partnership, by=world.people["agency_rep"])


def test_s45_requests_the_subgroup_and_the_chair(world):
    case = sar_referred(world)
    case = acknowledged(world, case, on=date(2026, 2, 9))
    assert case.status == SCREENING and case.sar_criteria.care_and_support_needs == "yes"
    sent = contributions.requests_send(case=case, by=world.people["bu_officer"], kind="s45_information",
                                       contributors={world.agencies["police"].pk: [world.people["agency_rep"]]},
                                       instructions="Under section 45, please tell us what you knew.")
    assert sent[0].rule.key == "request_s45_information"
    assert frameworks.of(case).request_kinds[0] == "s45_information"
    case = step(case, "sar_subgroup_ready", world.people["bu_officer"], information_complete_on=date(2026, 3, 2))
    assert case.status == SUBGROUP
    assert case.clocks.get(key="sar_recommendation").due_on == date(2026, 3, 16)
    # More information sends it back to the agencies, and the subgroup's clock waits for it again.
    case = recommended(world, case, on=date(2026, 3, 9), recommendation="more_information")
    assert case.status == SCREENING and not case.clocks.filter(key="sar_recommendation").exists()
    case = step(case, "sar_subgroup_ready", world.people["bu_officer"], information_complete_on=date(2026, 3, 20))
    case = recommended(world, case, on=date(2026, 3, 24))
    assert case.status == CHAIR
    assert case.clocks.get(key="sar_recommendation").met_on == date(2026, 3, 24)


def test_only_the_independent_chair_decides_and_the_legal_basis_must_match_the_screening(world):
    case = sar_referred(world)
    case = acknowledged(world, case, on=date(2026, 2, 9), outcome="subgroup", abuse_or_neglect="not_known")
    case = recommended(world, case, on=date(2026, 2, 16))
    # A children's safeguarding partner holds record_decision, but not the chair's decision.
    assert "sar_decide" not in [t.name for t in available_transitions(case, world.people["partner_la"])]
    with pytest.raises(PermissionDenied):
        decided(world, case, on=date(2026, 2, 18), by=world.people["partner_la"])
    with pytest.raises(ValidationError, match="did not find all three tests"):
        decided(world, case, on=date(2026, 2, 18))
    chair = sab_chair(world)
    with pytest.raises(ValidationError, match="independent chair's role"):
        step(case, "sar_decide", world.people["bu_officer"], decision="commission", legal_basis="s44_discretionary",
             methodology="silp", chair=world.people["bu_officer"], decided_on=date(2026, 2, 18), rationale="x")
    case = step(case, "sar_decide", chair, decision="commission", legal_basis="s44_discretionary", methodology="silp",
                chair=chair, decided_on=date(2026, 2, 18), rationale="Discretionary review.")
    assert case.status == CaseStatus.IN_REVIEW and case.route.kind == RouteKind.SAR
    assert case.stage.milestone == "commissioned"
    assert case.clocks.get(key="sar_completion").due_on == date(2026, 8, 18)
    assert not case.clocks.filter(key="sar_rapid_time").exists()


def test_a_sar_in_rapid_time_runs_a_three_month_clock(world):
    case = commissioned(world, methodology="rapid_time")
    assert case.clocks.get(key="sar_rapid_time").due_on == date(2026, 5, 18)


def test_a_decision_not_to_review_closes_the_case(world):
    case = sar_referred(world)
    case = acknowledged(world, case, on=date(2026, 2, 9), outcome="subgroup")
    case = recommended(world, case, on=date(2026, 2, 16), recommendation="no_review")
    case = decided(world, case, on=date(2026, 2, 18), decision="no_review")
    assert case.status == CaseStatus.CLOSED and case.route.kind == RouteKind.SAR_NONE


def test_closing_at_acknowledgement_only_without_care_and_support_needs(world):
    case = sar_referred(world)
    with pytest.raises(ValidationError, match="without care and support needs"):
        acknowledged(world, case, on=date(2026, 2, 9), outcome="close")
    case = acknowledged(world, case, on=date(2026, 2, 9), outcome="close", care_and_support_needs="no")
    assert case.status == CaseStatus.CLOSED


def test_the_sab_chair_sees_adults_reviews_only(world):
    case = commissioned(world)
    chair = sab_chair(world)

    chair.is_verified = lambda: True  # signed in with both factors, as the rules require
    assert can_view_case(chair, case)
    assert not can_view_case(chair, world.case)
    from casereview.cases.queries import cases_visible_to

    visible = set(cases_visible_to(chair).values_list("pk", flat=True))
    assert case.pk in visible and world.case.pk not in visible


def test_the_analysis_stage_waits_for_the_adults_involvement(world):
    case = commissioned(world)
    officer = world.people["bu_officer"]
    reports.terms_of_reference_save(case=case, by=officer, data={"agreed_on": date(2026, 2, 20)})
    case = step(case, "advance", officer, terms_of_reference_on=date(2026, 2, 20))
    case = step(case, "advance", officer, note="")
    assert case.stage.milestone == "analysis"
    with pytest.raises(ValidationError, match="Record how the adult"):
        step(case, "advance", officer, note="")
    involvement_save(case=case, by=officer, data={
        "consent": "died", "consent_on": None, "capacity_notes": "", "public_interest_reason": "",
        "advocacy": "not_applicable", "advocate_role": "", "family_invited": "yes",
        "family_invited_on": date(2026, 3, 1), "family_not_invited_reason": "", "how_described": "As “Mrs E”."})
    case = step(case, "advance", officer, note="")
    assert case.stage.milestone == "drafting"
    assert AdultInvolvement.objects.get(case=case).updated_by == officer


def test_the_board_chair_signs_off_a_sar_not_the_childrens_partners(world):
    case = commissioned(world)
    officer = world.people["bu_officer"]
    version = reports.version_save(case=case, by=officer, sections={"analysis": "<p>Findings.</p>"})
    with pytest.raises(ValidationError, match="Only the Safeguarding Adults Board's independent chair"):
        reports.approval_record(case=case, by=world.people["partner_la"], version=version)
    assert not approvals_complete(case)
    reports.approval_record(case=case, by=sab_chair(world), version=version)
    assert approvals_complete(case)


def test_annual_figures_follow_the_financial_year(world):
    case = commissioned(world)
    officer = world.people["bu_officer"]
    from casereview.cases.lifecycle import set_milestone

    set_milestone(case, "review_completed", date(2026, 6, 1))
    finding = learning.finding_add(case=case, by=officer, text="Self-neglect was not assessed.", themes=[])
    other = learning.finding_add(case=case, by=officer, text="Housing was not told.", themes=[])
    recommendation = learning.recommendation_add(case=case, by=officer, finding=finding, text="A protocol.")
    action = learning.action_add(recommendation=recommendation, by=officer, description="Write the protocol.",
                                 agency=world.agencies["police"], lead=world.people["agency_rep"],
                                 start_on=date(2026, 6, 2), due_on=date(2026, 9, 1), success_measure="Used.")
    learning.action_update_add(action=action, by=world.people["agency_rep"], text="Done.", mark_done=True)
    figures = queries.annual_figures(world.partnership.pk, 2026)
    assert [c.pk for c in figures.concluded] == [case.pk] and figures.ongoing == []
    assert [a.pk for a in figures.actions_done] == [action.pk]
    assert [f.pk for f in figures.no_response] == [other.pk]
    finding_not_acted_on_record(finding=other, by=officer, reason="Housing already changed its policy.",
                                decided_on=date(2026, 7, 1))
    figures = queries.annual_figures(world.partnership.pk, 2026)
    assert [f.pk for f in figures.not_acted_on] == [other.pk] and figures.no_response == []
    # The year before: decided in it and still going on at its end.
    earlier = queries.annual_figures(world.partnership.pk, 2025)
    assert earlier.concluded == [] and [c.pk for c in earlier.ongoing] == [case.pk]
    with pytest.raises(ValidationError, match="already has actions"):
        finding_not_acted_on_record(finding=finding, by=officer, reason="x", decided_on=date(2026, 7, 1))
    assert queries.financial_year(date(2027, 3, 31)) == 2026 and queries.financial_year(date(2027, 4, 1)) == 2027


def test_the_chair_is_told_of_a_decision_and_an_approval_waiting_and_the_referrer_of_the_outcome(world):
    from casereview.notifications.models import Notification

    case = sar_referred(world)
    case = acknowledged(world, case, on=date(2026, 2, 9), outcome="subgroup")
    chair = sab_chair(world)
    case = recommended(world, case, on=date(2026, 2, 16))
    waiting = Notification.objects.filter(recipient=chair, kind=Notification.Kind.DECISION_WAITING, case=case)
    assert waiting.exists() and "sar_decide" in waiting.first().path
    # The children's partners are not asked to decide a SAR.
    assert not Notification.objects.filter(recipient=world.people["partner_la"], case=case).exists()
    decided(world, case, on=date(2026, 2, 18))
    told = Notification.objects.filter(recipient=world.people["agency_rep"], case=case,
                                       kind=Notification.Kind.TRANSITION)
    assert told.filter(params__transition="sar_decide").exists()
