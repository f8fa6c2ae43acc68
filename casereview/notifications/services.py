"""Tells people in the service and by email. A message names a case by reference only and
links to it; what happened to whom is read in the service, behind sign-in. Who is told of a
case's change is the case engine's to say (cases.notices), above this app (ADR 0028)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from casereview.accounts import request_facts
from casereview.accounts.models import User
from casereview.notifications import wording
from casereview.notifications.models import Notification
from casereview.once.mail import Email, deliver_once
from casereview.partnerships.models import Role

BUSINESS_UNIT = (Role.BUSINESS_UNIT_MANAGER, Role.BUSINESS_UNIT_OFFICER)


def business_unit(partnership_id: int) -> list[User]:
    return list(User.objects.filter(is_active=True, role_assignments__partnership_id=partnership_id,
                                    role_assignments__role__in=BUSINESS_UNIT).distinct())


def role_holders(partnership_id: int, roles) -> list[User]:
    return list(User.objects.filter(is_active=True, role_assignments__partnership_id=partnership_id,
                                    role_assignments__role__in=list(roles)).distinct())


def notify(*, recipients: Iterable[User], kind: str, path: str, case=None, exclude: User | None = None,
           **params) -> list[Notification]:
    """Stores the messages, as the kind and its parameters, and queues one email each after the
    surrounding transaction commits. Dates in the parameters are kept as ISO dates."""
    from casereview.notifications.tasks import email_notification

    stored = _as_json(params)
    wording.word(kind, stored)  # a wording that does not fit fails here, in the sender's test, not on a page
    created = Notification.objects.bulk_create([
        Notification(recipient=person, case=case, kind=kind, params=stored, path=path)
        for person in recipients if exclude is None or person.pk != exclude.pk
    ])
    for pk in [n.pk for n in created]:
        transaction.on_commit(lambda pk=pk: email_notification.enqueue(pk))
    return created


def _as_json(params: dict) -> dict:
    return {key: value.isoformat() if isinstance(value, date) else value for key, value in params.items()}


def notification_email(*, notification_id: int) -> bool:
    """Emails a notification once, however often the task runs (ADR 0017)."""

    def build() -> Email | None:
        notification = Notification.objects.select_related("recipient").filter(pk=notification_id).first()
        if notification is None or notification.emailed_at or not notification.recipient.is_active:
            return None
        return Email(
            to=notification.recipient.email,
            subject=f"{settings.SERVICE_NAME}: {notification.get_kind_display().lower()}",
            body=(f"{notification.text}.\n\nSign in to see the details:\n"
                  f"{settings.SITE_URL}{notification.path}\n\n"
                  "This email never contains details about a child or family. You get it because of your role "
                  "in the safeguarding partnership.\n"),
            kind=f"notification.{notification.kind}")

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
