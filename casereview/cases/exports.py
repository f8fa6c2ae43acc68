"""Tracker exports. Every cell that a spreadsheet could read as a formula is neutralised."""

from __future__ import annotations

import csv
import io
from datetime import date

from casereview.cases.tracker import STATE_LABELS
from casereview.govuk.text import safe_cell
from casereview.govuk.xlsx import workbook
from casereview.process import workdays

HEADERS = ["Reference", "Pseudonym", "Partnership", "Route", "Stage", "Next deadline", "Due",
           "Working days left", "Status", "On hold", "Owner", "Local authority", "Year"]

def stage_words(case) -> str:
    return case.stage.name if case.stage_id else case.get_status_display()


def rows(cases, calendars: dict, today: date):
    for case in cases:
        closed = calendars.get(case.partnership_id, frozenset())
        left = (workdays.working_days_between(today, case.next_due_date, closed)
                if case.next_due_date else None)
        yield [safe_cell(v) for v in (
            case.reference, case.pseudonym, case.partnership.short_name, case.route.name if case.route_id else "",
            stage_words(case), case.next_clock_name, case.next_due_date, left if left is not None else "", STATE_LABELS[case.deadline_state][0],
            "Yes" if case.on_hold else "No", case.owner.full_name if case.owner_id else "",
            case.local_authority.name if case.local_authority_id else "", case.year or "")]


def to_csv(cases, calendars, today) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADERS)
    for row in rows(cases, calendars, today):
        writer.writerow(["" if v is None else (v.isoformat() if isinstance(v, date) else v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")  # the BOM makes Excel read UTF-8


def to_xlsx(cases, calendars, today) -> bytes:

    return workbook("Cases", HEADERS, rows(cases, calendars, today))
