"""English working-day and calendar arithmetic for statutory clocks. Pure: no database, no today.

Conventions (domain brief §10.1): a working day is Monday to Friday and not a non-working day
(bank holiday or local closure). "N working days after D" counts the first working day
*after* D as day 1, so the anchor day itself never counts, whatever day it falls on.
"N working days before D" counts back the same way. Calendar months add like a calendar:
31 August plus 6 months is the last day of February.
"""

from __future__ import annotations

import calendar
from collections.abc import Collection
from datetime import date, timedelta


def is_working_day(day: date, closed: Collection[date]) -> bool:
    return day.weekday() < 5 and day not in closed


def add_working_days(start: date, days: int, closed: Collection[date]) -> date:
    """The date ``days`` working days after (or, if negative, before) ``start``."""
    step = 1 if days >= 0 else -1
    remaining = abs(days)
    current = start
    while remaining:
        current += timedelta(days=step)
        if is_working_day(current, closed):
            remaining -= 1
    return current


def working_days_between(start: date, end: date, closed: Collection[date]) -> int:
    """How many working days after ``start`` ``end`` falls: the working days in (start, end].

    When ``end`` is before ``start`` the answer is minus the working days in [end, start),
    mirroring how add_working_days counts back, so that for every date and every n
    ``working_days_between(d, add_working_days(d, n)) == n``.
    """
    if end == start:
        return 0
    if end < start:
        one = timedelta(days=1)
        return -working_days_between(end - one, start - one, closed)
    # Whole weeks first, so long spans stay cheap, then the remainder day by day.
    span = (end - start).days
    weeks, extra = divmod(span, 7)
    count = weeks * 5
    current = start + timedelta(days=weeks * 7)
    for _ in range(extra):
        current += timedelta(days=1)
        if current.weekday() < 5:
            count += 1
    count -= sum(1 for day in closed if start < day <= end and day.weekday() < 5)
    return count


def add_calendar_days(start: date, days: int) -> date:
    return start + timedelta(days=days)


def add_months(start: date, months: int) -> date:
    """Calendar-month addition, clamped to the month's last day."""
    month_index = start.month - 1 + months
    year = start.year + month_index // 12
    month = month_index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))
