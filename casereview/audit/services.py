"""Writing audit events. Every service that changes something calls audit_record in its transaction."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.http import HttpRequest

from casereview.audit.client import client_ip
from casereview.audit.models import Action, AuditEvent


def audit_record(
    *,
    action: Action | str,
    actor=None,
    request: HttpRequest | None = None,
    target: models.Model | None = None,
    summary: str = "",
    changes: dict[str, Any] | None = None,
    partnership=None,
    partnership_id: int | None = None,
    case=None,
) -> AuditEvent:
    if actor is None and request is not None and getattr(request, "user", None) is not None:
        actor = request.user if request.user.is_authenticated else None
    return AuditEvent.objects.create(
        action=action,
        actor=actor,
        actor_label=actor.full_name if actor is not None else "",
        object_type=target._meta.label if target is not None else "",
        object_id=str(target.pk) if target is not None else "",
        summary=summary[:500],
        changes=changes or {},
        partnership_id=partnership.pk if partnership is not None else partnership_id,
        case=case,
        ip_address=client_ip(request) if request is not None else None,
    )


def field_changes(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """{field: [old, new]} for the fields that changed; values as text."""
    return {
        key: [None if before.get(key) is None else str(before.get(key)), None if value is None else str(value)]
        for key, value in after.items()
        if before.get(key) != value
    }
