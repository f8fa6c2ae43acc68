"""What the library reads of partnerships' own learning: findings coded with themes and the
improvement actions that answer them. The learning app, above the library, gives these from its
AppConfig.ready() (ADR 0028); without it the library simply has no local learning to compare."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class LocalLearning:
    # {case id: the themes of its findings}, for the partnerships given
    case_themes: Callable[[list[int]], dict[int, set[str]]]
    # the partnerships' improvement actions answering a finding with this theme
    actions_with_theme: Callable[[str, list[int]], list]
    # (text, themes) of every finding coded with themes: the suggester learns from them
    coded_findings: Callable[[], list[tuple[str, list[str]]]]
    # how many findings are coded with themes
    coded_count: Callable[[], int]


_NONE = LocalLearning(lambda ids: {}, lambda slug, ids: [], lambda: [], lambda: 0)
_given: LocalLearning = _NONE


def give(source: LocalLearning) -> None:
    global _given
    _given = source


def local() -> LocalLearning:
    return _given
