"""Where a deadline stands, in one vocabulary: the words, the tag colours and the days left are the
same on the case page, the tracker, its exports, agencies' requests, improvement actions and "Your
work". Pure: callers give the dates."""

from __future__ import annotations

from datetime import date
from enum import StrEnum


class DeadlineState(StrEnum):
    OVERDUE = "overdue"
    DUE_SOON = "due_soon"
    ON_TRACK = "on_track"
    ON_HOLD = "on_hold"
    MET = "met"
    MET_LATE = "met_late"
    NONE = "none"

    @property
    def label(self) -> str:
        return _LABELS[self]

    @property
    def tag_classes(self) -> str:
        return _TAGS[self]


_LABELS = {
    DeadlineState.OVERDUE: "Overdue",
    DeadlineState.DUE_SOON: "Due soon",
    DeadlineState.ON_TRACK: "On track",
    DeadlineState.ON_HOLD: "On hold",
    DeadlineState.MET: "Met",
    DeadlineState.MET_LATE: "Met late",
    DeadlineState.NONE: "No deadline",
}
_TAGS = {
    DeadlineState.OVERDUE: "govuk-tag--red",
    DeadlineState.DUE_SOON: "govuk-tag--orange",
    DeadlineState.ON_TRACK: "govuk-tag--green",
    DeadlineState.ON_HOLD: "govuk-tag--grey",
    DeadlineState.MET: "govuk-tag--blue",
    DeadlineState.MET_LATE: "govuk-tag--purple",
    DeadlineState.NONE: "govuk-tag--grey",
}


def state_of(due_on: date | None, today: date, *, soon_from: date | None = None, met_on: date | None = None,
             met_late: bool | None = None, on_hold: bool = False) -> DeadlineState:
    """Met (late if after its due date, unless the caller knows better), on hold, overdue, due soon
    (from `soon_from`), or on track."""
    if met_on is not None:
        if met_late is None:
            met_late = due_on is not None and met_on > due_on
        return DeadlineState.MET_LATE if met_late else DeadlineState.MET
    if on_hold:
        return DeadlineState.ON_HOLD
    if due_on is None:
        return DeadlineState.NONE
    if due_on < today:
        return DeadlineState.OVERDUE
    if soon_from is not None and soon_from <= today:
        return DeadlineState.DUE_SOON
    return DeadlineState.ON_TRACK


def tag(state: DeadlineState | str) -> dict:
    """The govukTag parameters for a state."""
    state = DeadlineState(state)
    return {"text": state.label, "classes": state.tag_classes}


def days_left(left: int | None, unit: str = "working day") -> str:
    """'3 working days left', 'Due today', '1 working day overdue'; '' when there is no count."""
    if left is None:
        return ""
    if left == 0:
        return "Due today"
    count = abs(left)
    words = f"{count} {unit}{'' if count == 1 else 's'}"
    return f"{words} left" if left > 0 else f"{words} overdue"
