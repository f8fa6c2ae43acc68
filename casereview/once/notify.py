"""An email backend that sends through GOV.UK Notify with its official client, as most councils'
services do (ADR 0037). SMTP stays the alternative (EMAIL_BACKEND).

Notify sends only from templates kept in the service's Notify account. Each kind of message has its
own (settings.NOTIFY_TEMPLATES, falling back to NOTIFY_TEMPLATE_ID), and each template takes two
personalisation fields, ((subject)) and ((body)), which this service writes. The reference sent
with each message is its delivery key ("notification:42"), which names nobody and ties Notify's
status callback back to the delivery row."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.mail.backends.base import BaseEmailBackend
from notifications_python_client.errors import HTTPError
from notifications_python_client.notifications import NotificationsAPIClient

logger = logging.getLogger(__name__)


def template_for(kind: str) -> str:
    """The most specific template named for this kind: "notification.deadline_missed", then
    "notification", then the default."""
    templates = settings.NOTIFY_TEMPLATES
    while kind:
        if kind in templates:
            return templates[kind]
        kind = kind.rpartition(".")[0]
    if not settings.NOTIFY_TEMPLATE_ID:
        raise ImproperlyConfigured("Set NOTIFY_TEMPLATE_ID, or a template for every kind of message in NOTIFY_TEMPLATES")
    return settings.NOTIFY_TEMPLATE_ID


class NotifyEmailBackend(BaseEmailBackend):
    def __init__(self, *, alias=None, **kwargs):
        super().__init__(alias=alias, **kwargs)
        self.client = NotificationsAPIClient(settings.NOTIFY_API_KEY, base_url=settings.NOTIFY_BASE_URL, timeout=20)

    def send_messages(self, email_messages) -> int:
        sent = 0
        for message in email_messages:
            try:
                for address in message.to:
                    response = self.client.send_email_notification(
                        email_address=address, template_id=template_for(getattr(message, "kind", "")),
                        personalisation={"subject": message.subject, "body": message.body},
                        reference=getattr(message, "reference", None))
                    message.provider_id = response["id"]
            except HTTPError as error:
                # A 5xx or 429 is worth trying again: raised as an OSError, which the task worker
                # takes as "try later". A 4xx (a bad template, an address Notify refuses) is not.
                logger.warning("GOV.UK Notify refused a message: %s %s", error.status_code,
                               getattr(error, "message", ""))
                if error.status_code >= 500 or error.status_code == 429:
                    raise ConnectionError(f"GOV.UK Notify answered {error.status_code}") from error
                raise
            sent += 1
        return sent
