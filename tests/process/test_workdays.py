"""The working-day arithmetic against GOV.UK's own list, and its invariants."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from govuk_bank_holidays.bank_holidays import BankHolidays
from hypothesis import given
from hypothesis import strategies as st

from casereview.process import workdays
from casereview.process.calendar import closed_days, england_and_wales_bank_holidays
from casereview.process.services import bank_holidays_seed

GOVUK = BankHolidays(use_cached_holidays=True)
DIVISION = BankHolidays.ENGLAND_AND_WALES
FIRST, LAST = date(2018, 1, 1), date(2028, 12, 31)
SEEDED = frozenset(england_and_wales_bank_holidays(range(2015, 2036)))


def every_day(first: date, last: date):
    day = first
    while day <= last:
        yield day
        day += timedelta(days=1)


def test_govuk_list_covers_the_years_we_test():
    dates = [h["date"] for h in GOVUK.get_holidays(division=DIVISION)]
    assert min(dates) <= FIRST and max(dates) >= date(2028, 12, 26)


def test_seeded_calendar_agrees_with_govuk_on_every_date_2018_to_2028():
    disagreements = [day for day in every_day(FIRST, LAST)
                     if workdays.is_working_day(day, SEEDED) != GOVUK.is_work_day(day, division=DIVISION)]
    assert disagreements == []


@pytest.mark.django_db
def test_the_database_calendar_agrees_with_govuk_on_every_date_2018_to_2028():
    bank_holidays_seed(first_year=2015, last_year=2035)
    closed = closed_days(None)
    disagreements = [day for day in every_day(FIRST, LAST)
                     if workdays.is_working_day(day, closed) != GOVUK.is_work_day(day, division=DIVISION)]
    assert disagreements == []


@pytest.mark.parametrize("day, why", [
    (date(2022, 6, 3), "Platinum Jubilee"),
    (date(2022, 9, 19), "State Funeral of Queen Elizabeth II"),
    (date(2023, 5, 8), "Coronation of King Charles III"),
    (date(2022, 12, 27), "Christmas Day falling on a Sunday: substitute day"),
    (date(2022, 1, 3), "New Year's Day falling on a Saturday: substitute day"),
    (date(2020, 12, 28), "Boxing Day falling on a Saturday: substitute day"),
    (date(2020, 5, 8), "Early May bank holiday moved for VE Day"),
])
def test_special_days_are_not_working_days(day, why):
    assert not workdays.is_working_day(day, SEEDED), why


def test_day_one_is_the_first_working_day_after_the_anchor():
    # Thursday 19 Feb 2026 + 1 working day is Friday; + 2 is the Monday after.
    assert workdays.add_working_days(date(2026, 2, 19), 1, SEEDED) == date(2026, 2, 20)
    assert workdays.add_working_days(date(2026, 2, 19), 2, SEEDED) == date(2026, 2, 23)
    # An anchor on a Saturday counts from Monday.
    assert workdays.add_working_days(date(2026, 2, 21), 1, SEEDED) == date(2026, 2, 23)


def test_fifteen_working_days_across_easter():
    # Notified Wednesday 25 Mar 2026; Good Friday 3 Apr and Easter Monday 6 Apr are not working days.
    assert workdays.add_working_days(date(2026, 3, 25), 15, SEEDED) == date(2026, 4, 17)


def test_five_working_days_across_christmas():
    # Aware Tuesday 22 Dec 2026: 23, 24, (25, 26, 27 closed, 28 substitute Boxing Day), 29, 30, 31.
    assert workdays.add_working_days(date(2026, 12, 22), 5, SEEDED) == date(2026, 12, 31)


def test_working_days_before_a_date():
    # Seven working days before Friday 10 Jul 2026.
    assert workdays.add_working_days(date(2026, 7, 10), -7, SEEDED) == date(2026, 7, 1)


@pytest.mark.parametrize("start, months, expected", [
    (date(2026, 8, 31), 6, date(2027, 2, 28)),
    (date(2027, 8, 31), 6, date(2028, 2, 29)),
    (date(2026, 1, 15), 6, date(2026, 7, 15)),
    (date(2026, 11, 30), 3, date(2027, 2, 28)),
    (date(2026, 12, 31), 1, date(2027, 1, 31)),
])
def test_calendar_months_clamp_to_the_end_of_the_month(start, months, expected):
    assert workdays.add_months(start, months) == expected


dates = st.dates(min_value=date(2018, 1, 1), max_value=date(2028, 6, 30))
offsets = st.integers(min_value=1, max_value=130)


@given(start=dates, n=offsets)
def test_adding_working_days_lands_on_a_working_day(start, n):
    assert workdays.is_working_day(workdays.add_working_days(start, n, SEEDED), SEEDED)
    assert workdays.is_working_day(workdays.add_working_days(start, -n, SEEDED), SEEDED)


@given(start=dates, n=st.integers(min_value=-130, max_value=130))
def test_counting_is_the_inverse_of_adding(start, n):
    assert workdays.working_days_between(start, workdays.add_working_days(start, n, SEEDED), SEEDED) == n


@given(start=dates, n=offsets, m=offsets)
def test_more_working_days_is_never_earlier(start, n, m):
    a, b = workdays.add_working_days(start, n, SEEDED), workdays.add_working_days(start, m, SEEDED)
    assert (a < b) == (n < m) and (a == b) == (n == m)


@given(start=dates, n=offsets)
def test_n_working_days_take_at_least_n_calendar_days(start, n):
    result = workdays.add_working_days(start, n, SEEDED)
    assert (result - start).days >= n
    # Never more than n working days plus every weekend and holiday in the span.
    span = list(every_day(start + timedelta(days=1), result))
    assert sum(1 for d in span if workdays.is_working_day(d, SEEDED)) == n


@given(start=dates, end=dates)
def test_counting_agrees_with_a_day_by_day_count(start, end):
    if end >= start:  # working days in (start, end]
        expected = sum(1 for d in every_day(start + timedelta(days=1), end) if workdays.is_working_day(d, SEEDED))
    else:  # minus the working days in [end, start)
        expected = -sum(1 for d in every_day(end, start - timedelta(days=1)) if workdays.is_working_day(d, SEEDED))
    assert workdays.working_days_between(start, end, SEEDED) == expected


@given(start=dates, months=st.integers(min_value=0, max_value=24))
def test_month_addition_keeps_the_day_where_it_can(start, months):
    result = workdays.add_months(start, months)
    assert (result.year * 12 + result.month) - (start.year * 12 + start.month) == months
    assert result.day == start.day or (result.day < start.day and (result + timedelta(days=1)).day == 1)
