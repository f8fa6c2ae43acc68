"""Who may see the review documents of a case."""

from __future__ import annotations

from casereview.cases.models import Case
from casereview.partnerships.access import has_capability
from casereview.reports.services import can_write


def sees_documents(user, case: Case) -> bool:
    """The review team and the decision makers: the business unit, the lead reviewer, the partners and chair."""
    return can_write(user, case) or has_capability(user, case.partnership_id, "record_decision")
