"""Reads for improvement actions and briefings. Each takes the partnerships (or the person) in scope."""

from __future__ import annotations

from datetime import date

from django.db.models import Q, QuerySet

from casereview.learning.models import Action, ActionStatus, Briefing

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
