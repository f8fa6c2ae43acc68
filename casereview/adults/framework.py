"""The adults framework: safeguarding adults reviews under the Care Act 2014 s44 (brief §1).

There is no national notification and no rapid review. The board acknowledges and screens the
referral, may ask agencies for information under s45, its SAR subgroup recommends and the
independent chair decides. From the decision the case follows its route's stages like any other,
through the case engine's shared steps (cases.lifecycle)."""

from __future__ import annotations

from dataclasses import replace

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from casereview.adults import defaults
from casereview.adults import forms as f
from casereview.adults.models import (
    AdultInvolvement,
    ChairDecision,
    LegalBasis,
    Recommendation,
    SarCriteria,
    SarDecision,
    SarMethodology,
    SubgroupRecommendation,
)
from casereview.cases import frameworks, lifecycle
from casereview.cases.lifecycle import StageExit, Step, Transition
from casereview.cases.models import CaseStatus, SubjectKind, YesNoUnknown
from casereview.govuk.blockers import Blocker
from casereview.govuk.wording import problem
from casereview.partnerships.models import Role, RoleAssignment
from casereview.process.models import CaseEvent, Milestone, Route, RouteKind
from casereview.process.services import pack_seed
from casereview.reports.services import documents_seed

REFERRED = "sar_referred"
SCREENING = "sar_screening"
SUBGROUP = "sar_subgroup"
CHAIR = "sar_chair"

STATUSES = {
    REFERRED: "Referred: awaiting acknowledgement",
    SCREENING: "Information requested from agencies",
    SUBGROUP: "Awaiting the SAR subgroup",
    CHAIR: "Awaiting the independent chair's decision",
}
OPEN = frozenset(STATUSES) | {CaseStatus.IN_REVIEW}


# --- The referral -----------------------------------------------------------------------------


def referral_problems(case) -> list[tuple[str, str]]:
    """What a draft SAR referral still lacks before it can be submitted."""
    referral = getattr(case, "referral", None)
    answers = getattr(case, "sar_referral", None)
    adult = next((s for s in case.subjects.all() if s.kind == SubjectKind.ADULT), None)
    problems = []
    if adult is None or not getattr(getattr(adult, "identity", None), "full_name", ""):
        problems.append(("adult", "Give the adult's full name"))
    elif adult.age is None and not adult.identity.date_of_birth:
        problems.append(("adult", "Give the adult's date of birth or age"))
    for name, message in (("incident_kind", "Select what happened to the adult"),
                          ("incident_date", "Enter the date of the death or of the most recent serious incident"),
                          ("abuse_or_neglect", "Select whether abuse or neglect is known or suspected"),
                          ("description", "Describe what happened"),
                          ("aware_date", "Enter the date your agency became aware of the concern")):
        if referral is None or not getattr(referral, name):
            problems.append(("referral", message))
    for name, message in (("care_and_support_needs", "Select whether the adult had needs for care and support"),
                          ("working_together_concern", "Select whether there is concern about how agencies "
                                                       "worked together")):
        if not getattr(answers, name, ""):
            problems.append(("referral", message))
    if not case.local_authority_id:
        problems.append(("referral", "Select the local authority where the adult lived"))
    return problems


def _submit(step: Step) -> str:
    case = step.case
    case.reference, case.pseudonym = lifecycle.next_reference(case)
    case.year = case.referral.aware_date.year
    case.submitted_at = timezone.now()
    # The board's clocks start when it receives the referral: there is no national notification.
    lifecycle.set_milestone(case, CaseEvent.REFERRAL_RECEIVED, step.today)
    return REFERRED


# --- Acknowledgement and screening against s44 --------------------------------------------------


def section_44(care_needs: str, abuse: str, concern: str) -> str:
    """Which part of section 44 the facts point to: a mandatory review needs all three, a
    discretionary one needs care and support needs; "" when neither applies yet."""
    if care_needs == YesNoUnknown.YES and abuse == YesNoUnknown.YES and concern == YesNoUnknown.YES:
        return LegalBasis.MANDATORY
    if care_needs == YesNoUnknown.YES:
        return LegalBasis.DISCRETIONARY
    return ""


def _guard_acknowledge(step: Step) -> None:
    d = step.data
    lifecycle.not_before(step, d["acknowledged_on"], CaseEvent.REFERRAL_RECEIVED, "acknowledged_on",
                         "The acknowledgement")
    if d["outcome"] == f.OUTCOME_CLOSE and d["care_and_support_needs"] != YesNoUnknown.NO:
        lifecycle.refuse(outcome=problem("Only a referral about an adult without care and support needs is closed "
                                         "here: any other goes to the SAR subgroup, which advises the independent "
                                         "chair", "only_a_referral_about_an"))


def _acknowledge(step: Step) -> str:
    d = step.data
    SarCriteria.objects.update_or_create(case=step.case, defaults={
        "acknowledged_on": d["acknowledged_on"], "care_and_support_needs": d["care_and_support_needs"],
        "working_together_concern": d["working_together_concern"], "abuse_or_neglect": d["abuse_or_neglect"],
        "rationale": d["rationale"], "recorded_by": step.by})
    lifecycle.set_milestone(step.case, CaseEvent.ACKNOWLEDGED, d["acknowledged_on"])
    if d["outcome"] == f.OUTCOME_SUBGROUP:
        lifecycle.set_milestone(step.case, CaseEvent.INFORMATION_COMPLETE, d["acknowledged_on"])
    return {f.OUTCOME_INFORMATION: SCREENING, f.OUTCOME_SUBGROUP: SUBGROUP, f.OUTCOME_CLOSE: CaseStatus.CLOSED}[
        d["outcome"]]


def _guard_subgroup_ready(step: Step) -> None:
    lifecycle.not_before(step, step.data["information_complete_on"], CaseEvent.ACKNOWLEDGED,
                         "information_complete_on", "The date the information was complete")


def _subgroup_ready(step: Step) -> str:
    lifecycle.set_milestone(step.case, CaseEvent.INFORMATION_COMPLETE, step.data["information_complete_on"])
    return SUBGROUP


# --- The subgroup's recommendation and the chair's decision ------------------------------------


def _guard_recommend(step: Step) -> None:
    d = step.data
    lifecycle.not_before(step, d["met_on"], CaseEvent.INFORMATION_COMPLETE, "met_on", "The subgroup's meeting")
    if d["recommendation"] == Recommendation.COMMISSION and not d.get("legal_basis"):
        lifecycle.refuse(legal_basis=problem("Select the legal basis for the review the subgroup recommends",
                                             "select_the_legal_basis_for"))


def _recommend(step: Step) -> str:
    d = step.data
    SubgroupRecommendation.objects.create(
        case=step.case, met_on=d["met_on"], recommendation=d["recommendation"], legal_basis=d.get("legal_basis", ""),
        methodology=d.get("methodology", ""), rationale=d["rationale"], recorded_by=step.by)
    if d["recommendation"] == Recommendation.MORE_INFORMATION:
        step.case.milestones.filter(event=CaseEvent.INFORMATION_COMPLETE).delete()
        return SCREENING
    lifecycle.set_milestone(step.case, CaseEvent.SUBGROUP_RECOMMENDED, d["met_on"])
    return CHAIR


ROUTE_OF = {ChairDecision.COMMISSION: RouteKind.SAR, ChairDecision.ALTERNATIVE: RouteKind.SAR_ALTERNATIVE}


def _guard_decide(step: Step) -> None:
    d, case = step.data, step.case
    if not RoleAssignment.objects.filter(person=d["chair"], partnership_id=case.partnership_id,
                                         role=Role.SAB_CHAIR).exists():
        lifecycle.refuse(chair=problem("Choose someone who holds the independent chair's role in this partnership",
                                       "choose_someone_who_holds_the"))
    lifecycle.not_before(step, d["decided_on"], CaseEvent.SUBGROUP_RECOMMENDED, "decided_on", "The decision")
    if d["decision"] == ChairDecision.COMMISSION:
        if not d.get("legal_basis"):
            lifecycle.refuse(legal_basis=problem("Select the legal basis: a mandatory or a discretionary review",
                                                 "select_the_legal_basis_a"))
        if not d.get("methodology"):
            lifecycle.refuse(methodology=problem("Select the methodology", "select_the_methodology"))
        criteria = getattr(case, "sar_criteria", None)
        if (d["legal_basis"] == LegalBasis.MANDATORY and criteria is not None
                and section_44(criteria.care_and_support_needs, criteria.abuse_or_neglect,
                               criteria.working_together_concern) != LegalBasis.MANDATORY):
            lifecycle.refuse(legal_basis=problem("The screening did not find all three tests of section 44(1) to (3) "
                                                 "met: record a discretionary review, or correct the screening first",
                                                 "the_screening_did_not_find"))
    if d["decision"] in ROUTE_OF and not Route.objects.filter(partnership_id=case.partnership_id,
                                                              kind=ROUTE_OF[d["decision"]]).exists():
        lifecycle.refuse(decision=problem("This partnership's process pack has no route for that decision",
                                          "this_partnership_s_process_pack"))


def _decide(step: Step) -> str:
    d, case = step.data, step.case
    commissioning = d["decision"] == ChairDecision.COMMISSION
    SarDecision.objects.create(
        case=case, decision=d["decision"], legal_basis=d.get("legal_basis", "") if commissioning else "",
        methodology=d.get("methodology", "") if commissioning else "", rationale=d["rationale"],
        decided_on=d["decided_on"], chair=d["chair"], recorded_by=step.by)
    lifecycle.set_milestone(case, CaseEvent.DECIDED, d["decided_on"])
    case.milestones.filter(event=CaseEvent.RAPID_TIME_COMMISSIONED).delete()
    if commissioning and d.get("methodology") == SarMethodology.RAPID_TIME:
        lifecycle.set_milestone(case, CaseEvent.RAPID_TIME_COMMISSIONED, d["decided_on"])
    kind = ROUTE_OF.get(d["decision"], RouteKind.SAR_NONE)
    case.route = Route.objects.filter(partnership_id=case.partnership_id, kind=kind).first()
    case.stage = lifecycle.first_stage(case.route) if case.route else None
    if case.stage is None:
        return CaseStatus.CLOSED
    lifecycle.entered_stage(step)
    return CaseStatus.IN_REVIEW


# --- Stages -------------------------------------------------------------------------------------


def involvement_blockers(case) -> list[Blocker]:
    if AdultInvolvement.objects.filter(case=case).exists():
        return []
    return [Blocker("Record how the adult, an advocate and the family are involved before the analysis ends",
                    reverse("adults:involvement", args=[case.reference]))]


def _leave_analysis(step: Step) -> None:
    blockers = involvement_blockers(step.case)
    if blockers:
        raise ValidationError(blockers)


STAGE_EXIT = {
    Milestone.COMMISSIONED: StageExit(lifecycle.leave_commissioned, lifecycle.record_commissioned),
    Milestone.ANALYSIS: StageExit(_leave_analysis),
    Milestone.APPROVED: StageExit(lifecycle.leave_approved, lifecycle.record_approved),
    Milestone.PUBLISHED: StageExit(lifecycle.leave_published, lifecycle.record_published),
}

# --- The table ------------------------------------------------------------------------------------

_shared = lifecycle.TRANSITIONS
TRANSITIONS: dict[str, Transition] = {t.name: t for t in [
    replace(_shared["submit"], effect=_submit, targets=frozenset({REFERRED})),
    Transition("sar_acknowledge", "Acknowledge and screen the referral", frozenset({REFERRED}),
               "manage_case_lifecycle", f.AcknowledgeForm, _guard_acknowledge, _acknowledge,
               targets=frozenset({SCREENING, SUBGROUP, CaseStatus.CLOSED}), note_field="rationale"),
    Transition("sar_subgroup_ready", "Send to the SAR subgroup", frozenset({SCREENING}), "manage_case_lifecycle",
               f.SubgroupReadyForm, _guard_subgroup_ready, _subgroup_ready, targets=frozenset({SUBGROUP}),
               note_field="note"),
    Transition("sar_recommend", "Record the SAR subgroup's recommendation", frozenset({SUBGROUP}),
               "manage_case_lifecycle", f.RecommendForm, _guard_recommend, _recommend,
               targets=frozenset({CHAIR, SCREENING}), note_field="rationale"),
    Transition("sar_decide", "Record the independent chair's decision", frozenset({CHAIR}), "record_sar_decision",
               f.ChairDecisionForm, _guard_decide, _decide, targets=frozenset({CaseStatus.IN_REVIEW, CaseStatus.CLOSED}),
               note_field="rationale"),
    replace(_shared["withdraw"], sources=frozenset({REFERRED, SCREENING, SUBGROUP})),
    _shared["send_back"],
    *lifecycle.shared_steps(OPEN),
]}

NEXT_STEP = {
    CaseStatus.DRAFT: "submit",
    REFERRED: "sar_acknowledge",
    SCREENING: "sar_subgroup_ready",
    SUBGROUP: "sar_recommend",
    CHAIR: "sar_decide",
    CaseStatus.IN_REVIEW: "advance",
}


def _adult(letters: str, year: int) -> str:
    return f"Adult {letters} ({year})"


def install(partnership) -> None:
    """The routes, clocks, report sections and SCIE's quality markers a partnership gets when it enables SARs."""
    pack_seed(partnership=partnership, routes=defaults.ROUTES, clock_rules=defaults.CLOCK_RULES)
    documents_seed(partnership=partnership, framework=frameworks.ADULTS, templates=defaults.REPORT_TEMPLATES,
                   markers=defaults.QUALITY_MARKERS)


ADULTS = frameworks.Framework(
    key=frameworks.ADULTS, label="Safeguarding adults reviews", short_label="SAR",
    transitions=TRANSITIONS, next_step=NEXT_STEP, stage_exit=STAGE_EXIT, pseudonym=_adult, statuses=STATUSES,
    person="adult", response_title="The Safeguarding Adults Board’s response",
    referral_problems=referral_problems, sign_off=(Role.SAB_CHAIR,),
    sign_off_words="The Safeguarding Adults Board's independent chair",
    approvers_words="the Safeguarding Adults Board's independent chair", install=install,
    referral_url="adults:referral-start", draft_url="adults:referral",
    request_kinds=("s45_information", "chronology", "agency_report", "factual_accuracy"), review_route_kind="sar",
    public_summary=("A Safeguarding Adults Board must arrange a review when an adult with care and support needs "
                    "has died, or is alive and has experienced serious abuse or neglect, and there is concern about "
                    "how agencies worked together (Care Act 2014, section 44). It may arrange one in other cases. "
                    "Agencies must give the board the information it asks for. The adult, or their family, is "
                    "invited to take part, with an advocate where needed, and the board's annual report says what "
                    "each review found and what was done."))
