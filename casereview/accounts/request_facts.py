"""What every signed-in page reads about its person, in one round trip.

A page needs the person's roles (for every permission check), their site roles and unread
notifications (for the navigation), and the id of the latest audited change (for what is kept
between requests, audit.kept). Asked one by one these are four queries on every page; on
PostgreSQL each costs a network round trip and a plan, more than the work itself. One UNION
ALL answers them together, on SQLite and PostgreSQL alike.

Each part belongs to the app whose table it reads and is registered from that app's
AppConfig.ready() (roles by partnerships, unread notifications by notifications): accounts, in
the foundation, knows none of them (ADR 0028). The latest change is this module's own part.

The answers are kept on the user object for the rest of the request; a service that changes one
of them clears it (see `forget`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection

from casereview.audit.kept import note_last_change
from casereview.audit.models import CHANGES, AuditEvent


@dataclass(frozen=True)
class Fact:
    """One part of the query. `sql(part)` selects rows of (part, number, word), with `part` as its
    first column and %s for each of `parameters(user)`; `keep(user, rows)` puts the part's rows
    (perhaps none) on the user, under the names in `attributes`."""

    name: str
    sql: Callable[[int], str]
    parameters: Callable[[object], list]
    keep: Callable[[object, list[tuple]], None]
    attributes: tuple[str, ...] = ()


_facts: dict[str, Fact] = {}


def register(fact: Fact) -> None:
    _facts[fact.name] = fact


def _last_change_sql(part: int) -> str:
    # Only the table's name from its model is written into the text; every value is a parameter.
    return (f"SELECT {part}, MAX(id), NULL FROM {AuditEvent._meta.db_table} "  # noqa: S608
            f"WHERE action IN ({', '.join(['%s'] * len(CHANGES))})")


register(Fact("last_change", _last_change_sql, lambda user: sorted(CHANGES),
              lambda user, rows: note_last_change(rows[0][1] or 0 if rows else 0)))


def load(user) -> None:
    """Read every registered part and keep the answers on `user` (a signed-in, active person)."""
    facts = list(_facts.values())
    sql = " UNION ALL ".join(fact.sql(part) for part, fact in enumerate(facts))
    parameters = [value for fact in facts for value in fact.parameters(user)]
    rows: dict[int, list[tuple]] = {part: [] for part in range(len(facts))}
    with connection.cursor() as cursor:
        cursor.execute(sql, parameters)
        for part, number, word in cursor.fetchall():
            rows[part].append((part, number, word))
    for part, fact in enumerate(facts):
        fact.keep(user, rows[part])


def forget(user) -> None:
    """This request changed the person's roles or notifications: read them again when next asked."""
    for fact in _facts.values():
        for name in fact.attributes:
            user.__dict__.pop(name, None)
