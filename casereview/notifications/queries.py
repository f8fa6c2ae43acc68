"""A person's notifications, grouped by case and kind, so sixty "Case moved on" rows read as one."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.utils import timezone

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
