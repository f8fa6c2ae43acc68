"""Writes about cases outside the lifecycle: who is on it, who owns it, its stage checklist.
Status changes are cases.lifecycle.case_transition's alone."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from casereview.accounts.models import User
from casereview.audit.models import Action
from casereview.audit.services import audit_record
from casereview.cases import frameworks
from casereview.cases.clocks import clocks_recompute
from casereview.cases.models import Case, CaseMembership, CaseRole, CaseStatus, ChecklistTick, FrameworkRun
from casereview.govuk.wording import problem
from casereview.partnerships.access import has_capability
from casereview.partnerships.models import EnabledFramework, Role, RoleAssignment
from casereview.partnerships.queries import enabled_frameworks

# Which partnership role a person needs for each role on a case.
_NEEDS = {CaseRole.LEAD_REVIEWER: Role.LEAD_REVIEWER, CaseRole.AGENCY_REPRESENTATIVE: Role.AGENCY_REPRESENTATIVE}


def eligible_members(case: Case, role: str):
    return User.objects.filter(
        is_active=True,
        role_assignments__partnership=case.partnership,
        role_assignments__role=_NEEDS[CaseRole(role)],
    ).exclude(case_memberships__case=case).select_related("agency").distinct().order_by("full_name")


@transaction.atomic
def case_member_add(*, case: Case, person: User, role: str, by: User) -> CaseMembership:
    if not by.has_perm("cases.manage_members", case):
        raise PermissionDenied
    case = Case.objects.select_for_update().get(pk=case.pk)
    if role not in CaseRole.values:
        raise ValidationError({"role": problem("Choose a role on the case", "choose_a_role_on_the")})
    if not person.is_active or not RoleAssignment.objects.filter(
        person=person, partnership=case.partnership, role=_NEEDS[CaseRole(role)]
    ).exists():
        raise ValidationError({"person": problem("Choose someone who holds that role in this partnership",
                                                 "choose_someone_who_holds_that")})
    if CaseMembership.objects.filter(case=case, person=person).exists():
        raise ValidationError({"person": problem("That person is already on this case", "that_person_is_already_on")})
    membership = CaseMembership.objects.create(case=case, person=person, role=role, added_by=by)
    audit_record(action=Action.CREATE, actor=by, target=membership, case=case,
                 partnership=case.partnership, code="cases.member_added",
                 params={"name": person.full_name, "role": role})
    return membership


@transaction.atomic
def case_member_remove(*, membership: CaseMembership, by: User) -> None:
    case = membership.case
    if not by.has_perm("cases.manage_members", case):
        raise PermissionDenied
    params = {"name": membership.person.full_name, "role": membership.role}
    membership.delete()
    audit_record(action=Action.DELETE, actor=by, target=case, case=case,
                 partnership=case.partnership, code="cases.member_removed", params=params)


@transaction.atomic
def checklist_toggle(*, case: Case, stage, document: str, done: bool, by: User) -> None:
    """Marks an expected document of the case's current stage as done, or not done."""
    if not has_capability(by, case.partnership_id, "manage_case_lifecycle"):
        raise PermissionDenied
    case = Case.objects.select_for_update().get(pk=case.pk)
    if stage.pk != case.stage_id or document not in stage.documents:
        raise problem("That document is not on the checklist for the case's current stage", "that_document_is_not_on")
    if done and document in stage.required:
        raise problem("“%(document)s” must be uploaded to the case: the stage cannot be completed with a tick alone",
                      "required_needs_a_file", document=document)
    if done:
        ChecklistTick.objects.get_or_create(case=case, stage=stage, document=document, defaults={"ticked_by": by})
    else:
        ChecklistTick.objects.filter(case=case, stage=stage, document=document).delete()
    audit_record(action=Action.UPDATE, actor=by, target=case, case=case,
                 partnership=case.partnership,
                 code="cases.document_ticked" if done else "cases.document_unticked",
                 params={"document": document, "stage": stage.name})


def owner_choices(case: Case):
    return User.objects.filter(is_active=True, role_assignments__partnership_id=case.partnership_id,
                               role_assignments__role__in=[Role.BUSINESS_UNIT_MANAGER, Role.BUSINESS_UNIT_OFFICER]
                               ).distinct().order_by("full_name")


@transaction.atomic
def case_owner_set(*, case: Case, owner: User, by: User) -> None:
    if not has_capability(by, case.partnership_id, "manage_case_lifecycle"):
        raise PermissionDenied
    case = Case.objects.select_for_update().get(pk=case.pk)
    if not owner_choices(case).filter(pk=owner.pk).exists():
        raise ValidationError({"owner": problem("Choose someone in the business unit",
                                                "choose_someone_in_the_business")})
    before = case.owner.full_name if case.owner_id else ""
    case.owner = owner
    case.lock_version += 1
    case.save(update_fields=["owner", "lock_version", "updated_at"])
    audit_record(action=Action.UPDATE, actor=by, target=case, case=case,
                 partnership=case.partnership, code="cases.owner_set", params={"name": owner.full_name},
                 changes={"owner": [before, owner.full_name]})


@transaction.atomic
def framework_enable(*, partnership, key: str, by, label: str = "") -> EnabledFramework:
    """Lets a partnership run another review framework: its routes, clocks and checklists are added
    to the process pack, and its roles can be given. A partnership that had enabled nothing ran
    children's reviews, so that is kept on record first."""
    if not has_capability(by, partnership.pk, "manage_process_pack"):
        raise PermissionDenied
    if key not in {f.key for f in frameworks.registered()}:
        raise ValidationError({"key": problem("Select one of the review frameworks", "select_one_of_the_review")})
    already = enabled_frameworks(partnership.pk)
    if key in already and EnabledFramework.objects.filter(partnership=partnership, key=key).exists():
        raise ValidationError({"key": problem("Your partnership already runs these reviews",
                                              "your_partnership_already_runs_these")})
    for earlier in already:
        EnabledFramework.objects.get_or_create(partnership=partnership, key=earlier)
    row, _ = EnabledFramework.objects.update_or_create(partnership=partnership, key=key,
                                                       defaults={"label": label.strip(), "enabled_by": by})
    frameworks.get(key).install(partnership)
    audit_record(action=Action.CREATE, actor=by, target=row, partnership=partnership,
                 code="cases.framework_enabled", params={"framework": key})
    return row


def joint_choices(case: Case) -> list:
    """The frameworks a case could also run under: enabled here, not yet its own."""
    enabled = enabled_frameworks(case.partnership_id)
    have = set(frameworks.keys_of(case))
    return [f for f in frameworks.registered() if f.key in enabled and f.key not in have and f.review_route_kind]


@transaction.atomic
def framework_run_add(*, case: Case, key: str, by, reason: str, started_on) -> FrameworkRun:
    """Runs a review jointly under another framework as well: one chronology, one set of returns and
    one report, with that framework's gates, clocks and sign-off added to the case's own."""
    if not has_capability(by, case.partnership_id, "manage_case_lifecycle"):
        raise PermissionDenied
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.status != CaseStatus.IN_REVIEW:
        raise problem("A review runs jointly once it is under way: record the decision first",
                      "a_review_runs_jointly_once")
    choice = {f.key: f for f in joint_choices(case)}.get(key)
    if choice is None:
        raise ValidationError({"key": problem("Select a kind of review this "
                                              "partnership runs that the case is not "
                                              "already", "select_a_kind_of_review")})
    if not reason.strip():
        raise ValidationError({"reason": problem("Say why the review is held jointly", "say_why_the_review_is")})
    decided = case.milestones.filter(event="decided").values_list("on", flat=True).first()
    if decided is not None and started_on < decided:
        raise ValidationError({"started_on": problem("A joint review cannot start before the decision to review",
                                                     "a_joint_review_cannot_start")})
    run = FrameworkRun.objects.create(case=case, framework=key, route_kind=choice.review_route_kind,
                                      started_on=started_on, reason=reason.strip(), added_by=by)
    case._framework_keys = None
    clocks_recompute(case)
    audit_record(action=Action.CREATE, actor=by, target=run, case=case, partnership=case.partnership,
                 code="cases.joint_run_added", params={"framework": choice.key})
    return run
