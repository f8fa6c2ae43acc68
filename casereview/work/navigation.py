"""What the navigation shows a person: their count of waiting work, unread notifications, and the
links their roles open. It reads from every app, so it lives here, above them, and reaches the
layout through template globals registered in WorkConfig.ready() (ADR 0028)."""

from __future__ import annotations

from django.utils import timezone

from casereview.audit.kept import kept
from casereview.notifications.queries import unread_count
from casereview.partnerships.access import has_site_capability, partnership_ids_where, partnerships_where
from casereview.work.counts import keep_count, kept_count
from casereview.work.queries import hub_partnerships, work_count


def waiting(user) -> int:
    """How many things wait on "Your work". Kept for a minute, so every page does not gather the
    whole list; the page itself always counts afresh, and any change anyone makes clears it."""
    if not hasattr(user, "_work_count"):
        count = kept_count(user.pk)
        if count is None:
            count = work_count(user, timezone.localdate())
            keep_count(user.pk, count)
        user._work_count = count
    return user._work_count


def links(user) -> dict:
    """Which links the navigation draws, from the person's roles: kept until the next audited
    change (every grant or removal of a role is one). The pages still check every permission."""
    def work_out() -> dict:
        hubs = hub_partnerships(user)
        return {"hub_slug": hubs[0].slug if hubs else None,
                "running_cases": [p.slug for p in partnerships_where(user, "manage_case_lifecycle")],
                "can_refer": bool(partnership_ids_where(user, "refer_case")),
                "installation": has_site_capability(user, "close_accounts")}

    if not hasattr(user, "_navigation"):
        user._navigation = kept("navigation", (user.pk,), work_out, seconds=300)
    return user._navigation


def unread(user) -> int:
    return unread_count(user)
