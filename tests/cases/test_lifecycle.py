"""The lifecycle: the transition table itself, each transition and each guard."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from casereview.audit.models import AuditEvent
from casereview.cases.lifecycle import TRANSITIONS, case_transition
from casereview.cases.models import OPEN_STATUSES, Case, CaseStatus, CaseTransition, LegalStatus, Screening
from casereview.cases.transition_forms import RerouteForm
from casereview.process.models import Milestone, Route
from tests.cases.journey import (
    decided,
    rapid_review_done,
    rapid_review_recorded,
    referred_case,
    screened_and_notified,
    signed_off_ready,
    step,
    with_lead_reviewer,
)

S = CaseStatus
TODAY = date(2026, 6, 1)


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(TODAY, tick=False):
        yield


# --- The table -----------------------------------------------------------------------------

def test_the_table_names_only_real_statuses():
    for t in TRANSITIONS.values():
        assert t.sources <= set(S.values), t.name
        assert t.targets and t.targets <= set(S.values), t.name


def test_every_status_is_reachable_from_a_draft_referral():
    reached, frontier = {S.DRAFT}, [S.DRAFT]
    while frontier:
        status = frontier.pop()
        for t in TRANSITIONS.values():
            if status in t.sources:
                for target in t.targets - reached:
                    reached.add(target)
                    frontier.append(target)
    assert reached == set(S.values)


def test_only_closed_and_withdrawn_cases_have_no_way_out():
    dead_ends = {s for s in S.values if not any(s in t.sources for t in TRANSITIONS.values())}
    assert dead_ends == {S.CLOSED, S.WITHDRAWN}


def test_every_status_with_a_way_out_names_its_next_step():
    from casereview.cases.lifecycle import NEXT_STEP

    for status in S.values:
        outgoing = [t for t in TRANSITIONS.values() if status in t.sources and t.name != "withdraw"]
        if not outgoing:
            assert status not in NEXT_STEP
            continue
        expected = TRANSITIONS[NEXT_STEP[status]]
        assert status in expected.sources, status
        # The next step moves the case on: never a hold, a re-route, progress notes or a withdrawal.
        assert expected.name not in {"hold_place", "hold_lift", "reroute", "rapid_review_progress", "withdraw"}
        assert expected.targets - {status} or expected.name == "advance", status


def test_the_next_step_leads_and_withdrawing_is_a_warning(world):
    from casereview.cases.lifecycle import available_transitions, next_step, step_classes

    case = screened_and_notified(world, referred_case(world, aware=date(2026, 5, 4)), on=date(2026, 5, 5))
    case = Case.objects.get(pk=case.pk)
    bu = world.people["bu_officer"]
    referred = referred_case(world, aware=date(2026, 5, 4))
    referred = step(referred, "screen", bu, abuse_or_neglect="suspected", death_or_serious_harm="yes",
                    outcome="notify", rationale="Both tests met.", screened_on=date(2026, 5, 5))
    steps = available_transitions(referred, bu)
    assert steps[0].name == "notify" == next_step(referred).name
    assert {t.name: step_classes(referred, t) for t in steps} == {
        "notify": "", "hold_place": "govuk-button--secondary", "withdraw": "govuk-button--warning"}
    assert steps[-1].name == "withdraw"
    held = step(case, "hold_place", bu, reason="inquest", started_on=date(2026, 5, 20), review_on=date(2026, 7, 1))
    assert next_step(held).name == "hold_lift"


def test_every_transition_has_a_test_here():
    assert set(TRANSITIONS) == set(TESTED_TRANSITIONS)


TESTED_TRANSITIONS = {
    "submit": "test_submitting_a_complete_referral_gives_reference_pseudonym_and_notification_clock",
    "screen": "test_screening_outcomes",
    "withdraw": "test_withdrawing_a_referral",
    "notify": "test_notification_starts_the_rapid_review_clock_across_a_bank_holiday",
    "rapid_review_progress": "test_rapid_review_steps_must_be_in_order",
    "rapid_review_send": "test_the_whole_lcspr_route",
    "panel_response": "test_panel_asking_for_more_sends_the_case_back_to_rapid_review",
    "decide": "test_the_whole_lcspr_route",
    "reroute": "test_rerouting_swaps_the_clocks",
    "advance": "test_the_whole_lcspr_route",
    "send_back": "test_quality_assurance_can_send_back_to_drafting",
    "hold_place": "test_a_hold_pauses_the_review_clock_and_lifting_it_extends_the_deadline",
    "hold_lift": "test_a_hold_pauses_the_review_clock_and_lifting_it_extends_the_deadline",
}


def _clock(case, key):
    return case.clocks.select_related("rule").get(key=key)


# --- Referral --------------------------------------------------------------------------------

def test_submitting_a_complete_referral_gives_reference_pseudonym_and_notification_clock(world):
    case = referred_case(world, aware=date(2026, 5, 27), incident=date(2026, 5, 25))
    assert case.status == S.REFERRED
    assert case.reference == "TST-2026-002"  # the world already holds TST-2026-001
    assert case.pseudonym == "Child B (2026)"
    clock = _clock(case, "notification")
    # Wednesday 27 May 2026 + 5 working days = Wednesday 3 June.
    assert clock.due_on == date(2026, 6, 3)
    assert clock.explanation == ("5 working days after the local authority became aware on 27 May 2026: 3 June 2026")
    assert clock.rule.statutory


def test_an_incomplete_referral_cannot_be_submitted_and_nothing_changes(world):
    from casereview.cases import referrals

    by = world.people["agency_rep"]
    case = referrals.referral_start(partnership=world.partnership, by=by)
    with pytest.raises(ValidationError) as error:
        case_transition(case=case, name="submit", by=by)
    assert "Add at least one child" in error.value.messages
    assert "Enter the date the local authority became aware" in error.value.messages
    case.refresh_from_db()
    assert (case.status, case.reference, case.pseudonym) == (S.DRAFT, None, "")
    assert not CaseTransition.objects.filter(case=case).exists()


def test_only_the_author_submits_a_draft(world):
    case = referred_case(world, aware=date(2026, 5, 27))  # proves the path works
    from casereview.cases import referrals

    draft = referrals.referral_start(partnership=world.partnership, by=world.people["agency_rep"])
    with pytest.raises(PermissionDenied):
        case_transition(case=draft, name="submit", by=world.people["bu_manager"])
    assert case.status == S.REFERRED


def test_awareness_before_the_incident_is_refused(world):
    with pytest.raises(ValidationError) as error:
        referred_case(world, aware=date(2026, 5, 1), incident=date(2026, 5, 10))
    assert "cannot be before the incident" in str(error.value)
    assert not Case.objects.filter(status=S.REFERRED, partnership=world.partnership).exclude(
        pk=world.case.pk).exists()


# --- Screening and notification ---------------------------------------------------------------

def test_screening_outcomes(world):
    bu = world.people["bu_officer"]
    met = dict(abuse_or_neglect="known", death_or_serious_harm="yes", rationale="r", screened_on=date(2026, 5, 28))
    case = referred_case(world, aware=date(2026, 5, 27))
    with pytest.raises(ValidationError, match="must notify"):
        step(case, "screen", bu, outcome=Screening.Outcome.NOT_NOTIFIABLE_CLOSE, **met)
    assert step(case, "screen", bu, outcome="notify", **met).status == S.AWAITING_NOTIFICATION

    not_met = dict(met, death_or_serious_harm="no")
    case = referred_case(world, aware=date(2026, 5, 27))
    with pytest.raises(ValidationError, match="Only a case that meets both tests"):
        step(case, "screen", bu, outcome="notify", **not_met)
    assert step(case, "screen", bu, outcome=Screening.Outcome.NOT_NOTIFIABLE_LOCAL, **not_met).status == (
        S.AWAITING_DECISION)
    case = referred_case(world, aware=date(2026, 5, 27))
    closed = step(case, "screen", bu, outcome=Screening.Outcome.NOT_NOTIFIABLE_CLOSE, **not_met)
    assert closed.status == S.CLOSED
    assert closed.next_due_date is None  # a closed case has no running deadline


def test_screening_before_awareness_is_refused(world):
    case = referred_case(world, aware=date(2026, 5, 27))
    with pytest.raises(ValidationError, match="cannot be before the local authority became aware"):
        step(case, "screen", world.people["bu_officer"], abuse_or_neglect="known", death_or_serious_harm="yes",
             outcome="notify", rationale="r", screened_on=date(2026, 5, 26))


def test_withdrawing_a_referral(world):
    case = referred_case(world, aware=date(2026, 5, 27))
    case = step(case, "withdraw", world.people["bu_officer"], note="Duplicate of another referral.")
    assert case.status == S.WITHDRAWN
    assert case.transitions.first().note == "Duplicate of another referral."
    assert case.next_due_date is None


def test_notification_starts_the_rapid_review_clock_across_a_bank_holiday(world):
    case = referred_case(world, aware=date(2026, 4, 27))
    case = screened_and_notified(world, case, on=date(2026, 4, 28), notified_on=date(2026, 4, 29))
    assert case.status == S.RAPID_REVIEW
    assert _clock(case, "notification").met_on == date(2026, 4, 29)
    rapid = _clock(case, "rapid_review")
    # 15 working days after Wednesday 29 April 2026, stepping over the early May bank holiday (4 May).
    assert rapid.due_on == date(2026, 5, 21)
    assert rapid.explanation == ("15 working days after the notification to the National Panel on 29 April 2026: "
                                 "21 May 2026")


def test_notification_before_awareness_is_refused_and_nothing_is_saved(world):
    case = referred_case(world, aware=date(2026, 5, 27))
    bu = world.people["bu_officer"]
    case = step(case, "screen", bu, abuse_or_neglect="known", death_or_serious_harm="yes", outcome="notify",
                rationale="r", screened_on=date(2026, 5, 27))
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError, match="cannot be before the local authority became aware"):
        step(case, "notify", bu, reference="SIN-1", notified_on=date(2026, 5, 26))
    case.refresh_from_db()
    assert case.status == S.AWAITING_NOTIFICATION
    assert not hasattr(Case.objects.get(pk=case.pk), "panel_notification")
    assert AuditEvent.objects.count() == events


def test_a_looked_after_child_needs_ofsted_and_secretary_of_state_notified(world):
    case = referred_case(world, aware=date(2026, 5, 27), legal_status=[LegalStatus.LOOKED_AFTER])
    with pytest.raises(ValidationError, match="Ofsted"):
        screened_and_notified(world, case, on=date(2026, 5, 28))
    case = Case.objects.get(pk=case.pk)
    case = step(case, "notify", world.people["bu_officer"], reference="SIN-2", notified_on=date(2026, 5, 28),
                ofsted_notified_on=date(2026, 5, 28), secretary_of_state_notified_on=date(2026, 5, 29))
    assert case.panel_notification.secretary_of_state_notified_on == date(2026, 5, 29)


# --- Rapid review --------------------------------------------------------------------------------

def test_rapid_review_steps_must_be_in_order(world):
    case = screened_and_notified(world, referred_case(world, aware=date(2026, 5, 4)), on=date(2026, 5, 5))
    bu = world.people["bu_officer"]
    with pytest.raises(ValidationError, match="cannot be before agency summaries requested"):
        step(case, "rapid_review_progress", bu, summaries_requested_on=date(2026, 5, 8),
             summaries_received_on=date(2026, 5, 7))
    case = step(case, "rapid_review_progress", bu, summaries_requested_on=date(2026, 5, 6))
    assert case.rapid_review.summaries_requested_on == date(2026, 5, 6)
    with pytest.raises(ValidationError, match="Record the date") as refused:
        step(case, "rapid_review_send", bu, sent_on=date(2026, 5, 20), recommendation="lcspr")
    # An empty record is refused too: each heading the Panel needs, linked to where it is written.
    record_page = f"/reports/{case.reference}/rapid-review/"
    assert [e.message.href for e in refused.value.error_list][-4:] == [record_page] * 4
    assert "Write “Learning identified” in the rapid review record before sending it" in refused.value.messages


def test_the_rapid_review_record_starts_from_the_referral(world):
    from casereview.reports.services import rapid_review_record_initial

    case = screened_and_notified(world, referred_case(world, aware=date(2026, 5, 4)), on=date(2026, 5, 5))
    initial = rapid_review_record_initial(case)
    assert initial["circumstances"] == "Serious harm on 4 May 2026.\n\nAdmitted to hospital with injuries."
    assert initial["immediate_actions"] == "Siblings placed with grandparents."
    rapid_review_recorded(world, case)
    bu = world.people["bu_officer"]
    case = step(case, "rapid_review_progress", bu, summaries_requested_on=date(2026, 5, 6),
                summaries_received_on=date(2026, 5, 12), meeting_on=date(2026, 5, 14),
                partners_agreed_on=date(2026, 5, 15))
    case = step(case, "rapid_review_send", bu, sent_on=date(2026, 5, 18), recommendation="lcspr")
    assert case.status == S.AWAITING_PANEL


def test_panel_asking_for_more_sends_the_case_back_to_rapid_review(world):
    case = screened_and_notified(world, referred_case(world, aware=date(2026, 4, 1)), on=date(2026, 4, 2))
    case = rapid_review_done(world, case, requested=date(2026, 4, 7), received=date(2026, 4, 14),
                             meeting=date(2026, 4, 16), agreed=date(2026, 4, 17), sent=date(2026, 4, 20),
                             response_on=date(2026, 5, 1), response="more_information")
    assert case.status == S.RAPID_REVIEW
    case = step(case, "rapid_review_send", world.people["bu_officer"], sent_on=date(2026, 5, 8),
                recommendation="local_learning")
    # The rapid review clock was met by the first sending, not moved by the second.
    assert _clock(case, "rapid_review").met_on == date(2026, 4, 20)
    assert case.rapid_review.rounds == 2
    with pytest.raises(ValidationError, match="cannot be before the rapid review was sent"):
        step(case, "panel_response", world.people["bu_officer"], response="agrees", response_on=date(2026, 5, 7))


# --- Decision, stages, holds ------------------------------------------------------------------------

def _to_lcspr(world, decided_on=date(2026, 5, 1)) -> Case:
    case = screened_and_notified(world, referred_case(world, aware=date(2026, 4, 1)), on=date(2026, 4, 2))
    case = rapid_review_done(world, case, requested=date(2026, 4, 7), received=date(2026, 4, 14),
                             meeting=date(2026, 4, 16), agreed=date(2026, 4, 17), sent=date(2026, 4, 20),
                             response_on=date(2026, 4, 30))
    return decided(world, case, kind="lcspr", on=decided_on)


def test_the_whole_lcspr_route(world):
    case = _to_lcspr(world)
    assert (case.status, case.stage.milestone) == (S.IN_REVIEW, Milestone.COMMISSIONED)
    target = _clock(case, "lcspr_publication")
    assert target.due_on == date(2026, 11, 1)
    assert target.explanation.startswith("6 calendar months after the decision on 1 May 2026: 1 November 2026")
    assert _clock(case, "rapid_review").met_on == date(2026, 4, 20)

    bu = world.people["bu_officer"]
    with pytest.raises(ValidationError, match="Appoint a lead reviewer"):
        step(case, "advance", bu, terms_of_reference_on=date(2026, 5, 10))
    with_lead_reviewer(world, case)
    case = step(case, "advance", bu, terms_of_reference_on=date(2026, 5, 10))
    for expected in (Milestone.ANALYSIS, Milestone.DRAFTING, Milestone.QUALITY_ASSURANCE, Milestone.APPROVED):
        case = step(case, "advance", bu)
        assert case.stage.milestone == expected
    # The gate to publication: terms of reference agreed and the whole quality checklist met, each
    # blocker linked to the page where it is put right.
    with pytest.raises(ValidationError) as refused:
        step(case, "advance", bu, approved_on=date(2026, 5, 29), publication_planned_on=date(2026, 6, 19))
    hrefs = [getattr(e.message, "href", None) for e in refused.value.error_list]
    assert hrefs == [f"/reports/{case.reference}/terms-of-reference/", f"/reports/{case.reference}/quality-assurance/"]
    assert "0 of 8 quality markers are met" in refused.value.messages[1]
    signed_off_ready(world, case, agreed_on=date(2026, 5, 10))
    with pytest.raises(ValidationError, match="must be after the sign-off"):
        step(case, "advance", bu, approved_on=date(2026, 5, 29), publication_planned_on=date(2026, 5, 29))
    case = step(case, "advance", bu, approved_on=date(2026, 5, 29), publication_planned_on=date(2026, 6, 19))
    notice = _clock(case, "pre_publication_notice")
    assert notice.due_on == date(2026, 6, 10)  # 7 working days before Friday 19 June
    assert case.stage.milestone == Milestone.PRE_PUBLICATION_NOTICE
    case = step(case, "advance", bu, notice_sent_on=date(2026, 6, 1))
    assert _clock(case, "pre_publication_notice").met_on == date(2026, 6, 1)
    # The Published stage is completed only by publishing (reports.services.publish says so).
    with pytest.raises(ValidationError, match="moves on when the report is published") as refused:
        step(case, "advance", bu, published_on=date(2026, 6, 1), publication_url="https://example.org/r")
    assert refused.value.error_list[0].message.href == f"/reports/{case.reference}/publish/"
    with pytest.raises(ValidationError, match="Publication cannot be before 10 June 2026"):
        step(case, "advance", bu, published_on=date(2026, 6, 1), publication_url="https://example.org/r",
             publishing=True)
    with time_machine.travel(date(2026, 6, 22), tick=False):
        case = step(case, "advance", bu, published_on=date(2026, 6, 19), publication_url="https://example.org/r",
                    publishing=True)
        assert case.stage.milestone == Milestone.EMBEDDING_LEARNING
        assert _clock(case, "lcspr_publication").met_on == date(2026, 6, 19)
        assert case.clocks_met_late == 0
        case = step(case, "advance", bu, note="Briefings delivered; actions closed.")
    assert case.status == S.CLOSED and case.stage is None


def test_the_notice_must_leave_seven_working_days_before_publication(world):
    case = _to_lcspr(world)
    with_lead_reviewer(world, case)
    bu = world.people["bu_officer"]
    case = step(case, "advance", bu, terms_of_reference_on=date(2026, 5, 10))
    for _ in range(4):
        case = step(case, "advance", bu)
    signed_off_ready(world, case, agreed_on=date(2026, 5, 10))
    case = step(case, "advance", bu, approved_on=date(2026, 5, 22), publication_planned_on=date(2026, 6, 5))
    # Sent Thursday 28 May: 7 working days later is Monday 8 June, after the planned 5 June.
    with pytest.raises(ValidationError, match="can be published on 8 June 2026 at the earliest"):
        step(case, "advance", bu, notice_sent_on=date(2026, 5, 28))
    case.refresh_from_db()
    assert case.stage.milestone == Milestone.PRE_PUBLICATION_NOTICE


def test_quality_assurance_can_send_back_to_drafting(world):
    case = _to_lcspr(world)
    with_lead_reviewer(world, case)
    bu = world.people["bu_officer"]
    case = step(case, "advance", bu, terms_of_reference_on=date(2026, 5, 10))
    with pytest.raises(ValidationError, match="cannot send back for redrafting now"):
        step(case, "send_back", bu, note="Too early")
    for _ in range(3):
        case = step(case, "advance", bu)
    case = step(case, "send_back", bu, note="Analysis of the health visiting episode is thin.")
    assert case.stage.milestone == Milestone.DRAFTING


def test_a_hold_pauses_the_review_clock_and_lifting_it_extends_the_deadline(world):
    case = _to_lcspr(world)
    bu = world.people["bu_officer"]
    assert _clock(case, "lcspr_publication").due_on == date(2026, 11, 1)
    with time_machine.travel(date(2026, 5, 20), tick=False):
        case = step(case, "hold_place", bu, reason="criminal_proceedings", details="Trial listed.",
                    started_on=date(2026, 5, 11), review_on=date(2026, 6, 11))
        paused = _clock(case, "lcspr_publication")
        assert paused.paused and "paused while the case is on hold" in paused.explanation
        # While paused the review clock is not the case's next deadline.
        assert case.next_clock_name != paused.rule.name
        with pytest.raises(ValidationError, match="already on hold"):
            step(case, "hold_place", bu, reason="inquest", started_on=date(2026, 5, 12), review_on=date(2026, 6, 1))
    with time_machine.travel(date(2026, 5, 25), tick=False):
        with pytest.raises(ValidationError, match="cannot resume before the hold started"):
            step(case, "hold_lift", bu, ended_on=date(2026, 5, 10))
        case = step(case, "hold_lift", bu, ended_on=date(2026, 5, 21))
    lifted = _clock(case, "lcspr_publication")
    # On hold 11 to 20 May inclusive: 10 calendar days added to the six-month target.
    assert (lifted.paused, lifted.held_units, lifted.due_on) == (False, 10, date(2026, 11, 11))
    assert "plus 10 calendar days on hold: 11 November 2026" in lifted.explanation


def test_statutory_notification_clock_does_not_pause(world):
    case = referred_case(world, aware=date(2026, 5, 27))
    case = step(case, "hold_place", world.people["bu_officer"], reason="family_circumstances",
                started_on=date(2026, 5, 28), review_on=date(2026, 6, 28))
    clock = _clock(case, "notification")
    assert not clock.paused and clock.due_on == date(2026, 6, 3)
    assert case.next_due_date == date(2026, 6, 3)


def test_rerouting_swaps_the_clocks(world):
    case = _to_lcspr(world)
    local = Route.objects.get(partnership=world.partnership, kind="local_learning")
    data = dict(route=local, regulation_11=["a"], rationale="Proportionate.", decided_on=date(2026, 5, 15),
                partner_la=world.people["partner_la"], partner_police=world.people["partner_police"],
                partner_icb=world.people["partner_icb"])
    form = RerouteForm({"route": local.pk, "rationale": "r"}, case=case)
    assert "Say why the route is changing" in form.errors["reroute_reason"]
    with pytest.raises(ValidationError, match="already on this one"):
        step(case, "reroute", world.people["bu_manager"], **dict(data, route=case.route), reroute_reason="x")
    case = step(case, "reroute", world.people["bu_manager"], reroute_reason="Family asked for a lighter review.",
                **data)
    assert case.route.kind == "local_learning" and case.stage.milestone == Milestone.COMMISSIONED
    keys = set(case.clocks.values_list("key", flat=True))
    assert "lcspr_publication" not in keys and "local_learning_review" in keys
    assert _clock(case, "local_learning_review").due_on == date(2026, 8, 15)
    assert case.decisions.count() == 2 and case.decisions.first().reroute_reason


def test_lcspr_needs_a_notified_case(world):
    bu = world.people["bu_officer"]
    case = referred_case(world, aware=date(2026, 5, 27))
    case = step(case, "screen", bu, abuse_or_neglect="not_suspected", death_or_serious_harm="yes", rationale="r",
                outcome=Screening.Outcome.NOT_NOTIFIABLE_LOCAL, screened_on=date(2026, 5, 28))
    with pytest.raises(ValidationError, match="needs a notification"):
        decided(world, case, kind="lcspr", on=date(2026, 5, 29))
    case = decided(world, case, kind="local_learning", on=date(2026, 5, 29))
    assert case.route.kind == "local_learning"


def test_the_partners_must_hold_their_roles(world):
    case = _to_lcspr(world)
    other = referred_case(world, aware=date(2026, 5, 27))
    bu = world.people["bu_officer"]
    other = step(other, "screen", bu, abuse_or_neglect="not_suspected", death_or_serious_harm="no", rationale="r",
                 outcome=Screening.Outcome.NOT_NOTIFIABLE_LOCAL, screened_on=date(2026, 5, 28))
    route = Route.objects.get(partnership=world.partnership, kind="local_learning")
    with pytest.raises(ValidationError, match="safeguarding partner role"):
        step(other, "decide", bu, route=route, rationale="r", decided_on=date(2026, 5, 29),
             partner_la=world.people["partner_police"], partner_police=world.people["partner_police"],
             partner_icb=world.people["partner_icb"])
    assert case.status == S.IN_REVIEW


# --- Refusals common to every transition ------------------------------------------------------------

def test_a_transition_from_the_wrong_status_is_refused(world):
    case = referred_case(world, aware=date(2026, 5, 27))
    with pytest.raises(ValidationError, match="the case is at “Referred: awaiting screening”"):
        step(case, "notify", world.people["bu_officer"], reference="X", notified_on=date(2026, 5, 28))


def test_people_without_the_role_cannot_move_a_case(world):
    case = referred_case(world, aware=date(2026, 5, 27))
    for persona in ("agency_rep", "lead_reviewer", "scrutineer", "partner_la", "other_partnership_manager"):
        with pytest.raises(PermissionDenied):
            step(case, "screen", world.people[persona], abuse_or_neglect="known", death_or_serious_harm="yes",
                 outcome="notify", rationale="r", screened_on=date(2026, 5, 28))


def test_a_stale_version_is_refused(world):
    case = referred_case(world, aware=date(2026, 5, 27))
    stale = case.lock_version
    step(case, "hold_place", world.people["bu_officer"], reason="inquest", started_on=date(2026, 5, 28),
         review_on=date(2026, 6, 28))
    with pytest.raises(ValidationError, match="Someone else changed this case"):
        case_transition(case=case, name="hold_lift", by=world.people["bu_manager"],
                        data={"ended_on": date(2026, 5, 29)}, expected_version=stale)


def test_every_transition_is_recorded_and_audited(world):
    case = _to_lcspr(world)
    names = list(case.transitions.order_by("at", "pk").values_list("name", flat=True))
    assert names == ["submit", "screen", "notify", "rapid_review_progress", "rapid_review_send", "panel_response",
                     "decide"]
    audited = AuditEvent.objects.filter(case=case, action__in=["state_change", "update"]).count()
    assert audited >= len(names) - 1  # the submit is audited before the case has a reference too


def test_open_statuses_exclude_the_ends():
    assert S.CLOSED not in OPEN_STATUSES and S.WITHDRAWN not in OPEN_STATUSES and S.DRAFT not in OPEN_STATUSES


def test_dates_in_the_future_are_refused_by_the_service_too(world):
    case = referred_case(world, aware=date(2026, 5, 27))
    with pytest.raises(ValidationError, match="must be today or in the past, not 2 June 2026"):
        step(case, "screen", world.people["bu_officer"], abuse_or_neglect="known", death_or_serious_harm="yes",
             outcome="notify", rationale="r", screened_on=date(2026, 6, 2))
    # A hold's review date is a plan, so it may be in the future.
    case = step(case, "hold_place", world.people["bu_officer"], reason="inquest", started_on=date(2026, 6, 1),
                review_on=date(2026, 9, 1))
    assert case.on_hold


def test_the_notice_goes_to_the_panel_and_the_secretary_of_state(world):
    case = _to_lcspr(world)
    with_lead_reviewer(world, case)
    bu = world.people["bu_officer"]
    case = step(case, "advance", bu, terms_of_reference_on=date(2026, 5, 10))
    for _ in range(4):
        case = step(case, "advance", bu)
    signed_off_ready(world, case, agreed_on=date(2026, 5, 10))
    case = step(case, "advance", bu, approved_on=date(2026, 5, 22), publication_planned_on=date(2026, 6, 19))
    with pytest.raises(ValidationError, match="both the National Panel and the Secretary of State"):
        step(case, "advance", bu, notice_sent_on=date(2026, 5, 28), notice_recipients=["panel"])
    case = step(case, "advance", bu, notice_sent_on=date(2026, 5, 28),
                notice_recipients=["panel", "secretary_of_state", "ofsted"])
    assert case.transitions.first().full_note.startswith("Sent to: The Child Safeguarding Practice Review Panel, "
                                                    "The Secretary of State (Department for Education), Ofsted")
