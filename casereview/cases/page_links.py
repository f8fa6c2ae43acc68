"""The links from a case's page to the work held by the apps above the case engine (the review
documents, the agencies' contributions, the merged chronology, the learning). Each app registers
its own from AppConfig.ready(), with who may follow it, so the engine imports none of them
(ADR 0028)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.urls import reverse

if TYPE_CHECKING:
    from casereview.cases.models import Case


@dataclass(frozen=True)
class CaseLink:
    order: int  # where the link sits in the list: lower first
    text: str
    url_name: str  # a URL taking the case's reference
    shown_to: Callable[[object, Case], bool]  # (user, case): whether this person may follow it


_links: dict[str, CaseLink] = {}


def register(link: CaseLink) -> None:
    _links[link.url_name] = link


def links_for(user, case: Case) -> list[tuple[str, str]]:
    """(text, address) of each link this person may follow from the case's page, in order."""
    return [(link.text, reverse(link.url_name, args=[case.reference]))
            for link in sorted(_links.values(), key=lambda link: link.order) if link.shown_to(user, case)]
