"""The case lifecycle: one transition table and one service that performs any transition.

Each transition names the statuses it leaves from, who may perform it, the form it asks
for, a guard that refuses impossible input with a clear message, and an effect. The service
runs all of that in one transaction with the case row locked, records who, when, from, to
and why, recomputes the clocks and queues notifications. Views never set a status.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from casereview.audit.models import Action
from casereview.audit.services import audit_record
from casereview.cases import frameworks, gates
from casereview.cases import transition_forms as f
from casereview.cases.clocks import clocks_recompute
from casereview.cases.models import (
    OPEN_STATUSES,
    SHARED_STATUSES,
    Case,
    CaseHold,
    CaseMembership,
    CaseMilestone,
    CaseRole,
    CaseStatus,
    CaseTransition,
    Decision,
    LegalStatus,
    NoticeRecipient,
    PanelNotification,
    PanelResponse,
    RapidReview,
    Screening,
    SubjectKind,
)
from casereview.cases.notices import notify_transition
from casereview.cases.rules import has_capability_on
from casereview.govuk.blockers import Blocker
from casereview.govuk.formatting import format_date
from casereview.govuk.wording import problem
from casereview.partnerships.models import Role, RoleAssignment
from casereview.process import workdays
from casereview.process.calendar import closed_days
from casereview.process.models import CaseEvent, ClockRule, Milestone, Route, RouteKind, Stage

S = CaseStatus


@dataclass
class Step:
    """What a guard and an effect see."""

    case: Case
    data: dict
    by: object
    today: date
    note: str
    closed: frozenset = field(default_factory=frozenset)
    params: dict = field(default_factory=dict)  # what the step records as codes, worded when shown

    def milestone(self, event: str) -> date | None:
        return self.case.milestones.filter(event=event).values_list("on", flat=True).first()


def _refuse(**errors: str) -> None:
    raise ValidationError({name: message for name, message in errors.items()})


def _not_before(step: Step, day: date | None, event: str, name: str, label: str) -> None:
    earlier = step.milestone(event)
    if day is not None and earlier is not None and day < earlier:
        _refuse(**{name: problem("%(label)s cannot be before %(event)s on %(earlier)s",
                                 "cannot_be_before_on", label=label, event=CaseEvent(event).label,
                                 earlier=format_date(earlier))})


def _set_milestone(case: Case, event: str, on: date, *, keep_first: bool = False) -> None:
    existing = case.milestones.filter(event=event).first()
    if existing is None:
        CaseMilestone.objects.create(case=case, event=event, on=on)
    elif not keep_first and existing.on != on:
        existing.on = on
        existing.save(update_fields=["on"])


def publication_record(case: Case, published_on: date) -> None:
    """The date a review without a Published stage (a local learning review) was published."""
    _set_milestone(case, CaseEvent.PUBLISHED, published_on)


def _first_stage(route: Route) -> Stage | None:
    return route.stages.filter(active=True).order_by("order", "pk").first()


def _next_stage(case: Case) -> Stage | None:
    return case.route.stages.filter(active=True, order__gt=case.stage.order).order_by("order", "pk").first()


# --- Submit a referral ----------------------------------------------------------------------


def referral_problems(case: Case) -> list[tuple[str, str]]:
    """What a draft still lacks, as (section, message) pairs. Empty when it can be submitted."""
    referral = getattr(case, "referral", None)
    problems: list[tuple[str, str]] = []
    if referral is None:
        return [("incident", "Tell us about the incident")]
    children = [s for s in case.subjects.all() if s.kind == SubjectKind.CHILD]
    if not children:
        problems.append(("children", "Add at least one child"))
    for child in children:
        if child.age is None and not getattr(getattr(child, "identity", None), "date_of_birth", None):
            problems.append(("children", f"Give the date of birth or age of {child.label}"))
        if not child.legal_status:
            problems.append(("children", f"Give the legal status of {child.label}"))
    for name, message in (
        ("incident_date", "Enter the date of the incident"),
        ("incident_kind", "Select what happened to the child"),
        ("abuse_or_neglect", "Select whether abuse or neglect is known or suspected"),
        ("description", "Describe what happened"),
        ("aware_date", "Enter the date the local authority became aware"),
        ("police_involved", "Select whether the police are involved"),
        ("media_interest", "Select whether there is media interest"),
    ):
        if not getattr(referral, name):
            problems.append(("incident", message))
    if not case.local_authority_id:
        problems.append(("incident", "Select the local authority where the incident happened"))
    return problems


def _guard_submit(step: Step) -> None:
    if step.by.pk != step.case.created_by_id:
        raise PermissionDenied
    problems = frameworks.of(step.case).referral_problems(step.case)
    if problems:
        raise ValidationError([message for _, message in problems])
    referral = step.case.referral
    if referral.aware_date < referral.incident_date:
        _refuse(aware_date=problem("The date the local authority became aware cannot be before the incident",
                                   "the_date_the_local_authority"))
    for day in (referral.aware_date, referral.incident_date):
        if day > step.today:
            _refuse(aware_date=problem("Dates of the incident and of awareness must be today or in the past",
                                       "dates_of_the_incident_and"))


def _next_reference(case: Case) -> tuple[str, str]:
    """Reference PREFIX-YEAR-NNN and the framework's pseudonym, "Child A (2026)" for a children's
    review; neither says anything about the person.

    The number comes from the partnership's counter for the year, locked until the submission
    commits: concurrent submissions wait their turn instead of colliding on the same number."""
    from casereview.cases.models import ReferenceCounter

    year = case.referral.aware_date.year
    prefix = f"{case.partnership.reference_prefix}-{year}-"
    counter, created = ReferenceCounter.objects.select_for_update().get_or_create(
        partnership_id=case.partnership_id, year=year)
    if created or counter.last == 0:
        # References given before the counter existed (or typed in by hand) are never reused.
        taken = Case.objects.filter(reference__startswith=prefix).values_list("reference", flat=True)
        counter.last = max([counter.last] + [int(ref.rsplit("-", 1)[1]) for ref in taken
                                             if ref.rsplit("-", 1)[1].isdigit()])
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"{prefix}{counter.last:03d}", frameworks.of(case).pseudonym(_letters(counter.last), year)


def _letters(number: int) -> str:
    """1 → A, 26 → Z, 27 → AA: the familiar "Child A" naming."""
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _submit(step: Step) -> str:
    case = step.case
    case.reference, case.pseudonym = _next_reference(case)
    case.year = case.referral.aware_date.year
    case.submitted_at = timezone.now()
    _set_milestone(case, CaseEvent.AWARE, case.referral.aware_date)
    return S.REFERRED


# --- Screening and notification -------------------------------------------------------------


def _guard_screen(step: Step) -> None:
    d = step.data
    met = d["abuse_or_neglect"] != "not_suspected" and d["death_or_serious_harm"] == "yes"
    if d["outcome"] == Screening.Outcome.NOTIFY and not met:
        _refuse(outcome=problem("Only a case that meets both tests can be notified: abuse "
                                "or neglect known or suspected, and death or serious harm", "only_a_case_that_meets"))
    if d["outcome"] != Screening.Outcome.NOTIFY and met:
        _refuse(outcome=problem("Both tests are met, so the local authority must notify the National Panel",
                                "both_tests_are_met_so"))
    _not_before(step, d["screened_on"], CaseEvent.AWARE, "screened_on", "The date of screening")


def _screen(step: Step) -> str:
    d = step.data
    Screening.objects.update_or_create(case=step.case, defaults={
        "abuse_or_neglect": d["abuse_or_neglect"], "death_or_serious_harm": d["death_or_serious_harm"] == "yes",
        "rationale": d["rationale"], "outcome": d["outcome"], "screened_on": d["screened_on"],
        "recorded_by": step.by})
    return {Screening.Outcome.NOTIFY: S.AWAITING_NOTIFICATION,
            Screening.Outcome.NOT_NOTIFIABLE_CLOSE: S.CLOSED,
            Screening.Outcome.NOT_NOTIFIABLE_LOCAL: S.AWAITING_DECISION}[d["outcome"]]


def _needs_ofsted_notice(case: Case) -> bool:
    wanted = {LegalStatus.LOOKED_AFTER, LegalStatus.CARE_LEAVER}
    return any(wanted & set(s.legal_status) for s in case.subjects.all() if s.kind == SubjectKind.CHILD)


def _guard_notify(step: Step) -> None:
    d = step.data
    _not_before(step, d["notified_on"], CaseEvent.AWARE, "notified_on", "The notification")
    if _needs_ofsted_notice(step.case):
        if not d.get("ofsted_notified_on"):
            _refuse(ofsted_notified_on=problem("Enter the date Ofsted was notified: the "
                                               "child is looked after or a care leaver", "enter_the_date_ofsted_was"))
        if not d.get("secretary_of_state_notified_on"):
            _refuse(secretary_of_state_notified_on=problem("Enter the date the Secretary of State was "
                                                           "notified: the child is looked after or a care "
                                                           "leaver", "enter_the_date_the_secretary"))
    for name in ("ofsted_notified_on", "secretary_of_state_notified_on"):
        _not_before(step, d.get(name), CaseEvent.AWARE, name, "That notification")


def _notify(step: Step) -> str:
    d = step.data
    PanelNotification.objects.update_or_create(case=step.case, defaults={
        "reference": d["reference"].strip(), "notified_on": d["notified_on"],
        "ofsted_notified_on": d.get("ofsted_notified_on"),
        "secretary_of_state_notified_on": d.get("secretary_of_state_notified_on"), "recorded_by": step.by})
    _set_milestone(step.case, CaseEvent.NOTIFIED, d["notified_on"])
    RapidReview.objects.get_or_create(case=step.case)
    return S.RAPID_REVIEW


# --- Rapid review ---------------------------------------------------------------------------

RR_STEPS = [("summaries_requested_on", "Agency summaries requested"),
            ("summaries_received_on", "Agency summaries received"),
            ("meeting_on", "Rapid review meeting held"),
            ("partners_agreed_on", "Report agreed by the three safeguarding partners")]


def _guard_rr_progress(step: Step) -> None:
    _not_before(step, step.data.get("meeting_planned_on"), CaseEvent.NOTIFIED, "meeting_planned_on",
                "The planned meeting")
    previous_name, previous = None, None
    for name, label in RR_STEPS:
        day = step.data.get(name)
        if day is None:
            continue
        _not_before(step, day, CaseEvent.NOTIFIED, name, label)
        if previous is not None and day < previous:
            _refuse(**{name: problem("%(label)s cannot be before %(previous)s",
                                     "cannot_be_before", label=label, previous=dict(RR_STEPS)[previous_name].lower())})
        previous_name, previous = name, day


def _rr_progress(step: Step) -> str:
    rr = step.case.rapid_review
    for name, _ in RR_STEPS:
        setattr(rr, name, step.data.get(name))
    if "meeting_planned_on" in step.data:
        rr.meeting_planned_on = step.data["meeting_planned_on"]
    rr.lock_version += 1
    rr.save()
    return step.case.status


def _fix(name: str, case: Case, *args) -> str:
    return reverse(name, args=[case.reference, *args])


def rapid_review_blockers(case: Case) -> list[Blocker]:
    """What must be recorded before the rapid review goes to the Panel, each linked to its fix."""
    rr = case.rapid_review
    progress = _fix("cases:step", case, "rapid_review_progress")
    blockers = [Blocker(f"Record the date for “{label}” before sending the rapid review", progress)
                for name, label in RR_STEPS if getattr(rr, name) is None]
    return blockers + gates.blockers(gates.RAPID_REVIEW_SEND, case)


def _guard_rr_send(step: Step) -> None:
    rr = step.case.rapid_review
    blockers = rapid_review_blockers(step.case)
    if blockers:
        raise ValidationError(blockers)
    if step.data["sent_on"] < rr.partners_agreed_on:
        _refuse(sent_on=problem("The rapid review cannot be sent before the "
                                "partners agreed it on %(partners_agreed_on)s",
                                "the_rapid_review_cannot_be", partners_agreed_on=format_date(rr.partners_agreed_on)))


def _rr_send(step: Step) -> str:
    rr = step.case.rapid_review
    rr.sent_on, rr.recommendation = step.data["sent_on"], step.data["recommendation"]
    rr.panel_response, rr.panel_response_on, rr.panel_response_notes = "", None, ""
    rr.rounds += 1
    rr.save()
    # The rapid review clock is met by the first sending; a resubmission does not move it.
    _set_milestone(step.case, CaseEvent.RAPID_REVIEW_SENT, rr.sent_on, keep_first=True)
    return S.AWAITING_PANEL


def _guard_panel_response(step: Step) -> None:
    sent = step.case.rapid_review.sent_on
    if step.data["response_on"] < sent:
        _refuse(response_on=problem("The Panel's response cannot be before the rapid review was sent on %(sent)s",
                                    "the_panel_s_response_cannot", sent=format_date(sent)))


def _panel_response(step: Step) -> str:
    rr = step.case.rapid_review
    rr.panel_response, rr.panel_response_on = step.data["response"], step.data["response_on"]
    rr.panel_response_notes = step.data.get("notes", "")
    rr.save()
    return S.RAPID_REVIEW if rr.panel_response == PanelResponse.MORE_INFORMATION else S.AWAITING_DECISION


# --- Decision and routes ----------------------------------------------------------------------

NEEDS_NOTIFICATION = {RouteKind.LCSPR, RouteKind.NATIONAL_REVIEW, RouteKind.RAPID_REVIEW_LEARNING}


def _guard_decide(step: Step) -> None:
    d, case = step.data, step.case
    route: Route = d["route"]
    if route.partnership_id != case.partnership_id:
        _refuse(route=problem("Select one of this partnership's routes", "select_one_of_this_partnership"))
    if route.kind in NEEDS_NOTIFICATION and not hasattr(case, "panel_notification"):
        _refuse(route=problem("“%(route)s” needs a notification and a rapid review; this case was not notifiable",
                              "needs_a_notification_and_a", route=route.name))
    for name, role in (("partner_la", Role.PARTNER_LA), ("partner_police", Role.PARTNER_POLICE),
                       ("partner_icb", Role.PARTNER_ICB)):
        if not RoleAssignment.objects.filter(person=d[name], partnership_id=case.partnership_id, role=role).exists():
            _refuse(**{name: problem("Choose someone who holds that safeguarding partner role in this partnership",
                                     "choose_someone_who_holds_that")})
    # The partners may decide before the Panel answers, but not before the case was notified.
    _not_before(step, d["decided_on"], CaseEvent.AWARE, "decided_on", "The decision")
    _not_before(step, d["decided_on"], CaseEvent.NOTIFIED, "decided_on", "The decision")


def _decide(step: Step, *, reroute_reason: str = "") -> str:
    d, case = step.data, step.case
    route: Route = d["route"]
    Decision.objects.create(
        case=case, route=route, regulation_11=list(d.get("regulation_11") or []), rationale=d["rationale"],
        decided_on=d["decided_on"], partner_la=d["partner_la"], partner_police=d["partner_police"],
        partner_icb=d["partner_icb"], reroute_reason=reroute_reason, recorded_by=step.by)
    case.route = route
    # A new decision restarts the review clock from its own date.
    _set_milestone(case, CaseEvent.DECIDED, d["decided_on"])
    for event in (CaseEvent.TERMS_OF_REFERENCE, CaseEvent.PUBLICATION_PLANNED, CaseEvent.NOTICE_SENT,
                  CaseEvent.PUBLISHED, CaseEvent.REVIEW_COMPLETED):
        case.milestones.filter(event=event).delete()
    case.stage = _first_stage(route)
    if case.stage is None:
        return S.CLOSED
    _entered_stage(step)
    return S.IN_REVIEW


def _guard_reroute(step: Step) -> None:
    if step.data["route"].pk == step.case.route_id:
        _refuse(route=problem("Select a different route: the case is already on this one",
                              "select_a_different_route_the"))
    _guard_decide(step)


def _reroute(step: Step) -> str:
    return _decide(step, reroute_reason=step.data["reroute_reason"])


# --- Review stages --------------------------------------------------------------------------


def _entered_stage(step: Step) -> None:
    if step.case.stage and step.case.stage.milestone == Milestone.EMBEDDING_LEARNING:
        _set_milestone(step.case, CaseEvent.REVIEW_COMPLETED, step.today, keep_first=True)


def _notice_rule(case: Case) -> ClockRule | None:
    clock = case.clocks.filter(key="pre_publication_notice").select_related("rule").first()
    if clock is not None:
        return clock.rule
    return ClockRule.objects.current().filter(partnership_id=case.partnership_id, key="pre_publication_notice").first()


def _earliest_publication(step: Step, notice_on: date) -> tuple[date, int] | None:
    rule = _notice_rule(step.case)
    if rule is None or rule.unit != "working_days":
        return None
    days = abs(rule.offset)
    return workdays.add_working_days(notice_on, days, step.closed), days


def _leave_commissioned(step: Step) -> None:
    if not CaseMembership.objects.filter(case=step.case, role=CaseRole.LEAD_REVIEWER).exists():
        raise problem("Appoint a lead reviewer (add them under “People on this case”) before moving on",
                      "appoint_a_lead_reviewer_add")
    _not_before(step, step.data["terms_of_reference_on"], CaseEvent.DECIDED, "terms_of_reference_on",
                "The terms of reference")


def _leave_approved(step: Step) -> None:
    d = step.data
    _not_before(step, d["approved_on"], CaseEvent.DECIDED, "approved_on", "Sign-off")
    blockers = sign_off_blockers(step.case)
    if blockers:
        raise ValidationError(blockers)
    # A plan, not a record: it may be in the future, but it must come after the sign-off it follows.
    planned = d.get("publication_planned_on")
    if planned is not None and planned <= d["approved_on"]:
        _refuse(publication_planned_on=problem("The planned publication date must be "
                                               "after the sign-off on %(approved_on)s",
                                               "the_planned_publication_date_must",
                                               approved_on=format_date(d['approved_on'])))


NOTICE_ALWAYS_TO = ("panel", "secretary_of_state")


def _notice_recipients(step: Step) -> list[str]:
    return list(step.data.get("notice_recipients") or NOTICE_ALWAYS_TO)


def _leave_notice(step: Step) -> None:
    notice = step.data["notice_sent_on"]
    if not set(NOTICE_ALWAYS_TO) <= set(_notice_recipients(step)):
        _refuse(notice_recipients=problem("The notice must go to both the National Panel and the Secretary of State",
                                          "the_notice_must_go_to"))
    _not_before(step, notice, CaseEvent.DECIDED, "notice_sent_on", "The notice")
    planned = step.milestone(CaseEvent.PUBLICATION_PLANNED)
    earliest = _earliest_publication(step, notice)
    if planned and earliest and planned < earliest[0]:
        _refuse(notice_sent_on=problem("The notice must go at least %(earliest)s working days before "
                                       "publication. Sent on %(notice)s, the report can be published on "
                                       "%(earliest2)s at the earliest, but publication is planned for "
                                       "%(planned)s",
                                       "the_notice_must_go_at", earliest=earliest[1], notice=format_date(notice),
                                       earliest2=format_date(earliest[0]), planned=format_date(planned)))


def _leave_published(step: Step) -> None:
    case, d = step.case, step.data
    if not d.get("publishing"):
        if publishes(case):
            raise ValidationError(Blocker("The case moves on when the report is published: publish it from the "
                                          "publication page", _fix("reports:publish", case)))
        return
    published = d["published_on"]
    notice = step.milestone(CaseEvent.NOTICE_SENT)
    if notice is not None:
        earliest = _earliest_publication(step, notice)
        if earliest and published < earliest[0]:
            _refuse(published_on=problem("Publication cannot be before %(earliest)s: %(earliest2)s "
                                         "working days after the pre-publication notice on "
                                         "%(notice)s",
                                         "publication_cannot_be_before_working", earliest=format_date(earliest[0]),
                                         earliest2=earliest[1], notice=format_date(notice)))
    _not_before(step, published, CaseEvent.DECIDED, "published_on", "Publication")


def _record_commissioned(step: Step) -> None:
    _set_milestone(step.case, CaseEvent.TERMS_OF_REFERENCE, step.data["terms_of_reference_on"])


def _record_approved(step: Step) -> None:
    if step.data.get("publication_planned_on"):
        _set_milestone(step.case, CaseEvent.PUBLICATION_PLANNED, step.data["publication_planned_on"])


def _record_notice(step: Step) -> None:
    _set_milestone(step.case, CaseEvent.NOTICE_SENT, step.data["notice_sent_on"])
    step.params["sent_to"] = [r for r in _notice_recipients(step) if r in NoticeRecipient.values]


def _record_published(step: Step) -> None:
    if step.data.get("publishing"):
        _set_milestone(step.case, CaseEvent.PUBLISHED, step.data["published_on"])
        step.case.publication_url = step.data["publication_url"]


def _nothing(step: Step) -> None:
    return None


@dataclass(frozen=True)
class StageExit:
    """What leaving a stage of one milestone checks, and what it records on the case. A stage whose
    milestone is not listed asks nothing. One table rather than a chain of conditions, so that a
    review framework can bring its own."""

    check: Callable[[Step], None] = _nothing
    record: Callable[[Step], None] = _nothing


STAGE_EXIT: dict[str, StageExit] = {
    Milestone.COMMISSIONED: StageExit(_leave_commissioned, _record_commissioned),
    Milestone.APPROVED: StageExit(_leave_approved, _record_approved),
    Milestone.PRE_PUBLICATION_NOTICE: StageExit(_leave_notice, _record_notice),
    Milestone.PUBLISHED: StageExit(_leave_published, _record_published),
}
NO_EXIT = StageExit()


def _stage_exits(case: Case) -> list[StageExit]:
    """What leaving the stage checks and records, for every framework the case runs under: a joint
    review passes each framework's gate (each shared check once)."""
    exits: list[StageExit] = []
    for framework in frameworks.all_of(case):
        found = framework.stage_exit.get(case.stage.milestone)
        if found is not None and found not in exits:
            exits.append(found)
    return exits


def _guard_advance(step: Step) -> None:
    missing = gates.blockers(gates.STAGE_COMPLETE, step.case)
    if missing:
        raise ValidationError(missing)
    for stage_exit in _stage_exits(step.case):
        stage_exit.check(step)


def sign_off_blockers(case: Case) -> list[Blocker]:
    """What must be true before the partners' sign-off moves a review towards publication, as the
    apps holding the terms of reference, the quality checklist and the report register it."""
    return gates.blockers(gates.SIGN_OFF, case)


def publishes(case: Case) -> bool:
    """Whether the case's Published stage waits for a publication: not when the partners decided
    that the report will not be published."""
    return not gates.publication_waived(case)


def _advance(step: Step) -> str:
    case = step.case
    for stage_exit in _stage_exits(case):
        stage_exit.record(step)
    nxt = _next_stage(case)
    if nxt is None:
        case.stage = None
        return S.CLOSED
    case.stage = nxt
    _entered_stage(step)
    return S.IN_REVIEW


def _send_back(step: Step) -> str:
    step.case.stage = step.case.route.stages.filter(milestone=Milestone.DRAFTING).first()
    return S.IN_REVIEW


# --- Holds ----------------------------------------------------------------------------------


def _guard_hold_place(step: Step) -> None:
    d = step.data
    _not_before(step, d["started_on"], CaseEvent.AWARE, "started_on", "The hold")
    if d["review_on"] <= d["started_on"]:
        _refuse(review_on=problem("The review date must be after the date the hold started", "the_review_date_must_be"))


def _hold_place(step: Step) -> str:
    d = step.data
    CaseHold.objects.create(case=step.case, reason=d["reason"], details=d.get("details", ""),
                            started_on=d["started_on"], review_on=d["review_on"], placed_by=step.by)
    step.case.on_hold = True
    return step.case.status


def _guard_hold_lift(step: Step) -> None:
    hold = step.case.holds.filter(ended_on__isnull=True).first()
    if hold is None:
        raise problem("The case is not on hold", "the_case_is_not_on")
    if step.data["ended_on"] < hold.started_on:
        _refuse(ended_on=problem("Work cannot resume before the hold started on %(started_on)s",
                                 "work_cannot_resume_before_the", started_on=format_date(hold.started_on)))


def _hold_lift(step: Step) -> str:
    hold = step.case.holds.get(ended_on__isnull=True)
    hold.ended_on, hold.lifted_by = step.data["ended_on"], step.by
    hold.save()
    step.case.on_hold = False
    return step.case.status


def _withdraw(step: Step) -> str:
    return S.WITHDRAWN


def _no_guard(step: Step) -> None:
    return None


# --- The table ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    sources: frozenset[str]
    capability: str
    form: type
    guard: Callable[[Step], None]
    effect: Callable[[Step], str]
    # Further condition on the case, e.g. the stage it is in; None means any case in a source status.
    when: Callable[[Case], bool] | None = None
    # The statuses the effect can lead to: documents the table and lets a test walk it.
    targets: frozenset[str] = frozenset()
    note_field: str = ""
    # Said when the status fits but ``when`` does not, if the general message would mislead.
    refusal: str = ""
    # How the case page shows it when it is not the next step: "secondary", or "warning" for a step
    # that ends or undoes the work (withdrawing).
    style: str = "secondary"


def _at(*milestones: str) -> Callable[[Case], bool]:
    return lambda case: case.stage is not None and case.stage.milestone in milestones


def _in_a_stage(case: Case) -> bool:
    return case.stage is not None


TRANSITIONS: dict[str, Transition] = {t.name: t for t in [
    Transition("submit", "Submit the referral", frozenset({S.DRAFT}), "refer_case", f.SubmitReferralForm,
               _guard_submit, _submit, targets=frozenset({S.REFERRED})),
    Transition("screen", "Record the screening", frozenset({S.REFERRED}), "manage_case_lifecycle", f.ScreenForm,
               _guard_screen, _screen, targets=frozenset({S.AWAITING_NOTIFICATION, S.CLOSED, S.AWAITING_DECISION})),
    Transition("withdraw", "Withdraw the referral", frozenset({S.REFERRED, S.AWAITING_NOTIFICATION}),
               "manage_case_lifecycle", f.NoteOnlyForm, _no_guard, _withdraw, targets=frozenset({S.WITHDRAWN}),
               note_field="note", style="warning"),
    Transition("notify", "Record the notification to the National Panel", frozenset({S.AWAITING_NOTIFICATION}),
               "manage_case_lifecycle", f.NotifyForm, _guard_notify, _notify, targets=frozenset({S.RAPID_REVIEW})),
    Transition("rapid_review_progress", "Record rapid review progress", frozenset({S.RAPID_REVIEW}),
               "manage_case_lifecycle", f.RapidReviewProgressForm, _guard_rr_progress, _rr_progress,
               targets=frozenset({S.RAPID_REVIEW})),
    Transition("rapid_review_send", "Send the rapid review to the Panel", frozenset({S.RAPID_REVIEW}),
               "manage_case_lifecycle", f.RapidReviewSendForm, _guard_rr_send, _rr_send,
               targets=frozenset({S.AWAITING_PANEL})),
    Transition("panel_response", "Record the Panel's response", frozenset({S.AWAITING_PANEL}),
               "manage_case_lifecycle", f.PanelResponseForm, _guard_panel_response, _panel_response,
               targets=frozenset({S.AWAITING_DECISION, S.RAPID_REVIEW}), note_field="notes"),
    Transition("decide", "Record the partners' decision", frozenset({S.AWAITING_DECISION}), "record_decision",
               f.DecideForm, _guard_decide, _decide, targets=frozenset({S.IN_REVIEW, S.CLOSED}),
               note_field="rationale"),
    Transition("reroute", "Change the route", frozenset({S.IN_REVIEW}), "record_decision", f.RerouteForm,
               _guard_reroute, _reroute, targets=frozenset({S.IN_REVIEW, S.CLOSED}), note_field="reroute_reason"),
    Transition("advance", "Complete this stage", frozenset({S.IN_REVIEW}), "manage_case_lifecycle", f.AdvanceForm,
               _guard_advance, _advance, when=_in_a_stage, targets=frozenset({S.IN_REVIEW, S.CLOSED}),
               note_field="note"),
    Transition("send_back", "Send back for redrafting", frozenset({S.IN_REVIEW}), "manage_case_lifecycle",
               f.NoteOnlyForm, _no_guard, _send_back, when=_at(Milestone.QUALITY_ASSURANCE),
               targets=frozenset({S.IN_REVIEW}), note_field="note"),
    Transition("hold_place", "Put the case on hold", frozenset(OPEN_STATUSES), "manage_case_lifecycle",
               f.HoldPlaceForm, _guard_hold_place, _hold_place, when=lambda case: not case.on_hold,
               targets=frozenset(OPEN_STATUSES), note_field="details", refusal="The case is already on hold"),
    Transition("hold_lift", "Take the case off hold", frozenset(OPEN_STATUSES), "manage_case_lifecycle",
               f.HoldLiftForm, _guard_hold_lift, _hold_lift, when=lambda case: case.on_hold,
               targets=frozenset(OPEN_STATUSES), note_field="note", refusal="The case is not on hold"),
]}


# The step each status expects next: the case page's primary button. Recording progress, holding,
# re-routing and withdrawing are never the expected step; they stay secondary.
NEXT_STEP: dict[str, str] = {
    S.DRAFT: "submit",
    S.REFERRED: "screen",
    S.AWAITING_NOTIFICATION: "notify",
    S.RAPID_REVIEW: "rapid_review_send",
    S.AWAITING_PANEL: "panel_response",
    S.AWAITING_DECISION: "decide",
    S.IN_REVIEW: "advance",
}


def _child(letters: str, year: int) -> str:
    return f"Child {letters} ({year})"


CHILDREN = frameworks.Framework(
    key=frameworks.CHILDREN, label="Children's safeguarding practice reviews", short_label="Children's",
    transitions=TRANSITIONS, next_step=NEXT_STEP, stage_exit=STAGE_EXIT, pseudonym=_child,
    statuses={value: label for value, label in CaseStatus.choices if value not in SHARED_STATUSES},
    referral_problems=referral_problems,
    sign_off=(Role.PARTNER_LA, Role.PARTNER_POLICE, Role.PARTNER_ICB),
    sign_off_words="All three safeguarding partners",
    approvers_words="the delegated safeguarding partners for the local authority, the police and the Integrated "
                    "Care Board",
    referral_url="referrals:list", draft_url="referrals:overview",
    request_kinds=("rapid_review_summary", "chronology", "agency_report", "factual_accuracy"),
    review_route_kind="lcspr",
    public_summary=("When a child dies or is seriously harmed and abuse or neglect is known or suspected, the local "
                    "authority tells the national Child Safeguarding Practice Review Panel within 5 working days. "
                    "The safeguarding partners (the council, the police and the NHS) hold a rapid review within 15 "
                    "working days and decide whether a local child safeguarding practice review is needed."))


def next_step(case: Case) -> Transition | None:
    """The step the case is waiting for. A case on hold waits for the hold to be lifted first."""
    framework = frameworks.of(case)
    if case.on_hold and case.is_open:
        return framework.transitions["hold_lift"]
    transition = framework.expected(case.status)
    if transition is None or (transition.when is not None and not transition.when(case)):
        return None
    return transition


def available_transitions(case: Case, user) -> list[Transition]:
    """The steps this person can take on this case now, the expected next step first: what the
    case page offers."""
    steps = [t for t in frameworks.of(case).transitions.values()
             if case.status in t.sources and (t.when is None or t.when(case))
             and has_capability_on(user, case, t.capability) and t.name != "submit"]
    expected = next_step(case)
    return sorted(steps, key=lambda t: (t is not expected, t.style == "warning"))


def refusal_reason(case: Case, transition: Transition) -> str:
    """Why a step cannot be taken on this case now, in words that name the real reason."""
    fits = case.status in transition.sources
    if fits and transition.refusal and transition.when is not None and not transition.when(case):
        return transition.refusal
    where = case.stage.name if case.stage_id and case.stage else case.get_status_display()
    return f"You cannot {transition.label[0].lower()}{transition.label[1:]} now: the case is at “{where}”"


def step_classes(case: Case, transition: Transition) -> str:
    """The button classes the case page gives a step: primary only for the expected next step."""
    if transition is next_step(case):
        return ""
    return "govuk-button--warning" if transition.style == "warning" else "govuk-button--secondary"


# Dates that are plans, not records of something that happened.
FUTURE_ALLOWED = {"review_on", "publication_planned_on", "meeting_planned_on"}


def _refuse_future_dates(data: dict, today: date) -> None:
    """The forms refuse these already; the service refuses them too, whoever calls it."""
    for name, value in data.items():
        if isinstance(value, date) and name not in FUTURE_ALLOWED and value > today:
            _refuse(**{name: problem("The date must be today or in the past, not %(value)s",
                                     "the_date_must_be_today", value=format_date(value))})


def _stage_label(case: Case) -> str:
    return case.stage.name if case.stage_id and case.stage else ""


def _stale() -> ValidationError:
    return problem("Someone else changed this case while you were working on it. "
                   "Nothing has been saved: check the case page and try again.", "stale")


def case_transition(*, case: Case, name: str, by, data: dict | None = None,
                    expected_version: int | None = None) -> Case:
    """Performs one transition, or refuses it and changes nothing."""
    transition = frameworks.of(case).transitions.get(name)
    if transition is None:
        raise ValueError(f"no transition called {name!r} in the {case.framework} framework")
    with transaction.atomic():
        case = (Case.objects.select_for_update(of=("self",)).select_related("partnership", "route", "stage")
                .get(pk=case.pk))
        if expected_version is not None and case.lock_version != expected_version:
            raise _stale()
        if not has_capability_on(by, case, transition.capability):
            raise PermissionDenied
        if case.status not in transition.sources or (transition.when is not None and not transition.when(case)):
            raise ValidationError(refusal_reason(case, transition), code="invalid_transition")
        data = dict(data or {})
        today = timezone.localdate()
        step = Step(case=case, data=data, by=by, today=today, note=str(data.get(transition.note_field, "") or ""),
                    closed=closed_days(case.partnership_id))
        _refuse_future_dates(data, today)
        transition.guard(step)
        from_status, from_stage = case.status, _stage_label(case)
        case.status = transition.effect(step)
        case.lock_version += 1
        case.save()
        record = CaseTransition.objects.create(
            case=case, name=name, from_status=from_status, to_status=case.status,
            from_stage=from_stage, to_stage=_stage_label(case), note=step.note, params=step.params or None, by=by)
        audit_record(action=Action.STATE_CHANGE if from_status != case.status or from_stage != record.to_stage
                     else Action.UPDATE, actor=by, target=case, case=case,
                     partnership=case.partnership, code="cases.moved",
                     params={"transition": name, "framework": case.framework, "stage": record.to_stage,
                             "status": case.status},
                     changes={"status": [from_status, case.status], "stage": [from_stage, record.to_stage]})
        clocks_recompute(case, closed=step.closed, today=today)
        notify_transition(case=case, record=record, by=by)
    return case


# --- What another framework's table reuses ----------------------------------------------------
# The adults framework (casereview.adults) builds its table from these and from TRANSITIONS' steps
# that every framework shares (withdrawing, holds, the review stages).
refuse = _refuse
not_before = _not_before
set_milestone = _set_milestone
first_stage = _first_stage
entered_stage = _entered_stage
next_reference = _next_reference
guard_submit = _guard_submit
no_guard = _no_guard
leave_commissioned, record_commissioned = _leave_commissioned, _record_commissioned
leave_approved, record_approved = _leave_approved, _record_approved
leave_published, record_published = _leave_published, _record_published


def shared_steps(open_statuses: frozenset[str]) -> list[Transition]:
    """The steps every framework's review takes the same way: completing a stage, and holds while
    it is open in any of its statuses."""
    return [TRANSITIONS["advance"],
            replace(TRANSITIONS["hold_place"], sources=open_statuses, targets=open_statuses),
            replace(TRANSITIONS["hold_lift"], sources=open_statuses, targets=open_statuses)]
