"""What the stage checklist on a case's page shows beside each expected document: the files that
answer it. The case documents live in an app above the case engine, which registers itself here
from AppConfig.ready(), so the engine imports none of it (ADR 0028)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from casereview.cases.models import Case
    from casereview.process.models import Stage


@dataclass(frozen=True)
class HeldFile:
    title: str
    href: str  # the document's page
    state: str  # its latest version's scan, in words
    ready: bool  # a version passed the scan and can be downloaded


@dataclass(frozen=True)
class Source:
    # (case, stage, person looking) -> expected document -> the files answering it they may see
    held: Callable[[Case, Stage, object], dict[str, list[HeldFile]]]
    # (case, stage, expected document, person looking) -> where they upload its file; None if they may not
    upload_href: Callable[[Case, Stage, str, object], str | None]


_source: list[Source] = []


def register(source: Source) -> None:
    _source[:] = [source]


def held(case: Case, stage: Stage, user) -> dict[str, list[HeldFile]]:
    return _source[0].held(case, stage, user) if _source else {}


def upload_href(case: Case, stage: Stage, document: str, user) -> str | None:
    return _source[0].upload_href(case, stage, document, user) if _source else None
