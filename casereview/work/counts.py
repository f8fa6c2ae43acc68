"""The count of waiting work in the navigation, kept for a minute and forgotten on any change.

Kept under the latest audited change (audit.kept), so a change anyone makes, in any server
process, makes every kept count stale at once. Counts that move with the date alone (a request
falling overdue) can be up to a minute old; the "Your work" page always counts afresh.
"""

from __future__ import annotations

from django.core.cache import cache

from casereview.audit.kept import last_change

KEEP_SECONDS = 60


def _key(person_id: int) -> str:
    return f"work-count:{last_change()}:{person_id}"


def kept_count(person_id: int) -> int | None:
    return cache.get(_key(person_id))


def keep_count(person_id: int, count: int) -> None:
    cache.set(_key(person_id), count, KEEP_SECONDS)
