import rules

from casereview.partnerships.access import has_capability
from casereview.partnerships.access import signed_in_fully as _verified


@rules.predicate
def can_manage_people(user, partnership) -> bool:
    return partnership is not None and _verified(user) and has_capability(user, partnership.pk, "manage_people")


@rules.predicate
def can_view_audit(user, partnership) -> bool:
    return partnership is not None and _verified(user) and has_capability(user, partnership.pk, "view_audit")


rules.add_perm("partnerships.manage_people", can_manage_people)
rules.add_perm("partnerships.view_audit", can_view_audit)
