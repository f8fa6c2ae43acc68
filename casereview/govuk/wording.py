"""Words kept out of the database: a stored record holds a code and its parameters, and is worded
when it is shown (ADR 0032 for notifications, ADR 0035 for the audit log).

A catalogue maps each code to its wording: a template over the parameters, marked with
`gettext_lazy` so it is translated into the reader's language when worded, or a function where the
wording needs the sender's own vocabulary (the label of one of its choices, say). Parameters are
plain JSON: codes, references, numbers, ISO dates and the names a partnership gave its own things
(stages, agencies, clocks). A parameter whose name ends in `_on` is an ISO date and is put into
words by the one date formatter.

The app that writes a kind of record says how it reads, registering from its `AppConfig.ready()`;
this module, low in the layers, never imports them."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from datetime import date
from string import Formatter
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Choices
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_lazy as _

from casereview.govuk.formatting import format_date

log = logging.getLogger(__name__)

Wording = str | Promise | Callable[[Mapping[str, Any]], str]


def dates_in_words(params: Mapping[str, Any]) -> dict[str, Any]:
    return {key: format_date(date.fromisoformat(value)) if key.endswith("_on") and value else value
            for key, value in params.items()}


class Derived:
    """A template with some words worked out from the parameters, such as a choice's label. Knows
    its template, so a test can check that a record's parameters fill it."""

    def __init__(self, text: str | Promise, derived: Mapping[str, Callable[[Mapping[str, Any]], str]]):
        self.text = text
        self.derived = dict(derived)

    def __call__(self, params: Mapping[str, Any]) -> str:
        return str(self.text).format_map({**dates_in_words(params),
                                          **{name: how(params) for name, how in self.derived.items()}})


def template(text: str | Promise, **derived: Callable[[Mapping[str, Any]], str]) -> Derived:
    return Derived(text, derived)


def choice(choices: type[Choices], param: str, *, lower: bool = False) -> Callable[[Mapping[str, Any]], str]:
    """The label of a stored choice value; the value itself if the choice has since gone."""
    def label(params: Mapping[str, Any]) -> str:
        value = params.get(param)
        words = str(dict(choices.choices).get(value, value or ""))
        return words.lower() if lower else words
    return label


def one_of(param: str, **words: str | Promise) -> Callable[[Mapping[str, Any]], str]:
    """Words picked by a stored code: `one_of("outcome", met=_("met"), not_met=_("not met"))`."""
    def pick(params: Mapping[str, Any]) -> str:
        value = params.get(param)
        return str(words.get(str(value), value))
    return pick


def fields_of(wording: Wording) -> set[str] | None:
    """The parameters a template needs, or None for a wording worked out by a function."""
    if isinstance(wording, Derived):
        return {name for _, name, _, _ in Formatter().parse(str(wording.text)) if name} - set(wording.derived)
    if isinstance(wording, Promise | str):
        return {name for _, name, _, _ in Formatter().parse(str(wording)) if name}
    return None


class Catalogue:
    def __init__(self, name: str):
        self.name = name
        self._wordings: dict[str, Wording] = {}

    def register(self, wordings: Mapping[str, Wording]) -> None:
        for code, wording in wordings.items():
            if code in self._wordings and self._wordings[code] is not wording:
                raise ValueError(f"Two wordings for the {self.name} code {code!r}")
            self._wordings[code] = wording

    def registered(self) -> frozenset[str]:
        return frozenset(self._wordings)

    def wording(self, code: str) -> Wording:
        return self._wordings[code]

    def word(self, code: str, params: Mapping[str, Any]) -> str:
        wording = self._wordings[code]
        if isinstance(wording, Promise | str):  # a template, perhaps marked for translation
            return str(wording).format_map(dates_in_words(params))
        return str(wording(params))


# What each audit event says it did: registered by the app that records it. The audit app's own
# sign-in records are worded here, as audit sits below this app.
AUDIT = Catalogue("audit")
AUDIT.register({
    "audit.password_accepted": _("Password accepted"),
    "audit.sign_in_failed": _("Wrong email address or password"),
    "audit.timed_out": _("Session ended after inactivity"),
    "audit.signed_out": _("Signed out"),
})


def audit_words(event) -> str:
    """The audit event's description. Events recorded before wording moved here keep their words;
    one whose parameters no longer fit its wording shows its code rather than failing the log."""
    if event.summary or not event.code:
        return event.summary
    try:
        return AUDIT.word(event.code, event.params or {})
    except (KeyError, ValueError, TypeError, IndexError):
        if getattr(settings, "WORDING_STRICT", False):
            raise
        log.warning("Audit event %s with code %s could not be worded", event.pk, event.code)
        return event.code


def problem(text: str, code: str, /, **params: Any) -> ValidationError:
    """A validation error with a code and parameters, worded when shown: `text` is marked for
    translation (an xgettext keyword, see govuk's makemessages) and takes its parameters as
    `%(name)s`, the way Django's own validation errors do."""
    return ValidationError(gettext_lazy(text), code=code, params=params or None)
