"""Who may see and do what on a case. Partnership roles come from partnerships.access;
membership of the case is what opens it to lead reviewers and agency representatives."""

import rules

from casereview.cases import frameworks
from casereview.partnerships.access import has_capability
from casereview.partnerships.access import signed_in_fully as _verified


def has_capability_on(user, case, capability: str) -> bool:
    """The capability on this case: a role bound to any of the case's frameworks counts."""
    return any(has_capability(user, case.partnership_id, capability, key) for key in frameworks.keys_of(case))


def is_member(user, case) -> bool:
    cache = getattr(user, "_case_membership_cache", None)
    if cache is None:
        cache = user._case_membership_cache = {}
    if case.pk not in cache:
        cache[case.pk] = case.memberships.filter(person=user).exists()
    return cache[case.pk]


@rules.predicate
def can_view_case(user, case) -> bool:
    if case is None or not _verified(user):
        return False
    if has_capability_on(user, case, "view_all_cases"):
        return True
    return has_capability_on(user, case, "view_member_cases") and is_member(user, case)


@rules.predicate
def can_view_identity(user, case) -> bool:
    if case is None or not _verified(user):
        return False
    if has_capability(user, case.partnership_id, "view_identity_all"):
        return True
    return has_capability(user, case.partnership_id, "view_identity_member") and is_member(user, case)


@rules.predicate
def can_manage_members(user, case) -> bool:
    return case is not None and _verified(user) and has_capability(user, case.partnership_id, "manage_case_members")


@rules.predicate
def can_view_access_log(user, case) -> bool:
    return case is not None and _verified(user) and has_capability(user, case.partnership_id, "view_case_access_log")


rules.add_perm("cases.view_case", can_view_case)
rules.add_perm("cases.view_identity", can_view_identity)
rules.add_perm("cases.manage_members", can_manage_members)
rules.add_perm("cases.view_access_log", can_view_access_log)


@rules.predicate
def can_manage_lifecycle(user, case) -> bool:
    return (case is not None and _verified(user)
            and has_capability(user, case.partnership_id, "manage_case_lifecycle"))


@rules.predicate
def can_take_a_step(user, case) -> bool:
    """Any lifecycle step at all: the business unit's, or the partners' decision."""
    return case is not None and _verified(user) and any(
        has_capability_on(user, case, capability)
        for capability in ("manage_case_lifecycle", "record_decision", "record_sar_decision", "record_dar_decision"))


rules.add_perm("cases.manage_lifecycle", can_manage_lifecycle)
rules.add_perm("cases.take_step", can_take_a_step)
