"""Tells people in the service and by email. A message names a case by reference only and
links to it; what happened to whom is read in the service, behind sign-in."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from casereview.accounts import request_facts
from casereview.accounts.models import User
from casereview.cases.models import Case, CaseMembership, CaseRole, CaseStatus, CaseTransition
from casereview.notifications.models import Notification
from casereview.partnerships.models import Role

BUSINESS_UNIT = (Role.BUSINESS_UNIT_MANAGER, Role.BUSINESS_UNIT_OFFICER)


def business_unit(partnership_id: int) -> list[User]:
    return list(User.objects.filter(is_active=True, role_assignments__partnership_id=partnership_id,
                                    role_assignments__role__in=BUSINESS_UNIT).distinct())


def role_holders(partnership_id: int, roles) -> list[User]:
    return list(User.objects.filter(is_active=True, role_assignments__partnership_id=partnership_id,
                                    role_assignments__role__in=list(roles)).distinct())


def case_team(case: Case) -> list[User]:
    """The business unit, the case's owner and its lead reviewer: who needs to know it moved."""
    people = {u.pk: u for u in business_unit(case.partnership_id)}
    if case.owner_id and case.owner.is_active:
        people[case.owner_id] = case.owner
    for membership in CaseMembership.objects.filter(case=case, role=CaseRole.LEAD_REVIEWER,
                                                    person__is_active=True).select_related("person"):
        people[membership.person_id] = membership.person
    return list(people.values())


def notify(*, recipients: Iterable[User], kind: str, message: str, path: str, case: Case | None = None,
           exclude: User | None = None) -> list[Notification]:
    """Stores the messages and queues one email each, after the surrounding transaction commits."""
    from casereview.notifications.tasks import email_notification

    created = Notification.objects.bulk_create([
        Notification(recipient=person, case=case, kind=kind, message=message[:300], path=path)
        for person in recipients if exclude is None or person.pk != exclude.pk
    ])
    for pk in [n.pk for n in created]:
        transaction.on_commit(lambda pk=pk: email_notification.enqueue(pk))
    return created


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
    from casereview.partnerships.models import Role
    from casereview.process.models import Milestone

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


def notification_email(*, notification_id: int) -> bool:
    """Emails a notification once, however often the task runs (ADR 0017)."""
    from casereview.once.mail import Email, deliver_once

    def build() -> Email | None:
        notification = Notification.objects.select_related("recipient").filter(pk=notification_id).first()
        if notification is None or notification.emailed_at or not notification.recipient.is_active:
            return None
        return Email(
            to=notification.recipient.email,
            subject=f"{settings.SERVICE_NAME}: {notification.get_kind_display().lower()}",
            body=(f"{notification.message}.\n\nSign in to see the details:\n"
                  f"{settings.SITE_URL}{notification.path}\n\n"
                  "This email never contains details about a child or family. You get it because of your role "
                  "in the safeguarding partnership.\n"))

    sent = deliver_once(f"notification:{notification_id}", build)
    if sent:
        Notification.objects.filter(pk=notification_id).update(emailed_at=timezone.now())
    return sent


def notifications_mark_read(*, user: User, ids: Iterable[int] | None = None) -> int:
    unread = Notification.objects.filter(recipient=user, read_at=None)
    if ids is not None:
        unread = unread.filter(pk__in=list(ids))
    marked = unread.update(read_at=timezone.now())
    request_facts.forget(user)  # the navigation's count, if already read in this request
    return marked
