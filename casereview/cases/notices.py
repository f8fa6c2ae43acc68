"""Who is told when a case moves, is screened or nears a deadline: the case team, the referrer,
and whoever the case now waits for. Sent by notifications (below this app); worded in cases.wording."""

from __future__ import annotations

from django.urls import reverse

from casereview.accounts.models import User
from casereview.cases import frameworks
from casereview.cases.models import Case, CaseMembership, CaseRole, CaseStatus, CaseTransition
from casereview.notifications.models import Notification
from casereview.notifications.services import business_unit, notify, role_holders
from casereview.partnerships.access import CAPABILITIES, ROLE_FRAMEWORK
from casereview.partnerships.models import Role
from casereview.process.models import Milestone


def case_team(case: Case) -> list[User]:
    """The business unit, the case's owner and its lead reviewer: who needs to know it moved."""
    people = {u.pk: u for u in business_unit(case.partnership_id)}
    if case.owner_id and case.owner.is_active:
        people[case.owner_id] = case.owner
    for membership in CaseMembership.objects.filter(case=case, role=CaseRole.LEAD_REVIEWER,
                                                    person__is_active=True).select_related("person"):
        people[membership.person_id] = membership.person
    return list(people.values())


# The steps a framework's chair takes: those waiting for them are told (cases.lifecycle tables).
FRAMEWORK_DECISIONS = frozenset({"record_sar_decision", "record_dar_decision"})


def notify_transition(*, case: Case, record: CaseTransition, by: User) -> None:
    path = reverse("cases:detail", args=[case.reference]) if case.reference else reverse("cases:referrals")
    if record.name == "submit":
        notify(recipients=business_unit(case.partnership_id), kind=Notification.Kind.NEW_REFERRAL, case=case,
               path=path, exclude=by, ref=case.reference)
        return
    if record.name in ("screen", "withdraw"):
        _tell_the_referrer(case=case, record=record, by=by)
    elif record.name in REFERRER_HEARS:
        _tell_the_referrer_of(case=case, record=record, by=by)
    notify(recipients=case_team(case), kind=Notification.Kind.TRANSITION, case=case, path=path, exclude=by,
           ref=case.reference, framework=case.framework, transition=record.name, stage=record.to_stage,
           status=case.status)
    _tell_who_acts_next(case=case, record=record, by=by)


# The outcomes a referrer is told of (worded in cases.wording): the decision, never the reasoning.
SCREENING_OUTCOMES = frozenset({CaseStatus.AWAITING_NOTIFICATION, CaseStatus.AWAITING_DECISION, CaseStatus.CLOSED,
                                CaseStatus.WITHDRAWN})


def _tell_the_referrer(*, case: Case, record: CaseTransition, by: User) -> None:
    referrer = User.objects.filter(pk=case.created_by_id, is_active=True).first()
    if referrer is None or record.to_status not in SCREENING_OUTCOMES:
        return
    notify(recipients=[referrer], kind=Notification.Kind.SCREENING_OUTCOME, case=case, exclude=by,
           path=reverse("referrals:list"), ref=case.reference, outcome=record.to_status)


# Other frameworks' steps whose outcome the referrer hears of: a board's decision on a SAR referral.
REFERRER_HEARS = frozenset({"sar_acknowledge", "sar_decide"})


def _tell_the_referrer_of(*, case: Case, record: CaseTransition, by: User) -> None:
    referrer = User.objects.filter(pk=case.created_by_id, is_active=True).first()
    if referrer is None:
        return
    notify(recipients=[referrer], kind=Notification.Kind.TRANSITION, case=case, exclude=by,
           path=reverse("referrals:list"), ref=case.reference, framework=case.framework, transition=record.name,
           stage=record.to_stage, status=case.status)


def _deciders_of(case: Case, capability: str) -> list[str]:
    """The framework-bound roles that hold a capability for this case's frameworks: its chairs."""
    keys = set(frameworks.keys_of(case))
    return [role for role, key in ROLE_FRAMEWORK.items() if key in keys and role in CAPABILITIES[capability]]


def _tell_who_acts_next(*, case: Case, record: CaseTransition, by: User) -> None:
    """The people whose decision or approval the case now waits for, told so directly."""
    moved = record.from_status != record.to_status or record.from_stage != record.to_stage
    if not moved:
        return
    partners = (Role.PARTNER_LA, Role.PARTNER_POLICE, Role.PARTNER_ICB)
    milestone = case.stage.milestone if case.stage_id else ""
    if record.to_status == CaseStatus.AWAITING_DECISION:
        notify(recipients=role_holders(case.partnership_id, partners), kind=Notification.Kind.DECISION_WAITING,
               case=case, path=reverse("cases:step", args=[case.reference, "decide"]), exclude=by,
               ref=case.reference)
    elif (expected := frameworks.of(case).expected(case.status)) is not None \
            and expected.capability in FRAMEWORK_DECISIONS:
        notify(recipients=role_holders(case.partnership_id, _deciders_of(case, expected.capability)),
               kind=Notification.Kind.DECISION_WAITING, case=case, exclude=by, ref=case.reference,
               path=reverse("cases:step", args=[case.reference, expected.name]))
    elif milestone == Milestone.APPROVED:
        # Whoever signs this case's report off: the three partners, a board's or partnership's chair, or both.
        notify(recipients=role_holders(case.partnership_id, frameworks.signers_of(case)),
               kind=Notification.Kind.APPROVAL_WAITING,
               case=case, path=reverse("reports:approve", args=[case.reference]), exclude=by, ref=case.reference)
    elif milestone == Milestone.QUALITY_ASSURANCE:
        notify(recipients=role_holders(case.partnership_id, [Role.SUBGROUP_CHAIR]),
               kind=Notification.Kind.QUALITY_WAITING, case=case, exclude=by,
               path=reverse("reports:quality", args=[case.reference]), ref=case.reference)
