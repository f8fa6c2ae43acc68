"""Which role may do what, per partnership. The single table every permission rule reads.

Deny by default: a capability not listed here for a role is refused. Case-level checks
(membership) live in cases.rules and build on these.
"""

from casereview.accounts import request_facts
from casereview.partnerships.models import Partnership, Role, RoleAssignment, SiteRole, SiteRoleAssignment

R = Role

CAPABILITIES: dict[str, frozenset[str]] = {
    # Everyone who runs, decides on or scrutinises the partnership's reviews sees every case.
    "view_all_cases": frozenset(
        {R.BUSINESS_UNIT_MANAGER, R.BUSINESS_UNIT_OFFICER, R.SUBGROUP_CHAIR,
         R.PARTNER_LA, R.PARTNER_POLICE, R.PARTNER_ICB, R.SCRUTINEER, R.SAB_CHAIR, R.CSP_CHAIR}
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
         R.PARTNER_ICB, R.LEAD_REVIEWER, R.AGENCY_REPRESENTATIVE, R.SAB_CHAIR, R.CSP_CHAIR}
    ),
    # Moving a case through its lifecycle is the business unit's job...
    "manage_case_lifecycle": frozenset({R.BUSINESS_UNIT_MANAGER, R.BUSINESS_UNIT_OFFICER}),
    # ...but the partners (and the subgroup chair on their behalf) may record their own decision.
    "record_decision": frozenset(
        {R.BUSINESS_UNIT_MANAGER, R.BUSINESS_UNIT_OFFICER, R.SUBGROUP_CHAIR, R.PARTNER_LA, R.PARTNER_POLICE,
         R.PARTNER_ICB, R.SAB_CHAIR, R.CSP_CHAIR}
    ),
    # A safeguarding adults review is decided by the board's independent chair; the business unit may
    # record the decision for them.
    "record_sar_decision": frozenset({R.BUSINESS_UNIT_MANAGER, R.BUSINESS_UNIT_OFFICER, R.SAB_CHAIR}),
    # Whether to hold a domestic abuse related death review is the community safety partnership's call.
    "record_dar_decision": frozenset({R.BUSINESS_UNIT_MANAGER, R.BUSINESS_UNIT_OFFICER, R.CSP_CHAIR}),
    "export_cases": frozenset({R.BUSINESS_UNIT_MANAGER, R.BUSINESS_UNIT_OFFICER, R.SUBGROUP_CHAIR}),
    # Routes, stages, clock rules and the calendar: the partnership's administrator.
    "manage_process_pack": frozenset({R.BUSINESS_UNIT_MANAGER}),
    # Findings, recommendations, actions and briefings: the business unit and the lead reviewer's work...
    "manage_learning": frozenset({R.BUSINESS_UNIT_MANAGER, R.BUSINESS_UNIT_OFFICER}),
    # ...but only the review subgroup (its chair, or the business unit manager for it) assures impact.
    "assure_actions": frozenset({R.SUBGROUP_CHAIR, R.BUSINESS_UNIT_MANAGER}),
    # Adding documents to the library, checking their text and themes, and listing them...
    "manage_library": frozenset({R.BUSINESS_UNIT_MANAGER, R.BUSINESS_UNIT_OFFICER}),
    # Dashboards and the yearly report: the people who run, lead and scrutinise the partnership.
    # The retention schedule, legal holds and approving disposal: the business unit manager, who
    # answers to the data protection officer for the partnership's records.
    "approve_disposal": frozenset({R.BUSINESS_UNIT_MANAGER}),
    # Subject access requests search every case for a named person: the business unit manager only.
    "answer_subject_access": frozenset({R.BUSINESS_UNIT_MANAGER}),
    # Which organisations' identity providers people may sign in through.
    "manage_sign_in": frozenset({R.BUSINESS_UNIT_MANAGER, R.SYSTEM_ADMINISTRATOR}),
    # Tokens for the read-only API: the business unit manager issues, scopes and revokes them.
    "manage_api_tokens": frozenset({R.BUSINESS_UNIT_MANAGER}),
    "view_dashboard": frozenset({R.BUSINESS_UNIT_MANAGER, R.BUSINESS_UNIT_OFFICER, R.SUBGROUP_CHAIR, R.PARTNER_LA,
                                 R.PARTNER_POLICE, R.PARTNER_ICB, R.SCRUTINEER, R.SAB_CHAIR,
                                 R.CSP_CHAIR}),
}

# Roles that belong to one review framework (cases.frameworks): what they allow applies to that
# framework's cases only. A Safeguarding Adults Board's chair decides adults' reviews and sees them,
# and is no part of the children's partnership arrangements. Roles not listed serve every framework.
ROLE_FRAMEWORK: dict[str, str] = {R.SAB_CHAIR: "adults", R.CSP_CHAIR: "domestic_abuse"}

# --- Who may grant which role -------------------------------------------------------------
# Read beside CAPABILITIES: a role is only as safe as the people who can hand it out.
# DIRECT: the granter gives the role on their own. TWO_PERSON: the granter proposes it, and a
# different person who may also grant it confirms; the role's current holders are told.
# A role missing from a granter's row cannot be granted (or taken away) by them at all.
# Nobody grants or removes their own roles, whatever this table says.
DIRECT, TWO_PERSON = "direct", "two_person"

# Roles that decide, approve or administer: never in one person's gift.
SENSITIVE_ROLES = frozenset({R.BUSINESS_UNIT_MANAGER, R.SUBGROUP_CHAIR, R.PARTNER_LA, R.PARTNER_POLICE,
                             R.PARTNER_ICB, R.SAB_CHAIR, R.CSP_CHAIR, R.SYSTEM_ADMINISTRATOR})

GRANTS: dict[str, dict[str, str]] = {
    R.BUSINESS_UNIT_MANAGER: {
        R.BUSINESS_UNIT_OFFICER: DIRECT, R.LEAD_REVIEWER: DIRECT, R.AGENCY_REPRESENTATIVE: DIRECT,
        R.SCRUTINEER: DIRECT,
        R.BUSINESS_UNIT_MANAGER: TWO_PERSON, R.SUBGROUP_CHAIR: TWO_PERSON, R.PARTNER_LA: TWO_PERSON,
        R.PARTNER_POLICE: TWO_PERSON, R.PARTNER_ICB: TWO_PERSON, R.SAB_CHAIR: TWO_PERSON,
        R.CSP_CHAIR: TWO_PERSON,
    },
    # Officers run the day-to-day membership; the roles that approve and decide need a second person.
    R.BUSINESS_UNIT_OFFICER: {
        R.LEAD_REVIEWER: DIRECT, R.AGENCY_REPRESENTATIVE: DIRECT,
        R.SUBGROUP_CHAIR: TWO_PERSON, R.PARTNER_LA: TWO_PERSON, R.PARTNER_POLICE: TWO_PERSON,
        R.PARTNER_ICB: TWO_PERSON, R.SAB_CHAIR: TWO_PERSON, R.CSP_CHAIR: TWO_PERSON,
    },
    # The system administrator looks after accounts, not the partnership's governance roles.
    R.SYSTEM_ADMINISTRATOR: {
        R.BUSINESS_UNIT_OFFICER: DIRECT, R.LEAD_REVIEWER: DIRECT, R.AGENCY_REPRESENTATIVE: DIRECT,
        R.SCRUTINEER: DIRECT,
        R.BUSINESS_UNIT_MANAGER: TWO_PERSON, R.SYSTEM_ADMINISTRATOR: TWO_PERSON,
    },
}
assert all(set(GRANTS[granter]) <= set(Role.values) for granter in GRANTS)
assert all(kind == TWO_PERSON for rows in GRANTS.values() for role, kind in rows.items() if role in SENSITIVE_ROLES)
assert set(GRANTS) == set(CAPABILITIES["manage_people"]), "every role that manages people needs a row in GRANTS"


def granters_of(role: str) -> set[str]:
    """The roles that may grant role at all, alone or with a second person."""
    return {granter for granter, rows in GRANTS.items() if role in rows}


def grant_kind(granter_roles, role: str) -> str | None:
    """How someone holding granter_roles may grant role: DIRECT, TWO_PERSON or None (not at all).
    The most permissive of their roles wins."""
    kinds = {GRANTS.get(g, {}).get(role) for g in granter_roles} - {None}
    if DIRECT in kinds:
        return DIRECT
    return TWO_PERSON if TWO_PERSON in kinds else None


# --- The installation: data every partnership shares ---------------------------------------
SITE_CAPABILITIES: dict[str, frozenset[str]] = {
    # National bank holidays: they move every partnership's statutory deadlines.
    "manage_national_calendar": frozenset({SiteRole.INSTALLATION_ADMINISTRATOR}),
    # The National Panel's documents in the library, which every partnership reads.
    "manage_national_library": frozenset({SiteRole.INSTALLATION_ADMINISTRATOR}),
    # The theme vocabulary every partnership codes its findings with.
    "manage_themes": frozenset({SiteRole.INSTALLATION_ADMINISTRATOR}),
    # Closing a person's account everywhere (a partnership only removes its own roles).
    "close_accounts": frozenset({SiteRole.INSTALLATION_ADMINISTRATOR}),
}


def _site_roles(user) -> set[str]:
    cached = getattr(user, "_site_roles", None)
    if cached is None:
        if user.is_authenticated and user.is_active:
            request_facts.load(user)
        else:
            user._site_roles = set()
        cached = user._site_roles
    return cached


def has_site_capability(user, capability: str) -> bool:
    if not (user.is_authenticated and user.is_active):
        return False
    return bool(_site_roles(user) & SITE_CAPABILITIES[capability])


def signed_in_fully(user) -> bool:
    """Active, signed in and past the second factor: the least any rule needs."""
    return bool(user.is_authenticated and user.is_active and getattr(user, "is_verified", lambda: False)())


def _roles_by_partnership(user) -> dict[int, set[str]]:
    """The user's roles, read once per request and kept on the user object."""
    cached = getattr(user, "_roles_by_partnership", None)
    if cached is None:
        if user.is_authenticated and user.is_active:
            request_facts.load(user)  # with the other facts every page needs, in one query
        else:
            user._roles_by_partnership = {}
        cached = user._roles_by_partnership
    return cached


def roles_in(user, partnership_id: int) -> set[str]:
    """The user's roles in one partnership, from the per-request cache."""
    if not (user.is_authenticated and user.is_active):
        return set()
    return _roles_by_partnership(user).get(partnership_id, set())


def _serving(roles: set[str], framework: str | None) -> set[str]:
    """The roles that count for a case of this framework; all of them when no framework is named."""
    if framework is None:
        return roles
    return {role for role in roles if ROLE_FRAMEWORK.get(role, framework) == framework}


def has_capability(user, partnership_id: int, capability: str, framework: str | None = None) -> bool:
    """Whether the user may do this in the partnership; for one framework's cases when `framework`
    is given, so a role bound to another framework does not count."""
    if not (user.is_authenticated and user.is_active):
        return False
    roles = _roles_by_partnership(user).get(partnership_id, set())
    return bool(_serving(roles, framework) & CAPABILITIES[capability])


def frameworks_where(user, capability: str) -> dict[int, frozenset[str] | None]:
    """For each partnership where the user has the capability, the frameworks it covers there:
    None for every framework, or the frameworks of the framework-bound roles that give it."""
    allowed = CAPABILITIES[capability]
    out: dict[int, frozenset[str] | None] = {}
    for pid, roles in _roles_by_partnership(user).items():
        giving = roles & allowed
        if giving:
            bound = {ROLE_FRAMEWORK.get(role) for role in giving}
            out[pid] = None if None in bound else frozenset(bound)
    return out


def partnership_ids_where(user, capability: str) -> list[int]:
    allowed = CAPABILITIES[capability]
    return [pid for pid, roles in _roles_by_partnership(user).items() if roles & allowed]


def partnerships_of(user) -> list[Partnership]:
    """Every partnership where the user holds a role, by name; one query per request, however often asked."""
    cached = getattr(user, "_partnerships_with_roles", None)
    if cached is None:
        cached = user._partnerships_with_roles = list(
            Partnership.objects.filter(pk__in=_roles_by_partnership(user)).order_by("name"))
    return cached


def partnerships_where(user, capability: str) -> list[Partnership]:
    """The partnerships where the user has a capability."""
    wanted = set(partnership_ids_where(user, capability))
    return [p for p in partnerships_of(user) if p.pk in wanted]


# --- the person's roles, in the one query every signed-in page makes (accounts.request_facts) ---

def _roles_sql(part: int) -> str:
    return f"SELECT {part}, partnership_id, role FROM {RoleAssignment._meta.db_table} WHERE person_id = %s"  # noqa: S608


def _site_roles_sql(part: int) -> str:
    return f"SELECT {part}, NULL, role FROM {SiteRoleAssignment._meta.db_table} WHERE person_id = %s"  # noqa: S608


def _keep_roles(user, rows) -> None:
    roles: dict[int, set[str]] = {}
    for _, partnership_id, role in rows:
        roles.setdefault(partnership_id, set()).add(role)
    user._roles_by_partnership = roles


def _keep_site_roles(user, rows) -> None:
    user._site_roles = {role for _, _, role in rows}


ROLE_FACTS = (
    request_facts.Fact("roles", _roles_sql, lambda user: [user.pk], _keep_roles,
                       ("_roles_by_partnership", "_partnerships_with_roles")),
    request_facts.Fact("site_roles", _site_roles_sql, lambda user: [user.pk], _keep_site_roles, ("_site_roles",)),
)
