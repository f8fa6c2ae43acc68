"""Writes about cases. Issue-sized for now: membership; the lifecycle arrives with the process pack."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest

from casereview.accounts.models import User
from casereview.audit.models import Action
from casereview.audit.services import audit_record
from casereview.cases.models import Case, CaseMembership, CaseRole
from casereview.partnerships.models import Role, RoleAssignment

# Which partnership role a person needs for each role on a case.
_NEEDS = {CaseRole.LEAD_REVIEWER: Role.LEAD_REVIEWER, CaseRole.AGENCY_REPRESENTATIVE: Role.AGENCY_REPRESENTATIVE}


def eligible_members(case: Case, role: str):
    return User.objects.filter(
        is_active=True,
        role_assignments__partnership=case.partnership,
        role_assignments__role=_NEEDS[CaseRole(role)],
    ).exclude(case_memberships__case=case).select_related("agency").distinct().order_by("full_name")


@transaction.atomic
def case_member_add(*, case: Case, person: User, role: str, by: User, request: HttpRequest | None = None) -> CaseMembership:
    if not by.has_perm("cases.manage_members", case):
        raise PermissionDenied
    case = Case.objects.select_for_update().get(pk=case.pk)
    if role not in CaseRole.values:
        raise ValidationError({"role": "Choose a role on the case"})
    if not person.is_active or not RoleAssignment.objects.filter(
        person=person, partnership=case.partnership, role=_NEEDS[CaseRole(role)]
    ).exists():
        raise ValidationError({"person": "Choose someone who holds that role in this partnership"})
    if CaseMembership.objects.filter(case=case, person=person).exists():
        raise ValidationError({"person": "That person is already on this case"})
    membership = CaseMembership.objects.create(case=case, person=person, role=role, added_by=by)
    audit_record(action=Action.CREATE, actor=by, request=request, target=membership, case=case,
                 partnership=case.partnership, summary=f"{person.full_name} added as {membership.get_role_display()}")
    return membership


@transaction.atomic
def case_member_remove(*, membership: CaseMembership, by: User, request: HttpRequest | None = None) -> None:
    case = membership.case
    if not by.has_perm("cases.manage_members", case):
        raise PermissionDenied
    summary = f"{membership.person.full_name} removed ({membership.get_role_display()})"
    membership.delete()
    audit_record(action=Action.DELETE, actor=by, request=request, target=case, case=case,
                 partnership=case.partnership, summary=summary)
