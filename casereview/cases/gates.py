"""What must hold before a case passes a gate, as far as apps above the case engine know it.

The engine owns the gates (sending the rapid review, the partners' sign-off) and whether the
Published stage waits for a publication; the apps that hold the records those gates read (the
rapid review record, the terms of reference, the quality checklist, the report's approvals)
register their checks from AppConfig.ready(), so the engine never imports them (ADR 0028)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from casereview.cases.models import Case
    from casereview.govuk.blockers import Blocker

RAPID_REVIEW_SEND = "rapid_review_send"
SIGN_OFF = "sign_off"
# What must hold before a report is published, beyond the partners' sign-off: the Home Office's
# quality assurance for a domestic abuse related death review, even when it is run jointly.
PUBLICATION = "publication"
# What must hold before any stage is completed: the files the stage cannot be completed without.
STAGE_COMPLETE = "stage_complete"
GATES = (RAPID_REVIEW_SEND, SIGN_OFF, PUBLICATION, STAGE_COMPLETE)

Check = Callable[["Case"], list["Blocker"]]
_checks: dict[str, list[Check]] = {gate: [] for gate in GATES}
# Each says whether a case's report will not be published (so the Published stage does not wait).
_waivers: list[Callable[[Case], bool]] = []


def register_check(gate: str, check: Check) -> None:
    if gate not in _checks:
        raise ValueError(f"No gate called {gate!r}: the gates are {', '.join(GATES)}")
    if check not in _checks[gate]:
        _checks[gate].append(check)


def register_publication_waiver(waived: Callable[[Case], bool]) -> None:
    if waived not in _waivers:
        _waivers.append(waived)


def blockers(gate: str, case: Case) -> list[Blocker]:
    """Every registered check's blockers, in the order the apps registered them."""
    return [blocker for check in _checks[gate] for blocker in check(case)]


def publication_waived(case: Case) -> bool:
    return any(waived(case) for waived in _waivers)
