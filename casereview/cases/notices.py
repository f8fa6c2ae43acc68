"""Who is told when a case moves, is screened or nears a deadline: the case team, the referrer,
and whoever the case now waits for. Worded here, sent by notifications (below this app)."""

from __future__ import annotations

from django.urls import reverse

from casereview.accounts.models import User
from casereview.cases.models import Case, CaseMembership, CaseRole, CaseStatus, CaseTransition
from casereview.notifications.models import Notification
from casereview.notifications.services import business_unit, notify, role_holders
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


def notify_transition(*, case: Case, record: CaseTransition, by: User) -> None:
    path = reverse("cases:detail", args=[case.reference]) if case.reference else reverse("cases:referrals")
    if record.name == "submit":
        notify(recipients=business_unit(case.partnership_id), kind=Notification.Kind.NEW_REFERRAL, case=case,
               message=f"New referral {case.reference} is waiting for screening", path=path, exclude=by)
        return
    if record.name in ("screen", "withdraw"):
        _tell_the_referrer(case=case, record=record, by=by)
    where = record.to_stage or case.get_status_display()
    notify(recipients=case_team(case), kind=Notification.Kind.TRANSITION, case=case, path=path, exclude=by,
           message=f"{case.reference}: {record.label.lower()} (now at “{where}”)")
    _tell_who_acts_next(case=case, record=record, by=by)


# What the referrer is told of each outcome: the decision, never the business unit's reasoning,
# and nothing beyond what an agency that referred may know.
SCREENING_WORDS = {
    CaseStatus.AWAITING_NOTIFICATION: "Your referral {ref} has been screened: it meets the criteria, and the "
                                      "partnership is notifying the National Panel",
    CaseStatus.AWAITING_DECISION: "Your referral {ref} has been screened: it does not need a notification to the "
                                  "National Panel; the safeguarding partners will decide whether a local review "
                                  "would help",
    CaseStatus.CLOSED: "Your referral {ref} has been screened: it does not meet the criteria for a review, and the "
                       "partnership has closed it",
    CaseStatus.WITHDRAWN: "Your referral {ref} has been withdrawn by the partnership",
}


def _tell_the_referrer(*, case: Case, record: CaseTransition, by: User) -> None:
    referrer = User.objects.filter(pk=case.created_by_id, is_active=True).first()
    words = SCREENING_WORDS.get(record.to_status)
    if referrer is None or words is None:
        return
    notify(recipients=[referrer], kind=Notification.Kind.SCREENING_OUTCOME, case=case, exclude=by,
           path=reverse("referrals:list"), message=words.format(ref=case.reference))


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
               message=f"{case.reference} is waiting for the safeguarding partners' decision")
    elif milestone == Milestone.APPROVED:
        notify(recipients=role_holders(case.partnership_id, partners), kind=Notification.Kind.APPROVAL_WAITING,
               case=case, path=reverse("reports:approve", args=[case.reference]), exclude=by,
               message=f"The report of {case.reference} is waiting for your approval")
    elif milestone == Milestone.QUALITY_ASSURANCE:
        notify(recipients=role_holders(case.partnership_id, [Role.SUBGROUP_CHAIR]),
               kind=Notification.Kind.QUALITY_WAITING, case=case, exclude=by,
               path=reverse("reports:quality", args=[case.reference]),
               message=f"The report of {case.reference} is ready for quality assurance")
