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
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from django.utils.functional import Promise

from casereview.govuk.formatting import format_date

log = logging.getLogger(__name__)

Wording = str | Promise | Callable[[Mapping[str, Any]], str]

_wordings: dict[str, Wording] = {}


def register(wordings: Mapping[str, Wording]) -> None:
    for kind, wording in wordings.items():
        if kind in _wordings and _wordings[kind] is not wording:
            raise ValueError(f"Two wordings for the notification kind {kind!r}")
        _wordings[kind] = wording


def registered() -> frozenset[str]:
    return frozenset(_wordings)


def dates_in_words(params: Mapping[str, Any]) -> dict[str, Any]:
    return {key: format_date(date.fromisoformat(value)) if key.endswith("_on") and value else value
            for key, value in params.items()}


def template(text: str, **derived: Callable[[Mapping[str, Any]], str]) -> Wording:
    """A template with some words worked out from the parameters, such as a choice's label."""
    def wording(params: Mapping[str, Any]) -> str:
        return str(text).format_map({**dates_in_words(params), **{name: how(params) for name, how in derived.items()}})
    return wording


def word(kind: str, params: Mapping[str, Any]) -> str:
    wording = _wordings[kind]
    if isinstance(wording, Promise | str):  # a template, perhaps marked for translation
        return str(wording).format_map(dates_in_words(params))
    return str(wording(params))


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
