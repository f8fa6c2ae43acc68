"""Who may do what in a domestic abuse related death review. Deny by default."""

from __future__ import annotations

from casereview.cases import frameworks
from casereview.cases.rules import can_view_case
from casereview.partnerships.access import has_capability
from casereview.partnerships.queries import enabled_frameworks
from casereview.reports.rules import can_write


def runs_dardrs(partnership_id: int) -> bool:
    return frameworks.DOMESTIC_ABUSE in enabled_frameworks(partnership_id)


def is_dardr(case) -> bool:
    """A domestic abuse related death review, alone or run jointly with another framework's review."""
    return case is not None and frameworks.DOMESTIC_ABUSE in frameworks.keys_of(case)


def records_notifications(user, partnership_id: int) -> bool:
    return runs_dardrs(partnership_id) and has_capability(user, partnership_id, "manage_case_lifecycle")


def manages_dardr(user, case) -> bool:
    """The business unit (the review's coordinator), or the independent chair on the case."""
    return is_dardr(case) and can_write(user, case)


def sees_dardr(user, case) -> bool:
    return is_dardr(case) and bool(can_view_case(user, case))
