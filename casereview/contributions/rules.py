"""Who may do what with agency contributions. Deny by default, like everything else."""

from __future__ import annotations

from casereview.cases.models import Case, CaseMembership, CaseRole
from casereview.contributions.models import AgencyRequest, ChronologyRelease, RequestStatus
from casereview.partnerships.access import has_capability

ALL = "all"


# Like the services of every app, these check roles; the sign-in middleware has already made
# sure every person reaching a page has passed the second factor.


def can_manage_requests(user, case: Case) -> bool:
    return has_capability(user, case.partnership_id, "manage_case_lifecycle")


def is_contributor(user, agency_request: AgencyRequest) -> bool:
    """A named contributor who still works in the partnership sees and edits their own request."""
    if not user.is_active or not has_capability(user, agency_request.case.partnership_id, "refer_case"):
        return False
    return agency_request.contributors.filter(pk=user.pk).exists()


def sees_identity_on_request(user, agency_request: AgencyRequest) -> bool:
    """The child's and family's identifying details, so the agency can find them in its own records:
    only a named contributor, and only while the request is open. Not the business unit through this
    route (it has the case's own page), not other people of the same agency."""
    return agency_request.status != RequestStatus.SUBMITTED and is_contributor(user, agency_request)


def can_view_request(user, agency_request: AgencyRequest) -> bool:
    return is_contributor(user, agency_request) or can_manage_requests(user, agency_request.case)


def _member_role(user, case: Case) -> str | None:
    return CaseMembership.objects.filter(case=case, person=user).values_list("role", flat=True).first()


def chronology_scope(user, case: Case):
    """ALL, a set of agency ids the person may see, or None for no access to the chronology.

    Before the business unit releases the merged chronology, an agency representative sees
    only their own agency's entries; the lead reviewer and the business unit see everything.
    """
    if has_capability(user, case.partnership_id, "manage_case_lifecycle"):
        return ALL  # the business unit, which also holds view_all_cases: no membership to look up
    role = _member_role(user, case)
    sees_case = has_capability(user, case.partnership_id, "view_all_cases") or (
        role is not None and has_capability(user, case.partnership_id, "view_member_cases"))
    if not sees_case:
        return None
    if role == CaseRole.LEAD_REVIEWER:
        return ALL
    if ChronologyRelease.objects.filter(case=case).exists():
        return ALL
    if role == CaseRole.AGENCY_REPRESENTATIVE:
        return {user.agency_id} if user.agency_id else set()
    return None


def can_annotate(user, case: Case) -> bool:
    """Key practice episodes, analysis notes and flag decisions: the lead reviewer and the business unit."""
    if has_capability(user, case.partnership_id, "manage_case_lifecycle"):
        return True
    return (has_capability(user, case.partnership_id, "view_member_cases")
            and _member_role(user, case) == CaseRole.LEAD_REVIEWER)
