"""What differs between the kinds of file the worker makes: who may have it, what it is called,
where the person came from, and how it is made. Everything else (progress, expiry, audit,
download) is the same for every kind (ADR 0020).

The apps that own the information register their kinds from AppConfig.ready() (the merged
chronology from contributions, the yearly report from learning), so this app, below them, knows
none of them (ADR 0028)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from casereview.exports.models import Export


@dataclass(frozen=True)
class Description:
    noun: str  # "the merged chronology", in sentences such as "Downloaded … as PDF"
    unit: str  # what `done` and `total` count
    size: str  # for the audit record and the finished page: "24,000 entries"
    back_text: str
    back_href: str
    caption: str
    file_name: str
    sensitive: bool  # holds details of a child and family
    made_in_parts: bool = False  # a PDF joined from parts, so untagged: the page offers the other formats
    # What the audit record keeps to word the noun and size when shown (exports.wording): a count,
    # and the period of figures over one.
    count: int = 0
    period: tuple = ()


@dataclass(frozen=True)
class Kind:
    kind: str  # an Export.Kind value
    # Whether the person may still have this file: checked when it is asked for, made and fetched.
    allowed: Callable[[Export, object], bool]
    describe: Callable[[Export], Description]
    # Writes the file to the path given; returns how many entries (or steps) it took. Raises
    # PermissionDenied when the person's access ended after they asked.
    build: Callable[[Export, Path], int]


_kinds: dict[str, Kind] = {}


def register(kind: Kind) -> None:
    if kind.kind not in Export.Kind.values:
        raise ValueError(f"{kind.kind!r} is not one of Export.Kind")
    _kinds[kind.kind] = kind


def kind_of(export: Export) -> Kind:
    try:
        return _kinds[export.kind]
    except KeyError:
        raise LookupError(f"No app registered the export kind {export.kind!r}") from None


def counted(n: int, one: str, many: str) -> str:
    return f"{n:,} {one if n == 1 else many}"


def allowed(export: Export, person) -> bool:
    return kind_of(export).allowed(export, person)


def describe(export: Export) -> Description:
    return kind_of(export).describe(export)
