"""The learning the library compares with the country's (library.local_learning), given from
LearningConfig.ready()."""

from __future__ import annotations

from casereview.learning.models import Action, Finding
from casereview.library.local_learning import LocalLearning


def case_themes(partnership_ids: list[int]) -> dict[int, set[str]]:
    themes_by_case: dict[int, set[str]] = {}
    for case_id, themes in Finding.objects.filter(case__partnership_id__in=partnership_ids).values_list(
            "case_id", "themes"):
        themes_by_case.setdefault(case_id, set()).update(themes or [])
    return themes_by_case


def actions_with_theme(slug: str, partnership_ids: list[int]) -> list[Action]:
    if not partnership_ids:
        return []
    # Findings keep their themes as a JSON list, which SQLite cannot search inside; a
    # partnership has hundreds of actions at most, so they are filtered here.
    actions = (Action.objects.filter(recommendation__case__partnership_id__in=partnership_ids,
                                     recommendation__finding__isnull=False)
               .select_related("recommendation__case", "recommendation__finding", "agency").order_by("due_on", "pk"))
    return [a for a in actions if slug in (a.recommendation.finding.themes or [])][:50]


def coded_findings() -> list[tuple[str, list[str]]]:
    return list(Finding.objects.exclude(themes=[]).values_list("text", "themes"))


def coded_count() -> int:
    return Finding.objects.exclude(themes=[]).count()


LEARNING = LocalLearning(case_themes, actions_with_theme, coded_findings, coded_count)
