"""Who may do what in a safeguarding adults review. Deny by default."""

from __future__ import annotations

from casereview.cases import frameworks
from casereview.cases.rules import can_view_case
from casereview.partnerships.access import has_capability
from casereview.partnerships.queries import enabled_frameworks
from casereview.reports.rules import can_write


def runs_sars(partnership_id: int) -> bool:
    return frameworks.ADULTS in enabled_frameworks(partnership_id)


def is_sar(case) -> bool:
    """A safeguarding adults review, alone or run jointly with another framework's review."""
    return case is not None and frameworks.ADULTS in frameworks.keys_of(case)


def manages_sar(user, case) -> bool:
    """The business unit, or the lead reviewer on the case: they record the adult's involvement."""
    return is_sar(case) and can_write(user, case)


def sees_sar(user, case) -> bool:
    return is_sar(case) and bool(can_view_case(user, case))


def sees_annual_figures(user, partnership_id: int) -> bool:
    return runs_sars(partnership_id) and has_capability(user, partnership_id, "view_dashboard", frameworks.ADULTS)
