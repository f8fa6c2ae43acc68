"""Works out one deadline from a rule, its anchor date and the holds on the case. Pure."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from casereview.govuk.formatting import format_date
from casereview.process import workdays
from casereview.process.models import ClockUnit


@dataclass(frozen=True)
class HoldSpan:
    started_on: date
    ended_on: date | None  # the day work resumed; None while the hold lasts


@dataclass(frozen=True)
class Deadline:
    base_due_on: date
    due_on: date
    held_units: int
    paused: bool


def explain(*, rule, anchor_on: date, base_due_on: date, held_units: int, due_on: date, paused: bool) -> str:
    """How a due date was reached, worded when shown from what the clock keeps."""
    text = f"{rule.describe} on {format_date(anchor_on)}: {format_date(base_due_on)}"
    if held_units:
        unit = "working day" if rule.unit == ClockUnit.WORKING_DAYS else "calendar day"
        text = f"{text}, plus {held_units} {unit}{'' if held_units == 1 else 's'} on hold: {format_date(due_on)}"
    if paused:
        text = f"{text} (paused while the case is on hold)"
    return text


def _base_due(anchor_on: date, offset: int, unit: str, closed: Collection[date]) -> date:
    if unit == ClockUnit.WORKING_DAYS:
        return workdays.add_working_days(anchor_on, offset, closed)
    if unit == ClockUnit.CALENDAR_DAYS:
        return workdays.add_calendar_days(anchor_on, offset)
    if unit == ClockUnit.CALENDAR_MONTHS:
        return workdays.add_months(anchor_on, offset)
    raise ValueError(f"unknown unit {unit!r}")


def _held(first: date, last: date, unit: str, closed: Collection[date]) -> int:
    """Units on hold from ``first`` to ``last`` inclusive: working days for a working-day
    clock, calendar days otherwise."""
    if last < first:
        return 0
    if unit == ClockUnit.WORKING_DAYS:
        return workdays.working_days_between(first - timedelta(days=1), last, closed)
    return (last - first).days + 1


def deadline(*, rule, anchor_on: date, holds: Iterable[HoldSpan], closed: Collection[date], today: date,
             met_on: date | None = None) -> Deadline:
    """``rule`` needs offset, unit, paused_by_holds, describe. Time on hold after the anchor
    and before the deadline (and before the clock was met) extends the deadline by the same
    amount; while a hold lasts the clock is paused and its date moves on each day."""
    base = _base_due(anchor_on, rule.offset, rule.unit, closed)
    due, held, paused = base, 0, False
    if rule.paused_by_holds and rule.offset > 0:
        for hold in sorted(holds, key=lambda h: h.started_on):
            if hold.started_on > due or (met_on is not None and hold.started_on > met_on):
                continue
            last = (hold.ended_on - timedelta(days=1)) if hold.ended_on else today
            if met_on is not None:
                last = min(last, met_on)
            units = _held(max(hold.started_on, anchor_on + timedelta(days=1)), last, rule.unit, closed)
            if units <= 0:
                continue
            held += units
            due = (workdays.add_working_days(due, units, closed) if rule.unit == ClockUnit.WORKING_DAYS
                   else due + timedelta(days=units))
            paused = paused or (hold.ended_on is None and met_on is None)
    return Deadline(base_due_on=base, due_on=due, held_units=held, paused=paused)
