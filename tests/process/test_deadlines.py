"""The one deadline vocabulary: each state from its dates, and the words for days left."""

from datetime import date

import pytest

from casereview.process.deadlines import DeadlineState, days_left, state_of, tag

TODAY = date(2026, 6, 10)


@pytest.mark.parametrize(("kwargs", "expected"), [
    ({"due_on": date(2026, 6, 9)}, DeadlineState.OVERDUE),
    ({"due_on": date(2026, 6, 10)}, DeadlineState.ON_TRACK),
    ({"due_on": date(2026, 6, 20), "soon_from": date(2026, 6, 10)}, DeadlineState.DUE_SOON),
    ({"due_on": date(2026, 6, 20), "soon_from": date(2026, 6, 11)}, DeadlineState.ON_TRACK),
    ({"due_on": date(2026, 6, 1), "on_hold": True}, DeadlineState.ON_HOLD),
    ({"due_on": date(2026, 6, 1), "met_on": date(2026, 6, 1)}, DeadlineState.MET),
    ({"due_on": date(2026, 6, 1), "met_on": date(2026, 6, 2)}, DeadlineState.MET_LATE),
    # A clock that knows better (a hold moved its date) says whether it was late.
    ({"due_on": date(2026, 6, 1), "met_on": date(2026, 6, 2), "met_late": False}, DeadlineState.MET),
    ({"due_on": None}, DeadlineState.NONE),
])
def test_state_of(kwargs, expected):
    assert state_of(today=TODAY, **kwargs) is expected


def test_met_outranks_a_hold_and_a_hold_outranks_an_overdue_date():
    assert state_of(date(2026, 6, 1), TODAY, met_on=date(2026, 5, 1), on_hold=True) is DeadlineState.MET
    assert state_of(date(2026, 6, 1), TODAY, on_hold=True) is DeadlineState.ON_HOLD


def test_every_state_has_words_and_a_colour():
    for state in DeadlineState:
        assert tag(state)["text"] and tag(state.value)["classes"].startswith("govuk-tag--")
    assert tag("overdue") == {"text": "Overdue", "classes": "govuk-tag--red"}


@pytest.mark.parametrize(("left", "words"), [
    (None, ""), (0, "Due today"), (1, "1 working day left"), (3, "3 working days left"),
    (-1, "1 working day overdue"), (-12, "12 working days overdue"),
])
def test_days_left(left, words):
    assert days_left(left) == words


def test_days_left_in_calendar_days():
    assert days_left(-2, "day") == "2 days overdue"
