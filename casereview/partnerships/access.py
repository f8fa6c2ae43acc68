"""Which role may do what, per partnership. The single table every permission rule reads.

Deny by default: a capability not listed here for a role is refused. Case-level checks
(membership) live in cases.rules and build on these.
"""

from casereview.partnerships.models import Partnership, Role, RoleAssignment

R = Role

CAPABILITIES: dict[str, frozenset[str]] = {
    # Everyone who runs, decides on or scrutinises the partnership's reviews sees every case.
    "view_all_cases": frozenset(
        {R.BUSINESS_UNIT_MANAGER, R.BUSINESS_UNIT_OFFICER, R.SUBGROUP_CHAIR,
         R.PARTNER_LA, R.PARTNER_POLICE, R.PARTNER_ICB, R.SCRUTINEER}
    ),
    # Reviewers and agency representatives see only the cases they have been added to.
    "view_member_cases": frozenset({R.LEAD_REVIEWER, R.AGENCY_REPRESENTATIVE}),
    # Real names, dates of birth and addresses: the business unit, which runs the case...
    "view_identity_all": frozenset({R.BUSINESS_UNIT_MANAGER, R.BUSINESS_UNIT_OFFICER}),
    # ...and members of the case who must find the child in their own records or meet the family.
    "view_identity_member": frozenset({R.LEAD_REVIEWER, R.AGENCY_REPRESENTATIVE}),
    "manage_case_members": frozenset({R.BUSINESS_UNIT_MANAGER, R.BUSINESS_UNIT_OFFICER}),
    "view_case_access_log": frozenset({R.BUSINESS_UNIT_MANAGER}),
    "manage_people": frozenset({R.BUSINESS_UNIT_MANAGER, R.BUSINESS_UNIT_OFFICER, R.SYSTEM_ADMINISTRATOR}),
    "view_audit": frozenset({R.SCRUTINEER, R.BUSINESS_UNIT_MANAGER}),
    # Anyone working in the partnership's agencies may refer a case; they see only their own referrals.
    "refer_case": frozenset(
        {R.BUSINESS_UNIT_MANAGER, R.BUSINESS_UNIT_OFFICER, R.SUBGROUP_CHAIR, R.PARTNER_LA, R.PARTNER_POLICE,
         R.PARTNER_ICB, R.LEAD_REVIEWER, R.AGENCY_REPRESENTATIVE}
    ),
    # Moving a case through its lifecycle is the business unit's job...
    "manage_case_lifecycle": frozenset({R.BUSINESS_UNIT_MANAGER, R.BUSINESS_UNIT_OFFICER}),
    # ...but the partners (and the subgroup chair on their behalf) may record their own decision.
    "record_decision": frozenset(
        {R.BUSINESS_UNIT_MANAGER, R.BUSINESS_UNIT_OFFICER, R.SUBGROUP_CHAIR, R.PARTNER_LA, R.PARTNER_POLICE,
         R.PARTNER_ICB}
    ),
    "export_cases": frozenset({R.BUSINESS_UNIT_MANAGER, R.BUSINESS_UNIT_OFFICER, R.SUBGROUP_CHAIR}),
    # Routes, stages, clock rules and the calendar: the partnership's administrator.
    "manage_process_pack": frozenset({R.BUSINESS_UNIT_MANAGER}),
    # Findings, recommendations, actions and briefings: the business unit and the lead reviewer's work...
    "manage_learning": frozenset({R.BUSINESS_UNIT_MANAGER, R.BUSINESS_UNIT_OFFICER}),
    # ...but only the review subgroup (its chair, or the business unit manager for it) assures impact.
    "assure_actions": frozenset({R.SUBGROUP_CHAIR, R.BUSINESS_UNIT_MANAGER}),
    # Adding documents to the library, checking their text and themes, and listing them...
    "manage_library": frozenset({R.BUSINESS_UNIT_MANAGER, R.BUSINESS_UNIT_OFFICER}),
    # ...and the theme vocabulary every partnership on the installation shares.
    "manage_themes": frozenset({R.BUSINESS_UNIT_MANAGER, R.SYSTEM_ADMINISTRATOR}),
    # Dashboards and the yearly report: the people who run, lead and scrutinise the partnership.
    "view_dashboard": frozenset({R.BUSINESS_UNIT_MANAGER, R.BUSINESS_UNIT_OFFICER, R.SUBGROUP_CHAIR, R.PARTNER_LA,
                                 R.PARTNER_POLICE, R.PARTNER_ICB, R.SCRUTINEER}),
}


def signed_in_fully(user) -> bool:
    """Active, signed in and past the second factor: the least any rule needs."""
    return bool(user.is_authenticated and user.is_active and getattr(user, "is_verified", lambda: False)())


def _roles_by_partnership(user) -> dict[int, set[str]]:
    """The user's roles, read once per request and kept on the user object."""
    cached = getattr(user, "_roles_by_partnership", None)
    if cached is None:
        cached = {}
        if user.is_authenticated and user.is_active:
            for partnership_id, role in RoleAssignment.objects.filter(person=user).values_list("partnership_id", "role"):
                cached.setdefault(partnership_id, set()).add(role)
        user._roles_by_partnership = cached
    return cached


def has_capability(user, partnership_id: int, capability: str) -> bool:
    if not (user.is_authenticated and user.is_active):
        return False
    roles = _roles_by_partnership(user).get(partnership_id, set())
    return bool(roles & CAPABILITIES[capability])


def partnership_ids_where(user, capability: str) -> list[int]:
    allowed = CAPABILITIES[capability]
    return [pid for pid, roles in _roles_by_partnership(user).items() if roles & allowed]


def partnerships_where(user, capability: str) -> list[Partnership]:
    """The partnerships where the user has a capability; one query per request, however often asked."""
    cached = getattr(user, "_partnerships_with_roles", None)
    if cached is None:
        cached = user._partnerships_with_roles = list(
            Partnership.objects.filter(pk__in=_roles_by_partnership(user)).order_by("name"))
    wanted = set(partnership_ids_where(user, capability))
    return [p for p in cached if p.pk in wanted]
