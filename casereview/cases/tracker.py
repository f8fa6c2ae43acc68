"""The tracker: every case a person may see, with its next deadline, filtered and sorted in SQL.

The number of queries for a page does not depend on the number of cases: the deadline
state is worked out in the database from the summary columns cases.clocks keeps up to date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.paginator import Page
from django.db.models import Case as SqlCase
from django.db.models import CharField, F, Q, QuerySet, Value, When

from casereview.audit.kept import kept
from casereview.cases import frameworks
from casereview.cases.models import Case, CaseStatus, open_statuses
from casereview.cases.queries import cases_visible_to
from casereview.govuk.fast_markup import tag
from casereview.govuk.formatting import format_date
from casereview.govuk.jinja import link, url
from casereview.govuk.paging import page_only, rows_of
from casereview.process import workdays
from casereview.process.calendar import closed_days_by_partnership
from casereview.process.deadlines import DeadlineState, days_left
from casereview.process.models import Milestone, RouteKind

STATES = [(state.value, state.label, state.tag_classes) for state in DeadlineState]
STATE_LABELS = {key: (label, classes) for key, label, classes in STATES}

SORTS = {
    "deadline": ("next_due_date", "Next deadline"),
    "reference": ("reference", "Reference"),
    "pseudonym": ("pseudonym", "Pseudonym"),
    "stage": ("status", "Stage"),
    "opened": ("submitted_at", "Referred"),
}


def stage_choices() -> list[tuple[str, str]]:
    every = list(CaseStatus.choices) + list(frameworks.all_statuses().items())
    statuses = [(f"status:{value}", label) for value, label in every
                if value not in (CaseStatus.DRAFT, CaseStatus.IN_REVIEW)]
    stages = [(f"stage:{value}", label) for value, label in Milestone.choices]
    return statuses + stages


def with_deadline_state(cases: QuerySet[Case], today: date) -> QuerySet[Case]:
    """Each case's next deadline in the one vocabulary (process.deadlines), worked out in SQL so the
    tracker can filter and count by it: the running clock first, then a hold, then the clocks met."""
    return cases.annotate(deadline_state=SqlCase(
        When(next_due_date__lt=today, then=Value(DeadlineState.OVERDUE.value)),
        When(next_due_soon_from__lte=today, then=Value(DeadlineState.DUE_SOON.value)),
        When(next_due_date__isnull=False, then=Value(DeadlineState.ON_TRACK.value)),
        When(on_hold=True, status__in=open_statuses(), then=Value(DeadlineState.ON_HOLD.value)),
        When(clocks_met_late__gt=0, then=Value(DeadlineState.MET_LATE.value)),
        When(clocks_met__gt=0, then=Value(DeadlineState.MET.value)),
        default=Value(DeadlineState.NONE.value), output_field=CharField()))


@dataclass
class TrackerFilters:
    search: str = ""
    framework: str = ""
    route: str = ""
    stage: str = ""
    state: str = ""
    year: int | None = None
    agency: int | None = None
    local_authority: int | None = None
    sort: str = "deadline"
    descending: bool = False


def tracker_page(user, filters: TrackerFilters, today: date, number, partnership_ids,
                 count: int) -> tuple[Page, list[list[dict]]]:
    """One page of the tracker and its table's cells. Both are kept until the next audited change
    or the next day (audit.kept): which cases a person sees, their stages and their deadlines
    change only by audited changes and the date, and a national viewer's page sorts 20,000."""
    from dataclasses import astuple


    cases = tracker_cases(user, filters, today)
    page = page_only(cases, 50, number, count=count)

    def work_out() -> list[list[dict]]:
        calendars = closed_days_by_partnership(partnership_ids)
        return table_rows([
            (case, workdays.working_days_between(today, case.next_due_date, calendars.get(case.partnership_id, ()))
             if case.next_due_date else None) for case in rows_of(cases, page)], STATE_LABELS)

    return page, kept("tracker-table", (user.pk, today.isoformat(), *astuple(filters), page.number), work_out,
                      seconds=60)


def tracker_cases(user, filters: TrackerFilters, today: date, *, joined: bool = True) -> QuerySet[Case]:
    cases = with_deadline_state(cases_visible_to(user), today)
    if joined:
        cases = cases.select_related("partnership", "route", "stage", "owner", "local_authority")
    search = filters.search.strip()
    if search:
        cases = cases.filter(Q(reference__icontains=search) | Q(pseudonym__icontains=search))
    if filters.framework in {f.key for f in frameworks.registered()}:
        cases = cases.filter(framework=filters.framework)
    if filters.route in RouteKind.values:
        cases = cases.filter(route__kind=filters.route)
    if filters.stage.startswith("status:"):
        cases = cases.filter(status=filters.stage.removeprefix("status:"))
    elif filters.stage.startswith("stage:"):
        cases = cases.filter(status=CaseStatus.IN_REVIEW, stage__milestone=filters.stage.removeprefix("stage:"))
    if filters.state in STATE_LABELS:
        cases = cases.filter(deadline_state=filters.state)
    if filters.year:
        cases = cases.filter(year=filters.year)
    if filters.agency:
        cases = cases.filter(pk__in=Case.agencies.through.objects.filter(agency_id=filters.agency).values("case_id"))
    if filters.local_authority:
        cases = cases.filter(local_authority_id=filters.local_authority)
    field, _ = SORTS.get(filters.sort, SORTS["deadline"])
    # Cases with no deadline go last either way; the reference breaks ties so pages are stable.
    order = F(field).desc(nulls_last=True) if filters.descending else F(field).asc(nulls_last=True)
    return cases.order_by(order, "reference")


def table_rows(rows: list[tuple[Case, int | None]], states: dict) -> list[list[dict]]:
    """The tracker table's cells for a page of (case, working days left), built here rather than
    by a template loop calling macros per row (ADR 0019)."""
    from markupsafe import Markup


    out = []
    for case, left in rows:
        label, classes = states[case.deadline_state][:2]
        left_text = days_left(left)
        if case.next_due_date:
            deadline = Markup("{}<br><span class=\"govuk-body-s\">{}</span>").format(
                format_date(case.next_due_date), case.next_clock_name)
        else:
            deadline = Markup("None running")
        status = tag(label, classes)
        if case.on_hold and case.deadline_state != "on_hold":
            status = Markup("{} {}").format(status, tag(DeadlineState.ON_HOLD.label, DeadlineState.ON_HOLD.tag_classes))
        out.append([
            {"html": link(url("cases:detail", case.reference), case.reference), "classes": "app-nowrap"},
            {"text": case.pseudonym},
            {"text": case.route.name if case.route else "Not decided"},
            {"text": case.stage.name if case.stage else case.get_status_display()},
            {"html": deadline, "attributes": {"data-sort-value": case.next_due_date.isoformat()
                                              if case.next_due_date else "9999"}},
            {"text": left_text, "attributes": {"data-sort-value": left if left is not None else 99999}},
            {"html": status},
            {"text": case.owner.full_name if case.owner else "Nobody yet"},
        ])
    return out
