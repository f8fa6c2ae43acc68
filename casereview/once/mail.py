"""Email sent at most once per key, and recorded as sent only once the mail server has it.

A task can run twice: its worker may die part-way and the task is run again (ADR 0017). Each
email therefore has a delivery row with a unique key. A row already accepted means the email went
and is not sent again. The one window left is a worker killed after the mail server accepted the
message but before the row was updated: the message is sent again with the same Message-ID, which
mail servers and clients use to drop the duplicate."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from casereview.once.models import EmailDelivery

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Email:
    to: str
    subject: str
    body: str
    # What kind of message this is, for a provider that lays each kind out in its own template
    # (GOV.UK Notify): "invitation", "notification.deadline_missed" and so on.
    kind: str = ""
    # (file name, content, MIME type): a meeting's calendar file. GOV.UK Notify cannot attach one,
    # so every message that carries a file also says where to fetch it in the service.
    attachments: tuple[tuple[str, bytes, str], ...] = ()


def message_id(key: str) -> str:
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{key}".encode()).hexdigest()[:32]
    domain = urlsplit(settings.SITE_URL).hostname or "localhost"
    return f"<{digest}@{domain}>"


def deliver_once(key: str, build: Callable[[], Email | None], *, same_content: bool = True) -> bool:
    """Sends the email `build` makes unless the email under `key` was already accepted.

    `build` runs only when a message will be sent, and what it writes is committed before the
    message goes, so it may do work that belongs to sending (an invitation makes its one-time link
    there). An email whose content differs on each attempt (a fresh link) gets a Message-ID per
    attempt, so a duplicate-dropping server never keeps an older, dead link instead. Returns True
    when a message was handed over."""
    with transaction.atomic():
        delivery, _ = EmailDelivery.objects.select_for_update().get_or_create(key=key)
        if delivery.accepted_at:
            return False
        attempt = delivery.attempts + 1
        EmailDelivery.objects.filter(pk=delivery.pk).update(attempts=F("attempts") + 1,
                                                            last_attempt_at=timezone.now())
    with transaction.atomic():
        email = build()
    if email is None:
        return False
    headers = {"Message-ID": message_id(key if same_content else f"{key}:{attempt}")}
    # Raises if the server refuses: the task fails and the row stays unaccepted, to be tried again.
    message = EmailMessage(email.subject, email.body, None, [email.to], headers=headers)
    for name, content, mimetype in email.attachments:
        message.attach(name, content, mimetype)
    # Read by the Notify backend: the template to use, and a reference that names nobody.
    message.kind, message.reference = email.kind or key.split(":", 1)[0], key
    message.send()
    EmailDelivery.objects.filter(pk=delivery.pk).update(accepted_at=timezone.now(),
                                                        provider_id=getattr(message, "provider_id", ""))
    logger.info("Email %s accepted by the mail server", delivery.pk)
    return True


def already_sent(key: str) -> bool:
    return EmailDelivery.objects.filter(key=key, accepted_at__isnull=False).exists()
