"""The domestic abuse framework: domestic abuse related death reviews, still called domestic
homicide reviews by many partnerships (brief §2).

The police notify the community safety partnership, which decides whether to hold a review and
tells the Home Office either way; the Home Office may accept a decision not to review, or the
Secretary of State may direct one. A review runs its route's stages through the case engine's
shared steps, with two gates of its own: the Home Office's quality assurance panel must be content
before publication, and the report must reach the Domestic Abuse Commissioner before the case closes."""

from __future__ import annotations

from dataclasses import replace

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from casereview.cases import frameworks, lifecycle
from casereview.cases.lifecycle import StageExit, Step, Transition
from casereview.cases.models import CaseStatus, SubjectKind
from casereview.domestic import defaults
from casereview.domestic import forms as f
from casereview.domestic.models import CommissionerCopy, DarDecision, FamilyInvolvement, HomeOfficeAnswer, QaFeedback
from casereview.govuk.blockers import Blocker
from casereview.govuk.wording import problem
from casereview.partnerships.models import Role, RoleAssignment
from casereview.process.models import CaseEvent, Milestone, Route, RouteKind
from casereview.process.services import pack_seed
from casereview.reports.services import documents_seed

NOTIFIED = "dar_notified"
TELL_HOME_OFFICE = "dar_tell_home_office"
NOT_HELD = "dar_not_held"

STATUSES = {
    NOTIFIED: "Notified by the police: awaiting the decision",
    TELL_HOME_OFFICE: "Decided: the Home Office to be told",
    NOT_HELD: "Not held: awaiting the Home Office",
}
OPEN = frozenset(STATUSES) | {CaseStatus.IN_REVIEW}


def referral_problems(case) -> list[tuple[str, str]]:
    problems = []
    if not hasattr(case, "police_notification"):
        problems.append(("notification", "Record the police notification"))
    person = next((s for s in case.subjects.all() if s.kind == SubjectKind.ADULT), None)
    if person is None or not getattr(getattr(person, "identity", None), "full_name", ""):
        problems.append(("person", "Give the name of the person who died"))
    return problems


def _submit(step: Step) -> str:
    case = step.case
    case.reference, case.pseudonym = lifecycle.next_reference(case)
    case.year = case.referral.aware_date.year
    case.submitted_at = timezone.now()
    lifecycle.set_milestone(case, CaseEvent.POLICE_NOTIFIED, case.police_notification.notified_on)
    return NOTIFIED


def _guard_decide(step: Step) -> None:
    d = step.data
    if not RoleAssignment.objects.filter(person=d["chair"], partnership_id=step.case.partnership_id,
                                         role=Role.CSP_CHAIR).exists():
        lifecycle.refuse(chair=problem("Choose someone who holds the community safety partnership chair's role here",
                                       "choose_someone_who_holds_the"))
    lifecycle.not_before(step, d["decided_on"], CaseEvent.POLICE_NOTIFIED, "decided_on", "The decision")


def _decide(step: Step) -> str:
    d = step.data
    DarDecision.objects.create(case=step.case, outcome=d["outcome"], reasons=d["reasons"],
                               decided_on=d["decided_on"], chair=d["chair"], recorded_by=step.by)
    lifecycle.set_milestone(step.case, CaseEvent.DECIDED, d["decided_on"])
    return TELL_HOME_OFFICE


def _start_review(step: Step) -> str:
    case = step.case
    case.route = Route.objects.filter(partnership_id=case.partnership_id, kind=RouteKind.DARDR).first()
    case.stage = lifecycle.first_stage(case.route) if case.route else None
    if case.stage is None:
        lifecycle.refuse(told_on=problem("This partnership's process pack has no route for a review",
                                         "this_partnership_s_process_pack"))
    return CaseStatus.IN_REVIEW


def _guard_tell(step: Step) -> None:
    lifecycle.not_before(step, step.data["told_on"], CaseEvent.DECIDED, "told_on", "Telling the Home Office")


def _tell(step: Step) -> str:
    decision = step.case.dar_decisions.first()
    decision.home_office_told_on = step.data["told_on"]
    decision.save(update_fields=["home_office_told_on"])
    lifecycle.set_milestone(step.case, CaseEvent.HOME_OFFICE_TOLD, step.data["told_on"])
    if decision.outcome == DarDecision.Outcome.REVIEW:
        return _start_review(step)
    return NOT_HELD


def _guard_answer(step: Step) -> None:
    lifecycle.not_before(step, step.data["received_on"], CaseEvent.HOME_OFFICE_TOLD, "received_on",
                         "The Home Office's answer")


def _answer(step: Step) -> str:
    d, case = step.data, step.case
    HomeOfficeAnswer.objects.create(case=case, answer=d["answer"], received_on=d["received_on"], recorded_by=step.by)
    if d["answer"] == HomeOfficeAnswer.Answer.DIRECTED:
        # A directed review runs from the direction: its completion clock starts again from here.
        lifecycle.set_milestone(case, CaseEvent.DECIDED, d["received_on"])
        return _start_review(step)
    case.route = Route.objects.filter(partnership_id=case.partnership_id, kind=RouteKind.DARDR_NOT_HELD).first()
    return CaseStatus.CLOSED


# --- Stages -------------------------------------------------------------------------------------


def _at_fix(name: str, case) -> str:
    return reverse(name, args=[case.reference])


def family_blockers(case) -> list[Blocker]:
    family = FamilyInvolvement.objects.filter(case=case).first()
    if family is None or family.advocacy == FamilyInvolvement.Advocacy.NOT_YET:
        return [Blocker("Record the family's involvement and the specialist advocacy offered to them",
                        _at_fix("domestic:family", case))]
    return []


def qa_blockers(case) -> list[Blocker]:
    latest = QaFeedback.objects.filter(case=case).first()
    if latest is None:
        return [Blocker("Record the Home Office quality assurance panel's feedback letter first",
                        _at_fix("domestic:qa", case))]
    if latest.outcome != QaFeedback.Outcome.CONTENT:
        return [Blocker("The quality assurance panel asked for further development: return the report for "
                        "redrafting, then send it again", _at_fix("domestic:qa", case))]
    return []


def publication_blockers(case) -> list[Blocker]:
    """Published only after the Home Office's panel is content: for a review run jointly under another
    framework's route too, which may have no Home Office stage of its own."""
    if frameworks.DOMESTIC_ABUSE not in frameworks.keys_of(case):
        return []
    return qa_blockers(case)


def commissioner_blockers(case) -> list[Blocker]:
    if CommissionerCopy.objects.filter(case=case).exists():
        return []
    return [Blocker("Record when the report was sent to the Domestic Abuse Commissioner",
                    _at_fix("domestic:commissioner", case))]


def _refuse_with(blockers: list[Blocker]) -> None:
    if blockers:
        raise ValidationError(blockers)


def _record_partnership_approval(step: Step) -> None:
    lifecycle.record_approved(step)
    # Signed off, the overview report goes to the Home Office: the completion clock is met then.
    lifecycle.set_milestone(step.case, CaseEvent.HO_QA_SUBMITTED, step.data["approved_on"])


STAGE_EXIT = {
    Milestone.COMMISSIONED: StageExit(lifecycle.leave_commissioned, lifecycle.record_commissioned),
    Milestone.ANALYSIS: StageExit(lambda step: _refuse_with(family_blockers(step.case))),
    Milestone.APPROVED: StageExit(lifecycle.leave_approved, _record_partnership_approval),
    Milestone.HOME_OFFICE_QA: StageExit(lambda step: _refuse_with(qa_blockers(step.case))),
    Milestone.PUBLISHED: StageExit(lifecycle.leave_published, lifecycle.record_published),
    Milestone.EMBEDDING_LEARNING: StageExit(lambda step: _refuse_with(commissioner_blockers(step.case))),
}


def _guard_qa_return(step: Step) -> None:
    latest = QaFeedback.objects.filter(case=step.case).first()
    if latest is None or latest.outcome != QaFeedback.Outcome.FURTHER_DEVELOPMENT:
        lifecycle.refuse(note=problem("Only a report the panel asked to develop further goes back for redrafting",
                                      "only_a_report_the_panel"))


def _qa_return(step: Step) -> str:
    step.case.stage = step.case.route.stages.filter(milestone=Milestone.DRAFTING).first()
    return CaseStatus.IN_REVIEW


def _at_home_office_qa(case) -> bool:
    return case.stage is not None and case.stage.milestone == Milestone.HOME_OFFICE_QA


_shared = lifecycle.TRANSITIONS
TRANSITIONS: dict[str, Transition] = {t.name: t for t in [
    replace(_shared["submit"], capability="manage_case_lifecycle", effect=_submit, targets=frozenset({NOTIFIED})),
    Transition("dar_decide", "Record the partnership's decision", frozenset({NOTIFIED}), "record_dar_decision",
               f.DecisionForm, _guard_decide, _decide, targets=frozenset({TELL_HOME_OFFICE}), note_field="reasons"),
    Transition("dar_tell_home_office", "Record that the Home Office was told", frozenset({TELL_HOME_OFFICE}),
               "manage_case_lifecycle", f.TellHomeOfficeForm, _guard_tell, _tell,
               targets=frozenset({CaseStatus.IN_REVIEW, NOT_HELD})),
    Transition("dar_home_office_answer", "Record the Home Office's answer", frozenset({NOT_HELD}),
               "manage_case_lifecycle", f.HomeOfficeAnswerForm, _guard_answer, _answer,
               targets=frozenset({CaseStatus.IN_REVIEW, CaseStatus.CLOSED})),
    Transition("dar_qa_return", "Return the report for further development", frozenset({CaseStatus.IN_REVIEW}),
               "manage_case_lifecycle", f.NoteForm, _guard_qa_return, _qa_return, when=_at_home_office_qa,
               targets=frozenset({CaseStatus.IN_REVIEW}), note_field="note"),
    replace(_shared["withdraw"], sources=frozenset({NOTIFIED})),
    *lifecycle.shared_steps(OPEN),
]}

NEXT_STEP = {
    CaseStatus.DRAFT: "submit",
    NOTIFIED: "dar_decide",
    TELL_HOME_OFFICE: "dar_tell_home_office",
    NOT_HELD: "dar_home_office_answer",
    CaseStatus.IN_REVIEW: "advance",
}


def _pseudonym(letters: str, year: int) -> str:
    # Until the family chooses the name the report will use (casereview.domestic.services).
    return f"DARDR {letters} ({year})"


def install(partnership) -> None:
    pack_seed(partnership=partnership, routes=defaults.ROUTES, clock_rules=defaults.CLOCK_RULES)
    documents_seed(partnership=partnership, framework=frameworks.DOMESTIC_ABUSE,
                   templates={RouteKind.DARDR: defaults.SECTIONS}, markers=defaults.QUALITY_MARKERS)


DOMESTIC_ABUSE = frameworks.Framework(
    key=frameworks.DOMESTIC_ABUSE, label="Domestic abuse related death reviews", short_label="DARDR",
    transitions=TRANSITIONS, next_step=NEXT_STEP, stage_exit=STAGE_EXIT, pseudonym=_pseudonym, statuses=STATUSES,
    person="victim", response_title="The Community Safety Partnership’s response",
    referral_problems=referral_problems, sign_off=(Role.CSP_CHAIR,),
    sign_off_words="The Community Safety Partnership's chair",
    approvers_words="the Community Safety Partnership's chair", install=install,
    referral_url="", draft_url="", intake_url="domestic:notify", intake_words="Record a police notification",
    request_kinds=("agency_report", "chronology", "factual_accuracy"), review_route_kind="dardr",
    public_summary=("When someone aged 16 or over dies and the death resulted, or appears to have resulted, from "
                    "domestic abuse, the police tell the community safety partnership. The partnership decides "
                    "whether to hold a review and tells the Home Office either way; an independent chair leads it "
                    "with a panel, and the family is offered a specialist advocate. The Home Office's quality "
                    "assurance panel reads the report before it is published, and the report goes to the Domestic "
                    "Abuse Commissioner."))
