"""Writes about partnerships and people: invitations, joining, roles and leaving."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from casereview.accounts import request_facts
from casereview.accounts.models import User
from casereview.accounts.sessions import end_all_sessions
from casereview.audit.models import Action
from casereview.audit.services import audit_record
from casereview.govuk.formatting import format_date
from casereview.govuk.wording import problem
from casereview.once.mail import Email, deliver_once
from casereview.partnerships.access import (
    DIRECT,
    TWO_PERSON,
    grant_kind,
    has_capability,
    has_site_capability,
    roles_in,
)
from casereview.partnerships.models import Agency, Invitation, Partnership, Role, RoleAssignment, RoleProposal
from casereview.partnerships.signals import role_decided, role_proposed, roles_withdrawn


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _require(user, partnership: Partnership, capability: str) -> None:
    if not has_capability(user, partnership.pk, capability):
        raise PermissionDenied


@transaction.atomic
def invitation_create(
    *, partnership: Partnership, email: str, full_name: str, agency: Agency, roles: list[str], by: User,
) -> Invitation:
    """Invites a person. Roles the inviter may grant alone come with the invitation; sensitive ones
    become proposals that a second person confirms once the invitation has been accepted."""
    _require(by, partnership, "manage_people")
    if agency.partnership_id != partnership.pk:
        raise ValidationError({"agency": problem("Choose an agency in this partnership", "choose_an_agency_in_this")})
    unknown = set(roles) - set(Role.values)
    if not roles or unknown:
        raise ValidationError({"roles": problem("Choose at least one role", "choose_at_least_one_role")})
    by_roles = _roles_of(by, partnership)
    refused = sorted(Role(r).label.lower() for r in roles if grant_kind(by_roles, r) is None)
    if refused:
        raise ValidationError({"roles": problem("You cannot give the role of %(refused)s",
                                                "you_cannot_give_the_role", refused=', '.join(refused))})
    direct = sorted(r for r in set(roles) if grant_kind(by_roles, r) == DIRECT)
    proposed = sorted(r for r in set(roles) if grant_kind(by_roles, r) == TWO_PERSON)
    email = email.strip().lower()
    if email == by.email.lower():
        raise ValidationError({"email": problem("You cannot invite yourself: ask a colleague to give you a role",
                                                "you_cannot_invite_yourself_ask")})
    # A newer invitation replaces any unused one to the same address.
    Invitation.objects.filter(partnership=partnership, email=email, accepted_at=None, revoked_at=None).update(
        revoked_at=timezone.now()
    )
    invitation = Invitation.objects.create(
        partnership=partnership, email=email, full_name=full_name.strip(), agency=agency, roles=direct,
        created_by=by, expires_at=timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS),
    )
    for role in proposed:
        RoleProposal.objects.create(partnership=partnership, invitation=invitation, role=role, proposed_by=by,
                                    reason="")
    audit_record(action=Action.CREATE, actor=by, target=invitation, partnership=partnership,
                 code="partnerships.invitation_created", changes={"roles": direct, "proposed_roles": proposed,
                                                        "agency": agency.name})
    from casereview.partnerships.tasks import send_invitation

    transaction.on_commit(lambda: send_invitation.enqueue(invitation.pk))
    return invitation


def _roles_of(user: User, partnership: Partnership) -> set[str]:
    return set(RoleAssignment.objects.filter(person=user, partnership=partnership).values_list("role", flat=True))


@transaction.atomic
def invitation_send(*, invitation_id: int) -> bool:
    """Makes a fresh link and emails it. Runs in the task worker: the link exists only in the email.

    Each sending (first, or again after a resend) is one delivery, so a task run twice sends once."""

    invitation = Invitation.objects.filter(pk=invitation_id).only("expires_at").first()
    if invitation is None:
        return False

    def build() -> Email | None:
        current = (Invitation.objects.select_for_update().select_related("partnership")
                   .filter(pk=invitation_id).first())
        if (current is None or current.accepted_at or current.revoked_at
                or current.expires_at <= timezone.now()):
            return None
        token = secrets.token_urlsafe(32)
        current.token_hash = token_hash(token)
        current.sent_at = timezone.now()
        current.save(update_fields=["token_hash", "sent_at"])
        link = settings.SITE_URL + reverse("invitations:accept", args=[token])
        expires = format_date(current.expires_at)
        return Email(
            to=current.email,
            subject=f"You have been invited to {settings.SERVICE_NAME}",
            body=(f"{current.partnership.name} has invited you to use {settings.SERVICE_NAME}.\n\n"
                  f"Use this link to set up your account. It works once and expires on {expires}:\n\n{link}\n\n"
                  "If you did not expect this email, you can ignore it.\n"),
            kind="invitation")

    # A resend moves the expiry on, which makes it a new sending.
    generation = int(invitation.expires_at.timestamp())
    return deliver_once(f"invitation:{invitation_id}:{generation}", build, same_content=False)


@transaction.atomic
def invitation_resend(*, invitation: Invitation, by: User) -> None:
    _require(by, invitation.partnership, "manage_people")
    if invitation.accepted_at or invitation.revoked_at:
        raise problem("This invitation has already been used or withdrawn", "this_invitation_has_already_been")
    invitation.expires_at = timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS)
    invitation.save(update_fields=["expires_at"])
    audit_record(action=Action.UPDATE, actor=by, target=invitation,
                 partnership=invitation.partnership, code="partnerships.invitation_resent")
    from casereview.partnerships.tasks import send_invitation

    transaction.on_commit(lambda: send_invitation.enqueue(invitation.pk))


@transaction.atomic
def invitation_revoke(*, invitation: Invitation, by: User) -> None:
    _require(by, invitation.partnership, "manage_people")
    locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if locked.accepted_at or locked.revoked_at:
        return
    locked.revoked_at = timezone.now()
    locked.save(update_fields=["revoked_at"])
    audit_record(action=Action.UPDATE, actor=by, target=locked, partnership=locked.partnership,
                 code="partnerships.invitation_withdrawn")


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
def invitation_accept(*, token: str, password: str | None, signed_in: User | None = None) -> tuple[User, bool]:
    """Creates the account, or adds the roles to an existing one. Returns (person, is_new).

    An existing account takes on new roles only when its owner is signed in: a link in an inbox
    must not be enough to change what someone else's account can do."""
    found = invitation_for_token(token)
    if found is None:
        raise problem("This link has expired or has already been used", "this_link_has_expired_or")
    invitation = Invitation.objects.select_for_update().get(pk=found.pk)
    if invitation.accepted_at or invitation.revoked_at:
        raise problem("This link has expired or has already been used", "this_link_has_expired_or")
    user = User.objects.filter(email__iexact=invitation.email).first()
    is_new = user is None
    if is_new:
        if not password:
            raise problem("Enter a password", "enter_a_password")
        user = User.objects.create_user(email=invitation.email, full_name=invitation.full_name,
                                        password=password, agency=invitation.agency)
    elif not user.is_active:
        raise problem("This account has been closed. Contact the business unit", "this_account_has_been_closed")
    elif signed_in is None or signed_in.pk != user.pk:
        raise problem("Sign in to your account to accept this invitation", "sign_in")
    # Roles are granted as their sender may grant them today: an invitation sent before the two-person
    # rule, or by someone who has since lost the right, brings a sensitive role only as a proposal.
    sender_roles = _roles_of(invitation.created_by, invitation.partnership)
    for role in invitation.roles:
        if invitation.bootstrap or grant_kind(sender_roles, role) == DIRECT:
            RoleAssignment.objects.get_or_create(person=user, partnership=invitation.partnership, role=role,
                                                 defaults={"granted_by": invitation.created_by})
        elif not invitation.proposals.filter(role=role).exists():
            RoleProposal.objects.create(partnership=invitation.partnership, invitation=invitation, role=role,
                                        proposed_by=invitation.created_by, reason="")
    waiting = list(invitation.proposals.filter(outcome=RoleProposal.Outcome.WAITING))
    for proposal in waiting:
        proposal.person = user
        proposal.save(update_fields=["person"])
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.token_hash = ""
    invitation.save(update_fields=["accepted_at", "accepted_by", "token_hash"])
    audit_record(action=Action.CREATE if is_new else Action.UPDATE, actor=user, target=user,
                 partnership=invitation.partnership, code="partnerships.invitation_accepted",
                 changes={"roles": invitation.roles, "proposed_roles": [p.role for p in waiting]})
    for proposal in waiting:
        transaction.on_commit(lambda proposal=proposal: role_proposed.send(sender=RoleProposal, proposal=proposal))
    from casereview.partnerships.signals import invitation_accepted

    invitation_accepted.send(sender=Invitation, invitation=invitation, person=user)
    return user, is_new


def _withdraw_roles(*, person: User, partnership: Partnership, roles: set[str], by: User, reason: str) -> None:
    """Takes roles away and tells the apps downstream (approvals given in a role go with it)."""
    if not roles:
        return
    RoleAssignment.objects.filter(person=person, partnership=partnership, role__in=roles).delete()
    RoleProposal.objects.filter(partnership=partnership, person=person, role__in=roles,
                                outcome=RoleProposal.Outcome.WAITING).update(
        outcome=RoleProposal.Outcome.WITHDRAWN, decided_by=by, decided_at=timezone.now())
    roles_withdrawn.send(sender=RoleAssignment, person=person, partnership=partnership, roles=set(roles), by=by,
                         reason=reason)
    request_facts.forget(person)


@transaction.atomic
def person_remove_from_partnership(*, person: User, partnership: Partnership, by: User) -> set[str]:
    """A leaver: takes away every role the person holds in this partnership, and only here. Their
    account, and their roles in any other partnership, are not this partnership's to close."""
    _require(by, partnership, "manage_people")
    if person.pk == by.pk:
        raise problem("You cannot remove yourself: ask a colleague", "you_cannot_remove_yourself_ask")
    current = _roles_of(person, partnership)
    if not current:
        raise PermissionDenied
    by_roles = _roles_of(by, partnership)
    beyond = sorted(Role(r).label.lower() for r in current if grant_kind(by_roles, r) is None)
    if beyond:
        raise problem("Only someone who can give the role of %(beyond)s can remove it",
                      "only_someone_who_can_give", beyond=', '.join(beyond))
    _withdraw_roles(person=person, partnership=partnership, roles=current, by=by,
                    reason="removed")
    audit_record(action=Action.STATE_CHANGE, actor=by, target=person, partnership=partnership,
                 code="partnerships.removed",
                 changes={"roles": [sorted(current), []]})
    return current


@transaction.atomic
def account_close(*, person: User, by: User, reason: str) -> int:
    """Closes an account everywhere and ends every session: the installation administrator's act.
    Returns how many sessions ended. Each partnership the person worked in sees it in its audit log."""
    if not has_site_capability(by, "close_accounts"):
        raise PermissionDenied
    if person.pk == by.pk:
        raise problem("You cannot close your own account", "you_cannot_close_your_own")
    if not reason.strip():
        raise ValidationError({"reason": problem("Say why the account is being closed", "say_why_the_account_is")})
    locked = User.objects.select_for_update().get(pk=person.pk)
    if not locked.is_active:
        return 0
    held: dict[int, set[str]] = {}
    for partnership_id, role in RoleAssignment.objects.filter(person=locked).values_list("partnership_id", "role"):
        held.setdefault(partnership_id, set()).add(role)
    for partnership in Partnership.objects.filter(pk__in=held):
        _withdraw_roles(person=locked, partnership=partnership, roles=held[partnership.pk], by=by,
                        reason="account_closed")
        audit_record(action=Action.STATE_CHANGE, actor=by, target=locked, partnership=partnership,
                     code="partnerships.account_closed_here", params={"reason": reason.strip()[:200]})
    locked.is_active = False
    locked.deactivated_at = timezone.now()
    locked.deactivated_by = by
    locked.save(update_fields=["is_active", "deactivated_at", "deactivated_by"])
    ended = end_all_sessions(locked)
    audit_record(action=Action.STATE_CHANGE, actor=by, target=locked, shared=True,
                 code="partnerships.account_closed", params={"sessions": ended, "reason": reason.strip()[:200]})
    return ended


@transaction.atomic
def person_set_roles(
    *, person: User, partnership: Partnership, roles: list[str], by: User, reason: str = "",
) -> dict[str, set[str]]:
    """Changes a colleague's roles as far as the granter may (partnerships.access.GRANTS): roles the
    granter gives alone are granted, sensitive ones proposed, removals made. Returns what happened:
    {"granted", "proposed", "removed"}. Nobody changes their own roles."""
    _require(by, partnership, "manage_people")
    if person.pk == by.pk:
        raise ValidationError({"roles": problem("You cannot change your own roles: ask a colleague who manages people",
                                                "you_cannot_change_your_own")})
    if not person.is_active:
        raise ValidationError({"roles": problem("This account is closed", "this_account_is_closed")})
    unknown = set(roles) - set(Role.values)
    if unknown:
        raise ValidationError({"roles": problem("Choose roles from the list", "choose_roles_from_the_list")})
    current = _roles_of(person, partnership)
    wanted = set(roles)
    by_roles = _roles_of(by, partnership)
    beyond = sorted(Role(r).label.lower() for r in (wanted ^ current) if grant_kind(by_roles, r) is None)
    if beyond:
        raise ValidationError({"roles": problem("You cannot give or take away the role of %(beyond)s",
                                                "you_cannot_give_or_take", beyond=', '.join(beyond))})
    added = wanted - current
    granted = {r for r in added if grant_kind(by_roles, r) == DIRECT}
    proposed = added - granted
    removed = current - wanted
    if not (added or removed):
        raise ValidationError({"roles": problem("Nothing has changed", "nothing_has_changed")}, code="unchanged")
    for role in granted:
        RoleAssignment.objects.create(person=person, partnership=partnership, role=role, granted_by=by)
    request_facts.forget(person)
    _withdraw_roles(person=person, partnership=partnership, roles=removed, by=by,
                    reason="roles_changed")
    made = []
    for role in sorted(proposed):
        if RoleProposal.objects.filter(partnership=partnership, person=person, role=role,
                                       outcome=RoleProposal.Outcome.WAITING).exists():
            continue
        made.append(RoleProposal.objects.create(partnership=partnership, person=person, role=role, proposed_by=by,
                                                reason=reason.strip()[:300]))
    if granted or removed:
        audit_record(action=Action.UPDATE, actor=by, target=person, partnership=partnership,
                     code="partnerships.roles_changed", changes={"roles": [sorted(current), sorted((current | granted) - removed)]})
    for proposal in made:
        audit_record(action=Action.CREATE, actor=by, target=proposal, partnership=partnership,
                     code="partnerships.role_proposed", params={"role": proposal.role, "name": person.full_name})
        transaction.on_commit(lambda proposal=proposal: role_proposed.send(sender=RoleProposal, proposal=proposal))
    return {"granted": granted, "proposed": {p.role for p in made}, "removed": removed}


def can_decide_proposal(user: User, proposal: RoleProposal) -> bool:
    """A different person from the proposer and the subject, who may grant the role themselves."""
    if proposal.outcome != RoleProposal.Outcome.WAITING or proposal.person_id is None:
        return False
    if user.pk in (proposal.proposed_by_id, proposal.person_id):
        return False
    if not has_capability(user, proposal.partnership_id, "manage_people"):
        return False
    return grant_kind(roles_in(user, proposal.partnership_id), proposal.role) is not None


@transaction.atomic
def role_proposal_decide(*, proposal: RoleProposal, by: User, confirm: bool) -> RoleProposal:
    # Only the proposal row is locked: its person may be empty, and PostgreSQL locks no outer join.
    locked = RoleProposal.objects.select_for_update(of=("self",)).select_related("person", "partnership").get(
        pk=proposal.pk)
    if locked.outcome != RoleProposal.Outcome.WAITING:
        raise problem("This proposal has already been decided", "decided")
    if by.pk == locked.proposed_by_id:
        raise problem("A different person must confirm a role you proposed", "same_person")
    if by.pk == locked.person_id:
        raise problem("You cannot confirm a role for yourself", "same_person")
    if not can_decide_proposal(by, locked):
        raise PermissionDenied
    if confirm and not locked.person.is_active:
        raise problem("This account is closed", "closed")
    locked.outcome = RoleProposal.Outcome.CONFIRMED if confirm else RoleProposal.Outcome.DECLINED
    locked.decided_by, locked.decided_at = by, timezone.now()
    locked.save(update_fields=["outcome", "decided_by", "decided_at"])
    if confirm:
        RoleAssignment.objects.get_or_create(person=locked.person, partnership=locked.partnership, role=locked.role,
                                             defaults={"granted_by": locked.proposed_by})
    audit_record(action=Action.UPDATE, actor=by, target=locked.person,
                 partnership=locked.partnership,
                 code="partnerships.proposal_confirmed" if confirm else "partnerships.proposal_declined",
                 params={"role": locked.role, "name": locked.person.full_name,
                         "proposer": locked.proposed_by.full_name},
                 changes={"role": locked.role, "proposed_by": locked.proposed_by_id})
    transaction.on_commit(lambda: role_decided.send(sender=RoleProposal, proposal=locked))
    return locked


@transaction.atomic
def role_proposal_withdraw(*, proposal: RoleProposal, by: User) -> None:
    _require(by, proposal.partnership, "manage_people")
    locked = RoleProposal.objects.select_for_update().get(pk=proposal.pk)
    if locked.outcome != RoleProposal.Outcome.WAITING:
        return
    if by.pk != locked.proposed_by_id and not can_decide_proposal(by, locked):
        raise PermissionDenied
    locked.outcome, locked.decided_by, locked.decided_at = RoleProposal.Outcome.WITHDRAWN, by, timezone.now()
    locked.save(update_fields=["outcome", "decided_by", "decided_at"])
    audit_record(action=Action.UPDATE, actor=by, target=locked, partnership=locked.partnership,
                 code="partnerships.proposal_withdrawn", params={"role": locked.role})
