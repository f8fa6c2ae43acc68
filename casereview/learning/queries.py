"""Reads for improvement actions and briefings. Each takes the partnerships (or the person) in scope."""

from __future__ import annotations

from datetime import date

from django.db.models import Q, QuerySet

from casereview.audit.kept import kept
from casereview.cases.models import Case
from casereview.learning.models import Action, ActionStatus, Briefing
from casereview.library import theme_model

OPEN_ACTION = (ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS)


def actions_in(partnership_ids) -> QuerySet[Action]:
    """Every improvement action across the partnerships' cases: the action log."""
    return (Action.objects.filter(recommendation__case__partnership_id__in=partnership_ids)
            .select_related("recommendation__case", "agency", "lead").order_by("due_on", "pk"))


def actions_for_person(user, partnership_ids) -> QuerySet[Action]:
    """The actions a person leads, or their agency owns."""
    return actions_in(partnership_ids).filter(Q(lead=user) | Q(agency_id=user.agency_id))


def overdue_actions(partnership_ids, today: date) -> QuerySet[Action]:
    return actions_in(partnership_ids).filter(status__in=OPEN_ACTION, due_on__lt=today)


def actions_awaiting_assurance(partnership_ids) -> QuerySet[Action]:
    return actions_in(partnership_ids).filter(status=ActionStatus.DONE)


def briefings_to_approve(partnership_ids) -> QuerySet[Briefing]:
    return (Briefing.objects.filter(partnership_id__in=partnership_ids, status=Briefing.Status.DRAFT)
            .select_related("case").order_by("case__reference", "pk"))


def actions_filtered(actions: QuerySet[Action], *, today: date, agency: int | None = None, status: str = "",
                     theme: str = "", due: str = "", case: str = "") -> list[Action]:
    """The action log's filters. Themes are a list on the finding, filtered here so every database
    answers the same way."""
    from datetime import timedelta

    if agency:
        actions = actions.filter(agency_id=agency)
    if status == "open":
        actions = actions.filter(status__in=OPEN_ACTION)
    elif status:
        actions = actions.filter(status=status)
    if due == "overdue":
        actions = actions.filter(status__in=OPEN_ACTION, due_on__lt=today)
    elif due == "month":
        actions = actions.filter(due_on__gte=today, due_on__lte=today + timedelta(days=30))
    elif due == "later":
        actions = actions.filter(due_on__gt=today + timedelta(days=30))
    if case:
        actions = actions.filter(recommendation__case__reference__icontains=case.strip())
    actions = actions.select_related("recommendation__finding")
    if theme:
        return [a for a in actions if a.recommendation.finding and theme in (a.recommendation.finding.themes or [])]
    return list(actions)


LOG_HEADERS = ["Case", "Pseudonym", "Recommendation", "Action", "Agency", "Lead", "Start", "Due", "Status",
               "Done", "Assured", "Themes"]


def log_rows(actions, theme_labels: dict[str, str]):
    for a in actions:
        finding = a.recommendation.finding
        themes = "; ".join(theme_labels.get(t, t) for t in (finding.themes if finding else []) or [])
        yield [a.recommendation.case.reference, a.recommendation.case.pseudonym, a.recommendation.text,
               a.description, a.agency.name, a.lead.full_name, a.start_on, a.due_on, a.get_status_display(),
               a.done_on, a.assured_on, themes]


CASES_LIKE_FLOOR = 0.55  # below this, two cases' findings share words more than meaning


def cases_like(case, findings, count: int = 5) -> list[tuple[float, object]]:
    """The partnership's other cases whose findings are closest in meaning to these, best first, as
    (similarity, case). Worked out here from the findings' text (nothing about them is stored or
    sent anywhere) and kept until the next change; who may see each case is checked by the caller."""

    if not findings:
        return []
    ranked = kept("cases-like", (case.pk,), lambda: _closest_cases(case, findings))
    cases = Case.objects.in_bulk([pk for pk, _ in ranked])
    return [(score, cases[pk]) for pk, score in ranked if pk in cases][:count]


def _closest_cases(case, findings) -> list[tuple[int, float]]:
    import numpy as np

    from casereview.learning.models import Finding

    texts: dict[int, list[str]] = {}
    for case_id, text in (Finding.objects.filter(case__partnership_id=case.partnership_id).exclude(case_id=case.pk)
                          .order_by("case_id", "number").values_list("case_id", "text")):
        texts.setdefault(case_id, []).append(text)
    if not texts:
        return []
    mine = theme_model.read([(0, "\n".join(f.text for f in findings))]).mean
    if not np.any(mine):
        return []
    scored = [(pk, round(float(theme_model.read([(0, "\n".join(parts))]).mean @ mine), 3))
              for pk, parts in texts.items()]
    return sorted((s for s in scored if s[1] >= CASES_LIKE_FLOOR), key=lambda s: (-s[1], s[0]))


def tracker_cases(partnership):
    """Every referred case of the partnership, with what the NHS tracker's row needs."""
    return (Case.objects.filter(partnership=partnership).exclude(status="draft").exclude(reference=None)
            .select_related("partnership", "local_authority", "route", "stage", "referral")
            .prefetch_related("milestones", "decisions__route", "findings").order_by("reference"))
