"""Reads of the process pack, for its pages."""

from __future__ import annotations

from datetime import date

from django.db.models import Q, QuerySet

from casereview.process.models import ClockRule, NonWorkingDay, ReminderRule, ReminderSubject, Route


def routes(partnership) -> QuerySet[Route]:
    return Route.objects.filter(partnership=partnership).prefetch_related("stages")


def current_rules(partnership) -> QuerySet[ClockRule]:
    return ClockRule.objects.current().filter(partnership=partnership).order_by("pk")


def current_rule(partnership, key: str) -> ClockRule:
    return ClockRule.objects.current().get(partnership=partnership, key=key)


def rule_history(partnership, key: str) -> QuerySet[ClockRule]:
    return ClockRule.objects.filter(partnership=partnership, key=key).select_related("created_by")


def reminder_rules(partnership) -> list[ReminderRule]:
    """The partnership's reminder rules in the order of ReminderSubject: case deadlines first."""
    order = list(ReminderSubject)
    return sorted(ReminderRule.objects.filter(partnership=partnership), key=lambda r: order.index(r.subject))


def days_off(partnership, year: int) -> QuerySet[NonWorkingDay]:
    """The year's bank holidays and the partnership's own closure days."""
    return NonWorkingDay.objects.filter(Q(partnership__isnull=True) | Q(partnership=partnership),
                                        date__gte=date(year, 1, 1), date__lte=date(year, 12, 31))
