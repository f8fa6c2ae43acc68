"""Writing audit events. Every service that changes something calls audit_record in its transaction.

An event says what was done by a code and parameters, worded when shown (govuk.wording.AUDIT):
the app that records a code registers its wording."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.utils import timezone

from casereview.audit.context import current
from casereview.audit.kept import changed_here
from casereview.audit.models import CHANGES, Action, AuditEvent, RefusedAccess


def audit_record(
    *,
    action: Action | str,
    actor=None,
    target: models.Model | None = None,
    code: str,
    params: dict[str, Any] | None = None,
    changes: dict[str, Any] | None = None,
    partnership=None,
    partnership_id: int | None = None,
    case=None,
    shared: bool = False,
) -> AuditEvent:
    if actor is not None and not actor.is_authenticated:
        actor = None  # someone not signed in: a refused sign-in, a public form
    context = current()
    if action in CHANGES:
        changed_here()
    return AuditEvent.objects.create(
        action=action,
        actor=actor,
        actor_label=actor.full_name if actor is not None else "",
        object_type=target._meta.label if target is not None else "",
        object_id=str(target.pk) if target is not None else "",
        code=code,
        params=params or {},
        changes=changes or {},
        partnership_id=partnership.pk if partnership is not None else partnership_id,
        case=case,
        ip_address=context.ip if context is not None else None,
        via=context.via if context is not None else None,
        scope="installation" if shared else None,
    )


def refusal_record(*, person, view_name: str | None) -> None:
    """Counts a refused request against the person, the URL pattern and the hour."""
    if person is None or not person.is_authenticated:
        return
    pattern = (view_name or "unknown")[:120]
    user = person
    now = timezone.now()
    hour = now.replace(minute=0, second=0, microsecond=0)
    updated = RefusedAccess.objects.filter(person=user, url_pattern=pattern, hour=hour).update(
        count=F("count") + 1, last_at=now)
    if not updated:
        try:
            with transaction.atomic():
                RefusedAccess.objects.create(person=user, url_pattern=pattern, hour=hour, last_at=now)
        except IntegrityError:  # another request made the row first
            RefusedAccess.objects.filter(person=user, url_pattern=pattern, hour=hour).update(
                count=F("count") + 1, last_at=now)


def field_changes(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """{field: [old, new]} for the fields that changed; values as text."""
    return {
        key: [None if before.get(key) is None else str(before.get(key)), None if value is None else str(value)]
        for key, value in after.items()
        if before.get(key) != value
    }
