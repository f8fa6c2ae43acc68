"""The review frameworks the case engine runs (ADR 0033). A framework brings its own tables: the
transitions a case can take, the step each status waits for, what leaving each stage checks and
records, and how a case is named. The engine looks them up through the case's `framework`, never
by importing one framework's tables directly.

The children's framework is defined with the lifecycle (cases.lifecycle) and registered by the
cases app's `AppConfig.ready()`; frameworks for other kinds of review register from their own apps' `AppConfig.ready()`, above the
engine (ADR 0028)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

CHILDREN = "children"


@dataclass(frozen=True)
class Framework:
    key: str
    label: str
    transitions: Mapping[str, Any]  # name → cases.lifecycle.Transition
    next_step: Mapping[str, str]  # status → the name of the transition it waits for
    stage_exit: Mapping[str, Any]  # milestone → cases.lifecycle.StageExit
    pseudonym: Callable[[str, int], str]  # (letters from the year's count, year) → "Child A (2026)"


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
