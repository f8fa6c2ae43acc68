"""Issuing, revoking and checking API tokens. A token is 32 random bytes: a SHA-256 digest is
enough to keep it, as nobody can guess a token from its digest or try tokens fast enough to matter
(ADR 0039). Every change is audited; so is every call (casereview.api.endpoints)."""

from __future__ import annotations

import hashlib
import secrets
from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from casereview.api.models import ApiToken, Scope
from casereview.audit.models import Action
from casereview.audit.services import audit_record
from casereview.govuk.wording import problem
from casereview.partnerships.access import has_capability

PREFIX = "csr_"
# How often the last use is written: a busy report reading every minute need not write every call.
LAST_USED_EVERY = timedelta(minutes=1)


def digest_of(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def manages_tokens(user, partnership_id: int) -> bool:
    return has_capability(user, partnership_id, "manage_api_tokens")


@transaction.atomic
def token_issue(*, partnership, by, name: str, scopes: list[str], expires_on: date | None) -> tuple[ApiToken, str]:
    """The new token and its secret, which the caller shows once."""
    if not manages_tokens(by, partnership.pk):
        raise PermissionDenied
    errors = {}
    if not name.strip():
        errors["name"] = problem("Enter who uses the token and for what", "enter_token_name")
    if not scopes or any(s not in Scope.values for s in scopes):
        errors["scopes"] = problem("Select what the token may read", "select_token_scopes")
    if expires_on is not None and expires_on <= timezone.localdate():
        errors["expires_on"] = problem("The expiry date must be in the future", "token_expiry_future")
    if errors:
        raise ValidationError(errors)
    secret = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(partnership=partnership, name=name.strip()[:100], prefix=secret[:12],
                                    digest=digest_of(secret), scopes=sorted(set(scopes)), created_by=by,
                                    expires_on=expires_on)
    audit_record(action=Action.CREATE, actor=by, target=token, partnership=partnership, code="api.token_issued",
                 params={"name": token.name, "scopes": token.scopes})
    return token, secret


@transaction.atomic
def token_revoke(*, token: ApiToken, by) -> ApiToken:
    if not manages_tokens(by, token.partnership_id):
        raise PermissionDenied
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is None:
        token.revoked_at, token.revoked_by = timezone.now(), by
        token.save(update_fields=["revoked_at", "revoked_by"])
        audit_record(action=Action.UPDATE, actor=by, target=token, partnership_id=token.partnership_id,
                     code="api.token_revoked", params={"name": token.name})
    return token


def token_for(secret: str) -> ApiToken | None:
    """The live token this secret is, or None: unknown, revoked and expired tokens are all refused."""
    if not secret.startswith(PREFIX):
        return None
    token = ApiToken.objects.select_related("partnership").filter(digest=digest_of(secret)).first()
    if token is None or token.revoked_at is not None:
        return None
    if token.expires_on is not None and token.expires_on <= timezone.localdate():
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token


def call_record(token: ApiToken, endpoint: str, status: int) -> None:
    audit_record(action=Action.EXPORT, target=token, partnership_id=token.partnership_id, code="api.called",
                 params={"name": token.name, "endpoint": endpoint, "status": status})
