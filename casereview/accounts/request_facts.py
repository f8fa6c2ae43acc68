"""What every signed-in page reads about its person, in one round trip.

A page needs the person's roles (for every permission check), their site roles and unread
notifications (for the navigation), and the id of the latest audited change (for what is kept
between requests, audit.kept). Asked one by one these are four queries on every page; on
PostgreSQL each costs a network round trip and a plan, more than the work itself. One UNION
ALL of the four answers them together, on SQLite and PostgreSQL alike.

The answers are kept on the user object for the rest of the request, as each question's own
cache did before; a service that changes one of them clears it (see `forget`).
"""

from __future__ import annotations

from django.db import connection

from casereview.audit.models import CHANGES, AuditEvent
from casereview.notifications.models import Notification
from casereview.partnerships.models import RoleAssignment, SiteRoleAssignment

ROLE, SITE_ROLE, UNREAD, LAST_CHANGE = 1, 2, 3, 4
KEPT = ("_roles_by_partnership", "_site_roles", "_unread_notifications", "_partnerships_with_roles")


def _sql() -> str:
    roles, site_roles = RoleAssignment._meta.db_table, SiteRoleAssignment._meta.db_table
    notifications, audit = Notification._meta.db_table, AuditEvent._meta.db_table
    changes = ", ".join(["%s"] * len(CHANGES))
    # Only table names from the models are written into the text; every value is a parameter.
    return (
        f"SELECT {ROLE}, partnership_id, role FROM {roles} WHERE person_id = %s "  # noqa: S608
        f"UNION ALL SELECT {SITE_ROLE}, NULL, role FROM {site_roles} WHERE person_id = %s "
        f"UNION ALL SELECT {UNREAD}, COUNT(*), NULL FROM {notifications} WHERE recipient_id = %s AND read_at IS NULL "
        f"UNION ALL SELECT {LAST_CHANGE}, MAX(id), NULL FROM {audit} WHERE action IN ({changes})"
    )


def load(user) -> None:
    """Read the four answers and keep them on `user` (a signed-in, active person)."""
    from casereview.audit.kept import note_last_change

    roles: dict[int, set[str]] = {}
    site_roles: set[str] = set()
    unread, last_change = 0, 0
    with connection.cursor() as cursor:
        cursor.execute(_sql(), [user.pk, user.pk, user.pk, *sorted(CHANGES)])
        for kind, number, word in cursor.fetchall():
            if kind == ROLE:
                roles.setdefault(number, set()).add(word)
            elif kind == SITE_ROLE:
                site_roles.add(word)
            elif kind == UNREAD:
                unread = number or 0
            else:
                last_change = number or 0
    user._roles_by_partnership, user._site_roles, user._unread_notifications = roles, site_roles, unread
    note_last_change(last_change)


def forget(user) -> None:
    """This request changed the person's roles or notifications: read them again when next asked."""
    for name in KEPT:
        user.__dict__.pop(name, None)
