"""Drives a case through its lifecycle with the services, as the pages do, for tests and benchmarks."""

from __future__ import annotations

from datetime import date

from casereview.cases import lifecycle, referrals
from casereview.cases.models import Case, CaseMembership, CaseRole, LegalStatus
from casereview.process.models import Route


def referred_case(world, *, aware: date, incident: date | None = None, legal_status=(LegalStatus.CHILD_IN_NEED,),
                  by=None) -> Case:
    by = by or world.people["agency_rep"]
    case = draft_referral(world, aware=aware, incident=incident, legal_status=legal_status, by=by)
    return lifecycle.case_transition(case=case, name="submit", by=by)


def draft_referral(world, *, aware: date, incident: date | None = None, legal_status=(LegalStatus.CHILD_IN_NEED,),
                   by=None) -> Case:
    """A complete referral, not yet submitted."""
    by = by or world.people["agency_rep"]
    case = referrals.referral_start(partnership=world.partnership, by=by)
    referrals.referral_save(case=case, by=by, data={
        "referrer_role": "Designated safeguarding lead", "incident_date": incident or aware,
        "incident_place": "The family home", "incident_kind": "serious_harm", "abuse_or_neglect": "suspected",
        "abuse_kinds": ["physical"], "description": "Admitted to hospital with injuries.",
        "immediate_actions": "Siblings placed with grandparents.", "police_involved": "yes",
        "media_interest": "no", "aware_date": aware, "local_authority": world.partnership.local_authorities.first(),
        "agencies": [world.agencies["police"]],
    })
    referrals.referral_person_save(case=case, by=by, kind="child", data={
        "full_name": "Jordan Example", "date_of_birth": date(2020, 5, 1), "sex": "male", "ethnicity": "white",
        "disability": "no", "legal_status": list(legal_status)})
    return case


def step(case: Case, name: str, by, **data) -> Case:
    return lifecycle.case_transition(case=case, name=name, by=by, data=data)


def screened_and_notified(world, case: Case, *, on: date, notified_on: date | None = None, **extra) -> Case:
    bu = world.people["bu_officer"]
    case = step(case, "screen", bu, abuse_or_neglect="suspected", death_or_serious_harm="yes", outcome="notify",
                rationale="Both tests met.", screened_on=on)
    return step(case, "notify", bu, reference="SIN-0001", notified_on=notified_on or on, **extra)


def rapid_review_done(world, case: Case, *, requested: date, received: date, meeting: date, agreed: date,
                      sent: date, response_on: date, response: str = "agrees") -> Case:
    bu = world.people["bu_officer"]
    case = step(case, "rapid_review_progress", bu, summaries_requested_on=requested, summaries_received_on=received,
                meeting_on=meeting, partners_agreed_on=agreed)
    rapid_review_recorded(world, case)
    case = step(case, "rapid_review_send", bu, sent_on=sent, recommendation="lcspr")
    return step(case, "panel_response", bu, response=response, response_on=response_on, notes="")


def decided(world, case: Case, *, kind: str, on: date, by=None) -> Case:
    route = Route.objects.get(partnership=world.partnership, kind=kind)
    return step(case, "decide", by or world.people["partner_la"], route=route, regulation_11=["a", "c"],
                rationale="Learning about multi-agency working.", decided_on=on,
                partner_la=world.people["partner_la"], partner_police=world.people["partner_police"],
                partner_icb=world.people["partner_icb"])


def with_lead_reviewer(world, case: Case) -> None:
    CaseMembership.objects.get_or_create(case=case, person=world.people["lead_reviewer"],
                                         defaults={"role": CaseRole.LEAD_REVIEWER})


def rapid_review_recorded(world, case: Case) -> None:
    """The record the Panel reads: the referral's account prefilled, the rest written by the business unit."""
    from casereview.reports import services as reports

    reports.rapid_review_record_save(case=case, by=world.people["bu_officer"], data={
        **reports.rapid_review_record_initial(case), "agency_summaries": "Police and health each saw part of it.",
        "learning": "Information sharing about injuries to babies."})


def signed_off_ready(world, case: Case, *, agreed_on: date) -> None:
    """What the sign-off gate asks for: terms of reference agreed and every quality marker met."""
    from casereview.reports import services as reports
    from casereview.reports.models import QualityMarker

    bu = world.people["bu_officer"]
    reports.terms_of_reference_save(case=case, by=bu, data={"agreed_on": agreed_on})
    for marker in QualityMarker.objects.filter(partnership=case.partnership, active=True):
        reports.quality_check_save(case=case, by=bu, marker=marker, met=True, evidence="Seen by the subgroup.")


def decided_with_lead_reviewer(world, *, kind: str = "lcspr", aware: date = date(2026, 1, 5),
                               screened_on: date = date(2026, 1, 6)) -> Case:
    """Referred, notified, its rapid review sent to the Panel, decided on 3 Feb 2026 for ``kind``, with
    the world's lead reviewer."""
    case = screened_and_notified(world, referred_case(world, aware=aware), on=screened_on)
    case = rapid_review_done(world, case, requested=date(2026, 1, 8), received=date(2026, 1, 15),
                             meeting=date(2026, 1, 19), agreed=date(2026, 1, 21), sent=date(2026, 1, 22),
                             response_on=date(2026, 2, 2))
    case = decided(world, case, kind=kind, on=date(2026, 2, 3))
    with_lead_reviewer(world, case)
    return case


def lcspr_at_stage(world, stages: int, *, aware: date = date(2026, 1, 5)) -> Case:
    """An LCSPR with its lead reviewer, decided on 3 Feb 2026, its terms of reference agreed, moved on
    ``stages`` stages past commissioning (2: drafting, 3: quality assurance, 4: approved)."""
    case = decided_with_lead_reviewer(world, aware=aware, screened_on=aware)
    case = step(case, "advance", world.people["bu_officer"], terms_of_reference_on=date(2026, 2, 20))
    for _ in range(stages):
        case = step(case, "advance", world.people["bu_officer"])
    return case


def lcspr_to_publication(world, case: Case, *, planned_on: date, notice_sent_on: date) -> Case:
    """An approved LCSPR report's case moved through the stages to publication planned and the
    pre-publication notice sent, the sign-off gate satisfied on the way."""
    bu = world.people["bu_officer"]
    case = step(case, "advance", bu, terms_of_reference_on=date(2026, 2, 20))
    for _ in range(4):
        case = step(case, "advance", bu)
    signed_off_ready(world, case, agreed_on=date(2026, 2, 20))
    case = step(case, "advance", bu, approved_on=date(2026, 5, 20), publication_planned_on=planned_on)
    return step(case, "advance", bu, notice_sent_on=notice_sent_on)
