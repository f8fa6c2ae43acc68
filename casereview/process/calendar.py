"""Reads of the non-working-day calendar."""

from __future__ import annotations

from datetime import date

from django.db.models import Q

from casereview.process.models import NonWorkingDay


def closed_days(partnership_id: int | None) -> frozenset[date]:
    """Bank holidays plus the partnership's own closure days: one query."""
    return frozenset(
        NonWorkingDay.objects.filter(Q(partnership__isnull=True) | Q(partnership_id=partnership_id))
        .values_list("date", flat=True)
    )


def closed_days_by_partnership(partnership_ids) -> dict[int, frozenset[date]]:
    """Calendars for many partnerships at once (the tracker, the reminder sweep): one query."""
    national: set[date] = set()
    local: dict[int, set[date]] = {pid: set() for pid in partnership_ids}
    for day, partnership_id in NonWorkingDay.objects.filter(
        Q(partnership__isnull=True) | Q(partnership_id__in=list(local))
    ).values_list("date", "partnership_id"):
        (national if partnership_id is None else local[partnership_id]).add(day)
    return {pid: frozenset(national | days) for pid, days in local.items()}


def england_and_wales_bank_holidays(years) -> dict[date, str]:
    """Bank holidays from the ``holidays`` package, weekdays only: a holiday falling at a
    weekend is replaced by a substitute weekday, which the package lists as "(observed)"."""
    import holidays

    calendar = holidays.country_holidays("GB", subdiv="ENG", years=list(years))
    return {day: name for day, name in sorted(calendar.items()) if day.weekday() < 5}
