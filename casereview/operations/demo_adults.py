"""Fictional safeguarding adults reviews for the demo partnership, which also runs its area's
Safeguarding Adults Board reviews: one at every step from referral to the annual report."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings

from casereview.adults import services as adults
from casereview.cases import lifecycle
from casereview.cases import services as cases
from casereview.cases.clocks import clocks_recompute
from casereview.cases.models import Case, CaseMembership, CaseRole
from casereview.contributions import services as contributions
from casereview.contributions.models import RequestKind
from casereview.learning import services as learning
from casereview.operations.demo import Demo, on_day
from casereview.reports import queries as report_queries
from casereview.reports import services as reports
from casereview.reports.models import PublicationDecision, QualityMarker

SAR_REPORT = {
    "introduction": "<p>The board arranged this review because {adult} had care and support needs, died, and "
                    "agencies could have worked together better (section 44(1) to (3) of the Care Act 2014).</p>",
    "methodology": "<p>SCIE Learning Together: agency records, a practitioner event, and conversations with the "
                   "family, supported by an independent advocate.</p>",
    "adult": "<p>{adult} loved gardening and the radio, and lived alone after his wife died. He died in a fire at "
             "home.</p>",
    "chronology": "<p>Over a year, the GP, the housing officer and a home care agency each saw part of the "
                  "picture.</p>",
    "analysis": "<p>Self-neglect was seen as a lifestyle choice. Nobody assessed whether {adult} could make the "
                "decisions in question, and nobody called a multi-agency meeting.</p>",
    "good_practice": "<p>The home care worker raised a concern and followed it up.</p>",
    "recommendations": "<ol><li>The board publishes a self-neglect protocol with a clear route to a multi-agency "
                       "meeting.</li></ol>",
}


def _refer(d: Demo, *, aware, summary: str, kind: str = "death", age: int = 71) -> Case:
    by = d.cast.referrer
    d.count += 1
    with on_day(aware):
        case = adults.sar_referral_start(partnership=d.partnership, by=by)
        adults.sar_referral_save(case=case, by=by, data={
            "referrer_role": "Named nurse for adult safeguarding", "senior_lead_agreed": "yes",
            "full_name": f"{['Edna', 'Walter', 'Irene', 'Frank', 'Doreen', 'Harold', 'Joan'][d.count % 7]} "
                         "Fictionshire", "age": age, "sex": "female" if d.count % 2 else "male",
            "ethnicity": "not_known", "incident_kind": kind, "incident_date": aware - timedelta(days=3),
            "care_and_support_needs": "yes", "abuse_or_neglect": "suspected", "abuse_kinds": ["self_neglect"],
            "working_together_concern": "yes", "description": summary, "aware_date": aware,
            "local_authority": d.las[0], "agencies": d.agencies[:3]})
        case = lifecycle.case_transition(case=case, name="submit", by=by)
    Case.objects.filter(pk=case.pk).update(owner=d.cast.officer)
    return Case.objects.get(pk=case.pk)


def _acknowledge(d: Demo, case: Case, on, outcome: str = "information") -> Case:
    return d.step(case, "sar_acknowledge", acknowledged_on=on, care_and_support_needs="yes",
                  abuse_or_neglect="yes", working_together_concern="yes", outcome=outcome,
                  rationale="Care and support needs, suspected neglect and concern about how agencies worked "
                            "together: section 44(1) to (3) appears to apply.")


def _recommend(d: Demo, case: Case, on, recommendation: str = "commission") -> Case:
    return d.step(case, "sar_recommend", met_on=on, recommendation=recommendation, legal_basis="s44_mandatory",
                  methodology="learning_together",
                  rationale="The criteria for a mandatory review are met; there is systemic learning about "
                            "self-neglect.")


def _decide(d: Demo, case: Case, on, chair, decision: str = "commission", methodology: str = "learning_together"):
    return d.step(case, "sar_decide", by=chair, decision=decision, legal_basis="s44_mandatory",
                  methodology=methodology, chair=chair, decided_on=on,
                  rationale="The chair agrees with the subgroup: a mandatory review, proportionate to the learning.")


def load(partnership, cast, *, sab_chair) -> list[Case]:
    """Eight fictional SARs, from a referral waiting to be acknowledged to one published whose
    findings are in the annual report."""
    cases.framework_enable(partnership=partnership, key="adults", by=cast.manager)
    d = Demo(partnership, cast)
    wd, made = d.wd, []

    made.append(_refer(d, aware=wd(-2), summary="Older man found in a cold, cluttered home; he declined help."))
    case = _refer(d, aware=wd(-20), summary="Woman with a learning disability died after weight loss at home.")
    case = _acknowledge(d, case, wd(-19))
    with on_day(wd(-18)):
        reps = {p.agency_id: [p] for p in cast.reps}
        contributions.requests_send(
            case=case, by=cast.officer, kind=RequestKind.S45_INFORMATION, contributors=reps,
            instructions="Under section 45 of the Care Act, please tell the board what your agency knew of the adult "
                         "in the year before her death.", lines_of_enquiry="", scope_start=None, scope_end=None)
    made.append(case)
    case = _acknowledge(d, _refer(d, aware=wd(-30), summary="Man with dementia harmed by a paid carer."), wd(-29),
                        outcome="subgroup")
    made.append(case)
    case = _acknowledge(d, _refer(d, aware=wd(-45), summary="Woman died after a fall; many missed visits."), wd(-44))
    case = d.step(case, "sar_subgroup_ready", information_complete_on=wd(-30))
    made.append(_recommend(d, case, wd(-25)))

    # A SAR in rapid time, commissioned and at the analysis stage with the adult's involvement recorded.
    case = _acknowledge(d, _refer(d, aware=wd(-70), summary="Man who was homeless died in hospital of neglect.",
                                  age=52), wd(-69), outcome="subgroup")
    case = _recommend(d, case, wd(-64))
    case = _decide(d, case, wd(-62), sab_chair, methodology="rapid_time")
    _staff(d, case)
    case = d.advance(case, 2, wd(-60))
    adults.involvement_save(case=case, by=cast.officer, data={
        "consent": "died", "consent_on": None, "capacity_notes": "", "public_interest_reason": "",
        "advocacy": "not_applicable", "advocate_role": "", "family_invited": "yes", "family_invited_on": wd(-55),
        "family_not_invited_reason": "", "how_described": "As “Mr D”, as his sister asked."})
    made.append(case)

    # Proportionate alternative learning, in its learning event.
    case = _acknowledge(d, _refer(d, aware=wd(-80), summary="Woman with care needs scammed of her savings.",
                                  kind="serious_harm"), wd(-79), outcome="subgroup")
    case = d.step(case, "sar_recommend", met_on=wd(-75), recommendation="alternative", legal_basis="",
                  methodology="", rationale="Not a mandatory review; a learning event will do.")
    case = _decide(d, case, wd(-73), sab_chair, decision="alternative")
    _staff(d, case)
    made.append(d.advance(case, 2, wd(-70)))

    # Not a SAR: the chair closes it, with reasons to the referrer.
    case = _acknowledge(d, _refer(d, aware=wd(-40), summary="Fall in a care home; no concern about agencies."),
                        wd(-39), outcome="subgroup")
    case = d.step(case, "sar_recommend", met_on=wd(-35), recommendation="no_review", legal_basis="", methodology="",
                  rationale="The home acted promptly; no multi-agency learning.")
    made.append(_decide(d, case, wd(-33), sab_chair, decision="no_review"))

    made.append(_published(d, sab_chair))
    for case in made:
        clocks_recompute(case)
    return made


def _staff(d: Demo, case: Case) -> None:
    CaseMembership.objects.get_or_create(case=case, person=d.cast.reviewer,
                                         defaults={"role": CaseRole.LEAD_REVIEWER, "added_by": d.cast.manager})


def _published(d: Demo, sab_chair) -> Case:
    """A SAR taken to the end: approved by the chair, published, its finding acted on."""
    cast, wd = d.cast, d.wd
    case = _acknowledge(d, _refer(d, aware=wd(-200), summary="Man who self-neglected died in a house fire."),
                        wd(-199), outcome="subgroup")
    case = _recommend(d, case, wd(-190))
    case = _decide(d, case, wd(-188), sab_chair)
    _staff(d, case)
    on = wd(-185)
    with on_day(on):
        reports.terms_of_reference_save(case=case, by=cast.officer, data={
            "scope_start": on - timedelta(days=365), "scope_end": on - timedelta(days=20),
            "lines_of_enquiry": "How was self-neglect understood?\nWas mental capacity assessed?",
            "methodology": "systems", "agreed_on": on})
    case = d.step(case, "advance", terms_of_reference_on=on)
    case = d.step(case, "advance", note="Agencies answered under section 45.")
    with on_day(wd(-150)):
        adults.involvement_save(case=case, by=cast.officer, data={
            "consent": "died", "consent_on": None, "capacity_notes": "", "public_interest_reason": "",
            "advocacy": "not_applicable", "advocate_role": "", "family_invited": "yes", "family_invited_on": wd(-160),
            "family_not_invited_reason": "", "how_described": "As “Mr F”."})
    case = d.step(case, "advance", note="Practitioner event held; the family took part.")
    with on_day(wd(-140)):
        sections = {k: html.format(adult=case.pseudonym, summary=case.referral.description)
                    for k, html in SAR_REPORT.items()}
        reports.version_save(case=case, by=cast.reviewer, note="Final draft", sections=sections)
    case = d.step(case, "advance", note="Drafted.")
    with on_day(wd(-130)):
        for marker in QualityMarker.objects.filter(partnership=case.partnership, framework="adults", active=True):
            reports.quality_check_save(case=case, by=cast.manager, marker=marker, met=True,
                                       evidence="Checked by the SAR subgroup.")
    case = d.step(case, "advance", note="Quality assured.")
    with on_day(wd(-125)):
        reports.approval_record(case=case, by=sab_chair, version=report_queries.latest_version(case),
                                comment="Approved for the board.")
        reports.publication_decision_save(
            case=case, by=cast.officer, form=PublicationDecision.Form.FULL,
            foreword="The board thanks Mr F's family and the practitioners who took part.",
            response="The board accepts the finding and has asked its partners to act on it.", glossary="")
    case = d.step(case, "advance", approved_on=wd(-125))
    published_on = wd(-120)
    with on_day(published_on):
        reports.publish(case=case, by=cast.officer, published_on=published_on, site_url=settings.SITE_URL)
    case = Case.objects.get(pk=case.pk)
    with on_day(wd(-115)):
        finding = learning.finding_add(case=case, by=cast.officer, text="Self-neglect was treated as a lifestyle "
                                       "choice, so no agency assessed capacity or called a multi-agency meeting.",
                                       themes=[])
        recommendation = learning.recommendation_add(case=case, by=cast.officer, finding=finding,
                                                     text="Publish a self-neglect protocol.")
        action = learning.action_add(
            recommendation=recommendation, by=cast.officer, description="Write and launch the self-neglect protocol.",
            agency=cast.referrer.agency, lead=cast.referrer, start_on=wd(-115), due_on=wd(-40),
            success_measure="Multi-agency meetings are called for self-neglect cases.")
    with on_day(wd(-45)):
        learning.action_update_add(action=action, by=cast.referrer, text="Protocol launched.", mark_done=True)
    return Case.objects.get(pk=case.pk)
