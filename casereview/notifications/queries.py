"""A person's notifications, grouped by case and kind, so sixty "Case moved on" rows read as one."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.utils import timezone

from casereview.accounts import request_facts
from casereview.notifications.models import Notification

# How many of the newest notifications the page groups; older ones are counted, not listed.
WINDOW = 500
# A group whose newest message is older than this is folded away under "Older notifications".
RECENT_DAYS = 30


@dataclass
class Group:
    key: str
    case: object
    kind: str
    kind_label: str
    latest: Notification
    earlier: list[Notification] = field(default_factory=list)

    @property
    def unread(self) -> int:
        return sum(1 for n in [self.latest, *self.earlier] if n.read_at is None)

    @property
    def count(self) -> int:
        return 1 + len(self.earlier)

    @property
    def ids(self) -> list[int]:
        return [self.latest.pk, *(n.pk for n in self.earlier)]


def notifications_grouped(user, *, kind: str = "", case: str = "", unread_only: bool = False,
                          now: datetime | None = None) -> dict:
    rows = Notification.objects.filter(recipient=user).select_related("case").order_by("-created_at", "-pk")
    if kind:
        rows = rows.filter(kind=kind)
    if case:
        rows = rows.filter(case__reference__icontains=case.strip())
    if unread_only:
        rows = rows.filter(read_at=None)
    total = rows.count()
    labels = dict(Notification.Kind.choices)
    groups: dict[str, Group] = {}
    for notification in rows[:WINDOW]:
        key = f"{notification.case_id or 0}-{notification.kind}"
        group = groups.get(key)
        if group is None:
            groups[key] = Group(key=key, case=notification.case, kind=notification.kind,
                                kind_label=labels.get(notification.kind, notification.kind), latest=notification)
        else:
            group.earlier.append(notification)
    cutoff = (now or timezone.now()) - timedelta(days=RECENT_DAYS)
    ordered = list(groups.values())
    return {"recent": [g for g in ordered if g.latest.created_at >= cutoff],
            "older": [g for g in ordered if g.latest.created_at < cutoff],
            "total": total, "shown": min(total, WINDOW)}


def unread_count(user) -> int:
    """The navigation's count, read with the other facts every page needs (accounts.request_facts)."""
    if not hasattr(user, "_unread_notifications"):
        request_facts.load(user)
    return user._unread_notifications


def _unread_sql(part: int) -> str:
    return (f"SELECT {part}, COUNT(*), NULL FROM {Notification._meta.db_table} "  # noqa: S608
            "WHERE recipient_id = %s AND read_at IS NULL")


def _keep_unread(user, rows) -> None:
    user._unread_notifications = (rows[0][1] or 0) if rows else 0


UNREAD_FACT = request_facts.Fact("unread_notifications", _unread_sql, lambda user: [user.pk], _keep_unread,
                                 ("_unread_notifications",))
