"""Who may do what with a case's review documents. Deny by default: each answers False unless the
person holds the capability in the case's partnership and, where it says so, a role on the case."""

from __future__ import annotations

from casereview.cases import frameworks
from casereview.cases.models import Case, CaseMembership, CaseRole
from casereview.partnerships.access import has_capability
from casereview.partnerships.models import RoleAssignment
from casereview.reports.models import AccuracyRound


def is_business_unit(user, case: Case) -> bool:
    return has_capability(user, case.partnership_id, "manage_case_lifecycle")


def is_lead_reviewer(user, case: Case) -> bool:
    return CaseMembership.objects.filter(case=case, person=user, role=CaseRole.LEAD_REVIEWER).exists()


def can_write(user, case: Case) -> bool:
    return is_business_unit(user, case) or (has_capability(user, case.partnership_id, "view_member_cases")
                                            and is_lead_reviewer(user, case))


def can_comment_on_round(user, accuracy_round: AccuracyRound) -> bool:
    case = accuracy_round.version.case
    if accuracy_round.closed_on is not None:
        return False
    if accuracy_round.audience == AccuracyRound.Audience.FAMILY:
        return is_business_unit(user, case)  # the business unit records what the family said
    return (has_capability(user, case.partnership_id, "view_member_cases")
            and CaseMembership.objects.filter(case=case, person=user, role=CaseRole.AGENCY_REPRESENTATIVE).exists()
            and accuracy_round.agencies.filter(pk=user.agency_id).exists())


def partner_roles_of(user, case: Case) -> set[str]:
    return set(RoleAssignment.objects.filter(person=user, partnership_id=case.partnership_id,
                                             role__in=frameworks.signers_of(case)).values_list("role", flat=True))


def partner_role_of(user, case: Case) -> str | None:
    return next(iter(sorted(partner_roles_of(user, case))), None)


def sees_documents(user, case: Case) -> bool:
    """The review team and the decision makers: the business unit, the lead reviewer, the partners and chair."""
    return can_write(user, case) or has_capability(user, case.partnership_id, "record_decision")


def checks_quality(user, case: Case) -> bool:
    """The business unit records the quality assurance checklist; the decision makers may too."""
    return is_business_unit(user, case) or has_capability(user, case.partnership_id, "record_decision")
