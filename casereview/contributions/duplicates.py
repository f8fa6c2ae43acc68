"""Finds entries from different agencies that probably record the same event.

Two entries on the same day from different agencies whose words mostly agree are a likely
duplicate; if they agree on the event but disagree on a fact (the time, or whether the child
was seen) they are a possible conflict. The lead reviewer links or dismisses each flag.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from casereview.contributions.models import ChronologyEntry, DatePrecision, EntryFlag, Submission

SIMILAR = 0.55
_WORD = re.compile(r"[a-z0-9]+")


def _words(text: str) -> str:
    return " ".join(_WORD.findall(text.lower()))


def similarity(a: ChronologyEntry, b: ChronologyEntry) -> float:
    return SequenceMatcher(None, _words(a.event), _words(b.event)).ratio()


def compare(a: ChronologyEntry, b: ChronologyEntry) -> str | None:
    if a.agency_id == b.agency_id or a.on != b.on:
        return None
    if a.precision != DatePrecision.DAY or b.precision != DatePrecision.DAY:
        return None
    if similarity(a, b) < SIMILAR:
        return None
    times_differ = a.at is not None and b.at is not None and a.at != b.at
    seen_differ = "not_known" not in (a.child_seen, b.child_seen) and a.child_seen != b.child_seen
    return EntryFlag.Kind.CONFLICT if times_differ or seen_differ else EntryFlag.Kind.DUPLICATE


def flag_entries(*, case, entries: list[ChronologyEntry]) -> int:
    """Compares newly submitted entries with everything already submitted for the case."""
    days = {e.on for e in entries}
    others = list(ChronologyEntry.objects.filter(case=case, on__in=days, submission__status=Submission.Status.SUBMITTED)
                  .exclude(pk__in=[e.pk for e in entries]))
    by_day: dict = {}
    for other in others:
        by_day.setdefault(other.on, []).append(other)
    new = []
    for entry in entries:
        for other in by_day.get(entry.on, []):
            kind = compare(entry, other)
            if kind:
                first, second = sorted((entry, other), key=lambda e: e.pk)
                new.append(EntryFlag(case=case, first=first, second=second, kind=kind))
    EntryFlag.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)
