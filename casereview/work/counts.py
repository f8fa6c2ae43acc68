"""The count of waiting work in the navigation, kept for a minute and forgotten on any change.

Every change is audited, and audit_record calls work_changed(): the generation moves on and
every kept count is stale at once. With several server processes, each keeps its own cache, so
a count seen elsewhere can be up to a minute old; the "Your work" page always counts afresh.
"""

from __future__ import annotations

from django.core.cache import cache

GENERATION = "work-count-generation"
KEEP_SECONDS = 60


def _key(person_id: int) -> str:
    return f"work-count:{cache.get_or_set(GENERATION, 0)}:{person_id}"


def kept_count(person_id: int) -> int | None:
    return cache.get(_key(person_id))


def keep_count(person_id: int, count: int) -> None:
    cache.set(_key(person_id), count, KEEP_SECONDS)


def work_changed() -> None:
    try:
        cache.incr(GENERATION)
    except ValueError:
        cache.set(GENERATION, 1)


def kept(name: str, parts: tuple, compute, seconds: int = 300):
    """A value worked out from the database, kept until any audited change (or `seconds`).

    For figures a page recomputes on every view although they change only when someone changes
    something: a chronology's timeline over 24,000 entries, its agencies, its length."""
    key = f"kept:{name}:{cache.get_or_set(GENERATION, 0)}:" + ":".join(str(p) for p in parts)
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, seconds)
    return value
