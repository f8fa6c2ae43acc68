"""Who may see and keep a case's documents. Seeing follows the case's need-to-know; each document
then says whether it is for everyone on the case or only for the business unit and the lead reviewer."""

from __future__ import annotations

from casereview.casefiles.models import Audience, CaseDocument
from casereview.cases.models import CaseRole
from casereview.cases.rules import has_capability_on


def _leads(user, case) -> bool:
    return case.memberships.filter(person=user, role=CaseRole.LEAD_REVIEWER).exists()


def keeps_documents(user, case) -> bool:
    """Uploads, describes and links documents: the business unit, and the case's lead reviewer. The
    pages ask sees_documents first, which needs a full sign-in."""
    return bool(case is not None and user.is_authenticated
                and (has_capability_on(user, case, "manage_case_lifecycle") or _leads(user, case)))


def sees_documents(user, case) -> bool:
    return user.has_perm("cases.view_case", case)


def sees_document(user, document: CaseDocument) -> bool:
    case = document.case
    if not sees_documents(user, case):
        return False
    return document.audience == Audience.CASE or keeps_documents(user, case)
