"""Figures and fragments worked out from the database, kept until the next audited change.

Every change is audited, so the id of the latest change event names the state of the data: a
value kept under that id is right until someone changes something, in this process or any
other. The id is read from the database (an index on change events makes it one lookup) once
per request, and again after this request itself records a change, so a gunicorn worker never
shows a chronology another worker has since changed. Values live in the process's own memory
(the default local-memory cache) and never in a shared cache, since some hold case details.
(ADR 0019)
"""

from __future__ import annotations

import hashlib
import threading
import time
from contextlib import contextmanager

from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import connection

from casereview.audit.models import CHANGES, AuditEvent

_request = threading.local()
# The same condition as the partial index `audit_changes`, so the database reads one index entry.
_LAST_CHANGE_SQL = (f"SELECT MAX(id) FROM {AuditEvent._meta.db_table} "  # noqa: S608 (a model's own table name)
                    f"WHERE action IN ({', '.join(['%s'] * len(CHANGES))})")


def last_change() -> int:
    """The id of the latest audited change: once per request, always afresh outside one."""
    known = getattr(_request, "last_change", None)
    if known is not None:
        return known
    with connection.cursor() as cursor:  # plain SQL: the ORM's own cost was most of this lookup's
        cursor.execute(_LAST_CHANGE_SQL, sorted(CHANGES))
        value = cursor.fetchone()[0] or 0
    if getattr(_request, "active", False):
        _request.last_change = value
    return value


def note_last_change(value: int) -> None:
    """The latest change id, read by another query of this request (accounts.request_facts)."""
    if getattr(_request, "active", False) and getattr(_request, "last_change", None) is None:
        _request.last_change = value


def changed_here() -> None:
    """This request has just recorded a change: its next look at the data must see it."""
    _request.last_change = None


def kept(name: str, parts: tuple, compute, seconds: int = 300):
    """`compute()`, kept until any audited change (or `seconds`).

    For what a page recomputes on every view although it changes only when someone changes
    something: a chronology's timeline over 24,000 entries, its agencies, its length."""
    # Parts may hold what a person typed (a search): hashed, so any text makes a valid key.
    digest = hashlib.sha256("\x1f".join(str(p) for p in parts).encode()).hexdigest()
    key = f"kept:{name}:{last_change()}:{digest}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, seconds)
    return value


@contextmanager
def one_request():
    """Outside a web request (a benchmark, a task), behave as one: read the latest change once."""
    _started()
    try:
        yield
    finally:
        _finished()


_memos: dict[str, tuple[object, object]] = {}


def memo(name: str, compute, *, seconds: int = 300, version: object = None):
    """`compute()` kept in this process's memory (not the cache: no copy on each read, for large
    values such as the library's vector matrix) until the next audited change, `seconds`, or a
    new `version` (for what changes without an audited change, such as a newly trained model)."""
    key = (last_change(), int(time.monotonic() // seconds), version)
    found = _memos.get(name)
    if found is not None and found[0] == key:
        return found[1]
    value = compute()
    _memos[name] = (key, value)
    return value


def forget_memos() -> None:
    """For tests, whose emptied tables give change ids out again."""
    _memos.clear()


def _started(**kwargs) -> None:
    _request.active, _request.last_change = True, None


def _finished(**kwargs) -> None:
    _request.active, _request.last_change = False, None


request_started.connect(_started, dispatch_uid="audit-kept-started")
request_finished.connect(_finished, dispatch_uid="audit-kept-finished")
