"""Writes about partnerships and people: invitations, joining, roles and leaving."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from casereview.accounts.models import User
from casereview.accounts.sessions import end_all_sessions
from casereview.audit.models import Action
from casereview.audit.services import audit_record
from casereview.partnerships.access import CAPABILITIES, has_capability
from casereview.partnerships.models import Agency, Invitation, Partnership, Role, RoleAssignment


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _require(user, partnership: Partnership, capability: str) -> None:
    if not has_capability(user, partnership.pk, capability):
        raise PermissionDenied


@transaction.atomic
def invitation_create(
    *, partnership: Partnership, email: str, full_name: str, agency: Agency, roles: list[str], by: User,
    request: HttpRequest | None = None,
) -> Invitation:
    _require(by, partnership, "manage_people")
    if agency.partnership_id != partnership.pk:
        raise ValidationError({"agency": "Choose an agency in this partnership"})
    unknown = set(roles) - set(Role.values)
    if not roles or unknown:
        raise ValidationError({"roles": "Choose at least one role"})
    if Role.SYSTEM_ADMINISTRATOR in roles and Role.SYSTEM_ADMINISTRATOR not in _roles_of(by, partnership):
        raise ValidationError({"roles": "Only a system administrator can invite a system administrator"})
    email = email.strip().lower()
    # A newer invitation replaces any unused one to the same address.
    Invitation.objects.filter(partnership=partnership, email=email, accepted_at=None, revoked_at=None).update(
        revoked_at=timezone.now()
    )
    invitation = Invitation.objects.create(
        partnership=partnership, email=email, full_name=full_name.strip(), agency=agency, roles=sorted(set(roles)),
        created_by=by, expires_at=timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS),
    )
    audit_record(action=Action.CREATE, actor=by, request=request, target=invitation, partnership=partnership,
                 summary="Invitation created", changes={"roles": invitation.roles, "agency": agency.name})
    from casereview.partnerships.tasks import send_invitation

    transaction.on_commit(lambda: send_invitation.enqueue(invitation.pk))
    return invitation


def _roles_of(user: User, partnership: Partnership) -> set[str]:
    return set(RoleAssignment.objects.filter(person=user, partnership=partnership).values_list("role", flat=True))


@transaction.atomic
def invitation_send(*, invitation_id: int) -> bool:
    """Makes a fresh link and emails it. Runs in the task worker: the link exists only in the email."""
    invitation = Invitation.objects.select_for_update().select_related("partnership").filter(pk=invitation_id).first()
    if invitation is None or invitation.accepted_at or invitation.revoked_at or invitation.expires_at <= timezone.now():
        return False
    token = secrets.token_urlsafe(32)
    invitation.token_hash = token_hash(token)
    invitation.sent_at = timezone.now()
    invitation.save(update_fields=["token_hash", "sent_at"])
    link = settings.SITE_URL + reverse("accounts:accept-invitation", args=[token])
    expires = timezone.localtime(invitation.expires_at).strftime("%-d %B %Y")
    send_mail(
        subject=f"You have been invited to {settings.SERVICE_NAME}",
        message=(
            f"{invitation.partnership.name} has invited you to use {settings.SERVICE_NAME}.\n\n"
            f"Use this link to set up your account. It works once and expires on {expires}:\n\n{link}\n\n"
            "If you did not expect this email, you can ignore it.\n"
        ),
        from_email=None,
        recipient_list=[invitation.email],
    )
    return True


@transaction.atomic
def invitation_resend(*, invitation: Invitation, by: User, request: HttpRequest | None = None) -> None:
    _require(by, invitation.partnership, "manage_people")
    if invitation.accepted_at or invitation.revoked_at:
        raise ValidationError("This invitation has already been used or withdrawn")
    invitation.expires_at = timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS)
    invitation.save(update_fields=["expires_at"])
    audit_record(action=Action.UPDATE, actor=by, request=request, target=invitation,
                 partnership=invitation.partnership, summary="Invitation sent again")
    from casereview.partnerships.tasks import send_invitation

    transaction.on_commit(lambda: send_invitation.enqueue(invitation.pk))


@transaction.atomic
def invitation_revoke(*, invitation: Invitation, by: User, request: HttpRequest | None = None) -> None:
    _require(by, invitation.partnership, "manage_people")
    locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if locked.accepted_at or locked.revoked_at:
        return
    locked.revoked_at = timezone.now()
    locked.save(update_fields=["revoked_at"])
    audit_record(action=Action.UPDATE, actor=by, request=request, target=locked, partnership=locked.partnership,
                 summary="Invitation withdrawn")


def invitation_for_token(token: str) -> Invitation | None:
    """The invitation a link belongs to, if it can still be used."""
    if not token or len(token) > 100:
        return None
    invitation = Invitation.objects.select_related("partnership", "agency").filter(
        token_hash=token_hash(token)).first()
    if invitation is None or invitation.accepted_at or invitation.revoked_at:
        return None
    if invitation.expires_at <= timezone.now():
        return None
    return invitation


@transaction.atomic
def invitation_accept(*, token: str, password: str | None, request: HttpRequest | None = None) -> tuple[User, bool]:
    """Creates the account (or adds the roles to an existing one). Returns (person, is_new)."""
    found = invitation_for_token(token)
    if found is None:
        raise ValidationError("This link has expired or has already been used")
    invitation = Invitation.objects.select_for_update().get(pk=found.pk)
    if invitation.accepted_at or invitation.revoked_at:
        raise ValidationError("This link has expired or has already been used")
    user = User.objects.filter(email__iexact=invitation.email).first()
    is_new = user is None
    if is_new:
        if not password:
            raise ValidationError("Enter a password")
        user = User.objects.create_user(email=invitation.email, full_name=invitation.full_name,
                                        password=password, agency=invitation.agency)
    elif not user.is_active:
        raise ValidationError("This account has been closed. Contact the business unit")
    for role in invitation.roles:
        RoleAssignment.objects.get_or_create(person=user, partnership=invitation.partnership, role=role,
                                             defaults={"granted_by": invitation.created_by})
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.token_hash = ""
    invitation.save(update_fields=["accepted_at", "accepted_by", "token_hash"])
    audit_record(action=Action.CREATE if is_new else Action.UPDATE, actor=user, request=request, target=user,
                 partnership=invitation.partnership, summary="Invitation accepted",
                 changes={"roles": invitation.roles})
    return user, is_new


@transaction.atomic
def person_deactivate(*, person: User, partnership: Partnership, by: User, request: HttpRequest | None = None) -> int:
    """A leaver: closes the account and ends every session at once. Returns how many sessions ended."""
    _require(by, partnership, "manage_people")
    if person.pk == by.pk:
        raise ValidationError("You cannot close your own account")
    if not RoleAssignment.objects.filter(person=person, partnership=partnership).exists():
        raise PermissionDenied
    locked = User.objects.select_for_update().get(pk=person.pk)
    if not locked.is_active:
        return 0
    locked.is_active = False
    locked.deactivated_at = timezone.now()
    locked.deactivated_by = by
    locked.save(update_fields=["is_active", "deactivated_at", "deactivated_by"])
    ended = end_all_sessions(locked)
    audit_record(action=Action.STATE_CHANGE, actor=by, request=request, target=locked, partnership=partnership,
                 summary=f"Account closed; {ended} session(s) ended")
    return ended


@transaction.atomic
def person_set_roles(
    *, person: User, partnership: Partnership, roles: list[str], by: User, request: HttpRequest | None = None
) -> None:
    _require(by, partnership, "manage_people")
    current = _roles_of(person, partnership)
    wanted = set(roles)
    by_roles = _roles_of(by, partnership)
    if (Role.SYSTEM_ADMINISTRATOR in (wanted ^ current)) and Role.SYSTEM_ADMINISTRATOR not in by_roles:
        raise ValidationError({"roles": "Only a system administrator can give or take away that role"})
    if person.pk == by.pk and not wanted & CAPABILITIES["manage_people"]:
        raise ValidationError({"roles": "You cannot take away your own ability to manage people"})
    RoleAssignment.objects.filter(person=person, partnership=partnership, role__in=current - wanted).delete()
    for role in wanted - current:
        RoleAssignment.objects.create(person=person, partnership=partnership, role=role, granted_by=by)
    if current != wanted:
        audit_record(action=Action.UPDATE, actor=by, request=request, target=person, partnership=partnership,
                     summary="Roles changed", changes={"roles": [sorted(current), sorted(wanted)]})
