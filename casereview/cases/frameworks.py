"""The review frameworks the case engine runs (ADR 0033). A framework brings its own tables: the
transitions a case can take, the step each status waits for, what leaving each stage checks and
records, and how a case is named. The engine looks them up through the case's `framework`, never
by importing one framework's tables directly.

The children's framework is defined with the lifecycle (cases.lifecycle) and registered by the
cases app's `AppConfig.ready()`; frameworks for other kinds of review register from their own apps' `AppConfig.ready()`, above the
engine (ADR 0028)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

CHILDREN = "children"
ADULTS = "adults"
DOMESTIC_ABUSE = "domestic_abuse"


def _nothing_to_install(partnership) -> None:
    return None


def _nothing_missing(case) -> list[tuple[str, str]]:
    return []


@dataclass(frozen=True)
class Framework:
    key: str
    label: str
    transitions: Mapping[str, Any]  # name → cases.lifecycle.Transition
    next_step: Mapping[str, str]  # status → the name of the transition it waits for
    stage_exit: Mapping[str, Any]  # milestone → cases.lifecycle.StageExit
    pseudonym: Callable[[str, int], str]  # (letters from the year's count, year) → "Child A (2026)"
    # Its own statuses, code → label. Codes are unique across frameworks; the engine's shared ones
    # (draft, in review, closed, withdrawn) are in cases.models.SHARED_STATUSES.
    statuses: Mapping[str, str] = field(default_factory=dict)
    short_label: str = ""  # "LCSPR", "SAR": where space is short
    # Who the review is about, in the shared pages' sentences: "Was the child seen?"
    person: str = "child"
    # The heading of what those who commissioned the review publish with it.
    response_title: str = "The safeguarding partners’ response"
    # What a draft referral still lacks, as (section, message) pairs.
    referral_problems: Callable[[Any], list[tuple[str, str]]] = _nothing_missing
    # The roles whose approval of the latest report version signs it off (partnerships.models.Role
    # values), and who they are, in words, for the message that asks for them.
    sign_off: tuple[str, ...] = ()
    sign_off_words: str = ""
    approvers_words: str = ""  # "the delegated safeguarding partners for …": who alone may approve
    # Gives a partnership this framework's routes, stages, clock rules and checklists when it
    # enables the framework.
    install: Callable[[Any], None] = _nothing_to_install
    # The URL name of the page where a referral of this kind starts, if the framework has its own.
    referral_url: str = ""
    draft_url: str = ""  # the URL name of a draft referral's page, taking the draft's id
    # Where the business unit opens a case itself rather than by referral (a police notification),
    # a URL name taking the partnership's slug, and the words of its button on the tracker.
    intake_url: str = ""
    intake_words: str = ""
    # The route a case of another framework follows when it also runs as one of this framework's
    # reviews (a joint review): its clocks apply to that case too.
    review_route_kind: str = ""
    # The kinds of request to agencies its cases make (contributions.models.RequestKind values);
    # empty for every kind.
    request_kinds: tuple[str, ...] = ()
    # One paragraph for the public "How reviews work" page.
    public_summary: str = ""

    def expected(self, status: str):
        """The transition a case in this status waits for, if the table names one."""
        name = self.next_step.get(status)
        return self.transitions.get(name) if name else None


_frameworks: dict[str, Framework] = {}


def register(framework: Framework) -> None:
    if _frameworks.get(framework.key, framework) is not framework:
        raise ValueError(f"Two frameworks with the key {framework.key!r}")
    _frameworks[framework.key] = framework


def get(key: str) -> Framework:
    return _frameworks[key]


def of(case) -> Framework:
    return _frameworks[case.framework]


def registered() -> list[Framework]:
    return list(_frameworks.values())


def status_label(status: str, key: str = CHILDREN) -> str:
    """The words for a status, from the framework that owns it."""
    framework = _frameworks.get(key)
    if framework is not None and status in framework.statuses:
        return framework.statuses[status]
    return all_statuses().get(status, status)


def all_statuses() -> dict[str, str]:
    """Every registered framework's statuses, code → label."""
    return {code: label for framework in _frameworks.values() for code, label in framework.statuses.items()}


def seen_words(person: str) -> str:
    """The chronology's column about the person the review is about: "Child seen", "Adult seen"."""
    return f"{person.capitalize()} seen"


def keys_of(case) -> list[str]:
    """Every framework a case runs under: its own, then any it runs jointly with (cases.FrameworkRun),
    read once per case object."""
    cached = getattr(case, "_framework_keys", None)
    if cached is None:
        joint = [] if case.pk is None else [key for key in case.framework_runs.values_list("framework", flat=True)
                                              if key != case.framework]
        cached = case._framework_keys = [case.framework, *joint]
    return cached


def all_of(case) -> list[Framework]:
    return [_frameworks[key] for key in keys_of(case) if key in _frameworks]


def signers_of(case) -> tuple[str, ...]:
    """The roles whose approvals sign the case's report off: every framework's, once each."""
    return tuple(dict.fromkeys(role for framework in all_of(case) for role in framework.sign_off))


def request_kinds_of(case) -> tuple[str, ...]:
    """The kinds of request its agencies may be sent; empty for every kind."""
    kinds = [framework.request_kinds for framework in all_of(case)]
    if any(not k for k in kinds):
        return ()
    return tuple(dict.fromkeys(kind for group in kinds for kind in group))
