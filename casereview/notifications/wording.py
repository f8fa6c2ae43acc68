"""A notification is stored as its kind and parameters, never as words. It is worded when it is
shown or emailed, so wording can change or be translated without touching a stored row, and the
database holds no English sentence about a case.

The app that sends a kind of notification says how it reads, by registering a wording from its
`AppConfig.ready()`: a template over the parameters (marked with `gettext_lazy`, so it is
translated into the reader's language when worded), or a function for wording that needs the
sender's own vocabulary (the label of one of its choices, say). Parameters are plain JSON: codes,
references, numbers and ISO dates. In a template, a parameter whose name ends in `_on` is an ISO
date and is put into words by the one date formatter."""

from __future__ import annotations

import logging

from casereview.govuk.wording import Catalogue, Wording, dates_in_words, template  # noqa: F401

log = logging.getLogger(__name__)

NOTIFICATIONS = Catalogue("notification")
register = NOTIFICATIONS.register
registered = NOTIFICATIONS.registered
word = NOTIFICATIONS.word


def words_of(notification) -> str:
    """What the person reads. Rows stored before wording moved here keep the words they were sent
    with; a row whose parameters no longer fit its wording falls back to the kind's name rather than
    failing the page that lists it."""
    if notification.message:
        return notification.message
    try:
        return word(notification.kind, notification.params)
    except (KeyError, ValueError, TypeError):
        log.warning("Notification %s of kind %s could not be worded", notification.pk, notification.kind)
        return notification.get_kind_display()
