"""What the contributions app gives the case engine, from ContributionsConfig.ready(): the links
from the case's page to the agencies' requests and returns and to the merged chronology."""

from __future__ import annotations

from casereview.cases import page_links
from casereview.contributions.rules import chronology_scope


def _manages(user, case) -> bool:
    return user.has_perm("cases.manage_lifecycle", case)


def _sees_chronology(user, case) -> bool:
    return chronology_scope(user, case) is not None


def register() -> None:
    page_links.register(page_links.CaseLink(30, "Agency contributions: requests and returns", "contributions:case",
                                            _manages))
    page_links.register(page_links.CaseLink(40, "Merged chronology", "contributions:chronology", _sees_chronology))
