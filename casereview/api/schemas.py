"""What the API returns. Built field by field from what may leave the service: references,
pseudonyms, stages, dates and figures. Nothing here reads the identifying-details table, and a
test walks the published schema to keep it so."""

from __future__ import annotations

from datetime import date

from ninja import Schema


class ClockOut(Schema):
    key: str
    name: str
    started_on: date
    due_on: date
    met_on: date | None
    paused: bool
    state: str  # "running", "overdue", "met", "met_late"


class CaseOut(Schema):
    reference: str
    pseudonym: str
    framework: str
    status: str
    status_label: str
    route: str | None
    stage: str | None
    on_hold: bool
    local_authority: str | None
    submitted_on: date | None
    next_due_on: date | None
    next_deadline: str


class CaseDetailOut(CaseOut):
    milestones: dict[str, date]
    clocks: list[ClockOut]


class CaseClockOut(ClockOut):
    case_reference: str


class ActionOut(Schema):
    id: int
    case_reference: str
    agency: str
    description: str
    start_on: date
    due_on: date
    status: str
    done_on: date | None
    assured_on: date | None


class CountOut(Schema):
    label: str
    count: int


class TimelinessOut(Schema):
    name: str
    total: int
    on_time: int
    average: float | None
    unit: str


class AgencyActionsOut(Schema):
    agency: str
    total: int
    on_time: int
    overdue: int
    evidenced: int


class DashboardOut(Schema):
    start_on: date
    end_on: date
    counts: dict[str, int]
    cases_behind: dict[str, list[str]]
    timeliness: list[TimelinessOut]
    by_route: list[CountOut]
    by_stage: list[CountOut]
    actions_by_agency: list[AgencyActionsOut]
    actions_with_impact_evidence_percent: int | None
    themes: list[CountOut]


class TrackerRowOut(Schema):
    partnership: str
    case_reference: str
    local_authority: str
    review_type: str
    incident_on: date | None
    aware_on: date | None
    notified_on: date | None
    rapid_review_sent_on: date | None
    decision: str
    decided_on: date | None
    published_on: date | None
    status: str
    themes: list[str]


class ProblemOut(Schema):
    detail: str
