"""What the learning app gives the case engine, from LearningConfig.ready(): the link from the
case's page to its findings, recommendations, actions and briefings."""

from __future__ import annotations

from casereview.cases import page_links
from casereview.learning.rules import sees_learning


def register() -> None:
    page_links.register(page_links.CaseLink(
        10, "Learning into practice: findings, recommendations, actions and briefings", "learning:case",
        sees_learning))
