"""Reads for contribution pages. Each takes the viewing person or their scope."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db.models import CharField, Count, F, IntegerField, Q, QuerySet
from django.db.models.functions import Cast, Substr

from casereview.audit.kept import kept
from casereview.audit.models import Action
from casereview.audit.services import audit_record
from casereview.cases.models import Case, SubjectIdentity
from casereview.contributions.models import (
    AgencyRequest,
    ChronologyEntry,
    ChronologyRelease,
    EntryFlag,
    RequestKind,
    RequestStatus,
    Submission,
)
from casereview.contributions.rules import ALL, sees_identity_on_request
from casereview.govuk.kept_html import kept_html
from casereview.partnerships.access import partnership_ids_where
from casereview.partnerships.models import Agency
from casereview.process.deadlines import DeadlineState


def request_state(agency_request: AgencyRequest, today: date) -> tuple[str, str]:
    """(key, words) for the completeness view and the contributor's list."""
    if agency_request.status != RequestStatus.SUBMITTED and agency_request.due_on < today:
        return DeadlineState.OVERDUE.value, DeadlineState.OVERDUE.label
    return agency_request.status, agency_request.get_status_display()


def completeness(case: Case, today: date) -> dict:
    requests = list(AgencyRequest.objects.filter(case=case).select_related("agency")
                    .prefetch_related("contributors"))
    agencies = sorted({r.agency for r in requests}, key=lambda a: a.name)
    kinds = [k for k in RequestKind if any(r.kind == k for r in requests)]
    grid = {(r.agency_id, r.kind): (r, *request_state(r, today)) for r in requests}
    rows = [(agency, [grid.get((agency.pk, kind)) for kind in kinds]) for agency in agencies]
    return {"kinds": kinds, "rows": rows, "count": len(requests)}


def requests_for_contributor(user) -> QuerySet[AgencyRequest]:
    return (AgencyRequest.objects.filter(contributors=user, case__partnership_id__in=_partnerships(user))
            .select_related("case", "case__partnership", "agency").order_by("due_on"))


def _partnerships(user):

    return partnership_ids_where(user, "refer_case")


@dataclass
class ChronologyFilters:
    agency: int | None = None
    date_from: date | None = None
    date_to: date | None = None
    child_seen: str = ""
    key_episodes_only: bool = False
    keyword: str = ""


def merged_entries(case: Case, scope, filters: ChronologyFilters | None = None) -> QuerySet[ChronologyEntry]:
    """Every submitted entry the person may see, oldest first, with its provenance: one query."""
    entries = (ChronologyEntry.objects.filter(case=case, submission__status=Submission.Status.SUBMITTED)
               .select_related("agency", "submission", "submission__submitted_by", "annotation")
               .order_by("on", F("at").asc(nulls_first=True), "agency__name", "position", "pk"))
    if scope is None:
        return entries.none()
    if scope != ALL:
        entries = entries.filter(agency_id__in=scope)
    f = filters or ChronologyFilters()
    if f.agency:
        entries = entries.filter(agency_id=f.agency)
    if f.date_from:
        entries = entries.filter(on__gte=f.date_from)
    if f.date_to:
        entries = entries.filter(on__lte=f.date_to)
    if f.child_seen:
        entries = entries.filter(child_seen=f.child_seen)
    if f.key_episodes_only:
        entries = entries.filter(annotation__key_practice_episode=True)
    if f.keyword.strip():
        word = f.keyword.strip()
        entries = entries.filter(Q(event__icontains=word) | Q(source__icontains=word) | Q(action__icontains=word)
                                 | Q(outcome__icontains=word) | Q(practitioner_role__icontains=word))
    return entries


def flags_for(case: Case, scope) -> list[EntryFlag]:
    """Possible duplicates and conflicts the person may see, kept until any audited change."""
    return kept("chronology-flags", (case.pk, _scope_key(scope)), lambda: _flags_for(case, scope))


def _flags_for(case: Case, scope) -> list[EntryFlag]:
    flags = (EntryFlag.objects.filter(case=case).select_related("first", "second", "first__agency",
                                                                 "second__agency", "decided_by")
             .order_by("status", "first__on"))
    if scope is None:
        return []
    if scope != ALL:
        flags = flags.filter(first__agency_id__in=scope, second__agency_id__in=scope)
    return list(flags)


def _scope_key(scope) -> str:
    return "all" if scope == ALL else ",".join(str(i) for i in sorted(scope or []))


def agencies_in(case: Case, scope):
    def agencies() -> list[Agency]:
        entries = ChronologyEntry.objects.filter(case=case, submission__status=Submission.Status.SUBMITTED)
        if scope != ALL:
            entries = entries.filter(agency_id__in=scope or [])
        return list(Agency.objects.filter(pk__in=entries.order_by().values("agency_id")).order_by("name"))

    return kept("chronology-agencies", (case.pk, _scope_key(scope)), agencies)


def chronology_released(case: Case) -> bool:
    return kept("chronology-released", (case.pk,), lambda: ChronologyRelease.objects.filter(case=case).exists())


def entry_count(case: Case, scope, filters: ChronologyFilters, entries) -> int:
    """How many entries match: kept until something changes, since counting 24,000 rows is not free."""
    from dataclasses import astuple

    return kept("chronology-count", (case.pk, _scope_key(scope), *astuple(filters)), entries.count)


def timeline_counts(case: Case, scope) -> dict:
    """Entries per agency per year, for the visual timeline: one grouped query, kept until a change."""
    return kept("chronology-timeline", (case.pk, _scope_key(scope)), lambda: _timeline_counts(case, scope))


def _timeline_counts(case: Case, scope) -> dict:
    entries = merged_entries(case, scope).order_by()
    # The year as the first four characters of the ISO date: on SQLite this avoids a Python
    # function call per row (ExtractYear), which dominated the page with 24,000 entries.
    year = Cast(Substr(Cast("on", CharField()), 1, 4), IntegerField())
    rows = list(entries.annotate(year=year).values("agency__name", "year").annotate(n=Count("pk"))
                .order_by("agency__name", "year"))
    years = sorted({r["year"] for r in rows})
    agencies = sorted({r["agency__name"] for r in rows})
    counts = {(r["agency__name"], r["year"]): r["n"] for r in rows}
    peak = max(counts.values(), default=0)
    return {"years": years, "agencies": agencies, "counts": counts, "peak": peak}


def what_each_agency_knew(case: Case, scope, as_of: date) -> list[dict]:
    """For each agency: how many entries it had recorded by the date, and its latest three."""
    entries = list(merged_entries(case, scope).filter(on__lte=as_of))
    by_agency: dict = {}
    for entry in entries:
        by_agency.setdefault(entry.agency, []).append(entry)
    return [{"agency": agency, "count": len(items), "latest": items[-3:][::-1]}
            for agency, items in sorted(by_agency.items(), key=lambda kv: kv[0].name)]


# --- Across the partnership: the business unit's request log --------------------------------


def outstanding_requests(partnership_ids) -> QuerySet[AgencyRequest]:
    """Every request still waiting for its agency's return, soonest due first: the business unit's
    list of requests and its "Your work"."""
    return (AgencyRequest.objects.filter(case__partnership_id__in=partnership_ids)
            .exclude(status=RequestStatus.SUBMITTED)
            .select_related("case", "agency").order_by("due_on", "case__reference", "agency__name"))


def overdue_requests(partnership_ids, today: date) -> QuerySet[AgencyRequest]:
    return outstanding_requests(partnership_ids).filter(due_on__lt=today)


def returns_to_check(partnership_ids) -> QuerySet[AgencyRequest]:
    """Requests whose latest return is submitted and not yet checked and used by the business unit."""
    return (AgencyRequest.objects.filter(case__partnership_id__in=partnership_ids, status=RequestStatus.SUBMITTED)
            .filter(submissions__status=Submission.Status.SUBMITTED, submissions__used_at__isnull=True)
            .distinct().select_related("case", "agency").order_by("due_on", "case__reference"))


def open_requests_for_contributor(user) -> QuerySet[AgencyRequest]:
    return requests_for_contributor(user).exclude(status=RequestStatus.SUBMITTED)


def requests_filtered(rows: QuerySet[AgencyRequest], *, today: date, show: str = "", agency: int | None = None,
                      kind: str = "", case: str = "") -> QuerySet[AgencyRequest]:
    from datetime import timedelta

    if show == "overdue":
        rows = rows.filter(due_on__lt=today)
    elif show == "week":
        rows = rows.filter(due_on__lte=today + timedelta(days=7))
    if agency:
        rows = rows.filter(agency_id=agency)
    if kind:
        rows = rows.filter(kind=kind)
    if case:
        rows = rows.filter(case__reference__icontains=case.strip())
    return rows


def request_identities(*, user, agency_request: AgencyRequest) -> dict:
    """Who the request is about, for its named contributors while it is open. Every call is audited
    as a view of identifying details."""
    if not sees_identity_on_request(user, agency_request):
        raise PermissionDenied
    case = agency_request.case
    identities = list(SubjectIdentity.objects.filter(subject__case=case).select_related("subject")
                      .order_by("subject__order", "subject__pk"))
    agencies = list(case.agencies.order_by("name"))
    audit_record(action=Action.VIEW_IDENTITY, actor=user, target=case, case=case,
                 partnership_id=case.partnership_id,
                 code="contributions.identities_viewed",
                 params={"count": len(identities), "agency": agency_request.agency.name, "kind": agency_request.kind})
    return {"identities": identities, "known_agencies": agencies}


def chronology_table(case: Case, scope, filters: ChronologyFilters, page, *, can_annotate: bool) -> str:
    """The table of one page of the merged chronology, rendered once and kept until any audited
    change: a submission, an annotation, a release (ADR 0019). Kept in the server's own memory
    (the default local-memory cache); a shared cache would hold case details and must not be used."""
    from dataclasses import astuple

    from django.template.loader import render_to_string
    from markupsafe import Markup

    def render() -> str:
        ids = list(page)
        found = {e.pk: e for e in merged_entries(case, scope, filters).filter(pk__in=ids)}
        entries = [found[pk] for pk in ids if pk in found]
        if not entries:
            return ""
        return render_to_string("contributions/_chronology_table.html",
                                {"case": case, "entries_on_page": entries, "can_annotate": can_annotate})

    html = kept("chronology-table", (case.pk, _scope_key(scope), *astuple(filters), page.number, can_annotate), render)
    return Markup(html)  # noqa: S704 (rendered by our own autoescaping template above)


def chronology_filters_html(case: Case, scope, make_form, query: str) -> str:
    """The filter form as this query string fills it in. Its two date inputs and selects cost more
    than the table beneath them, and it depends only on the query and the agencies in view."""

    return kept_html("chronology-filters", (case.pk, _scope_key(scope)), "contributions/_chronology_filters.html",
                     lambda: {"case": case, "form": make_form()}, query=query)


def timeline_html(case: Case, scope) -> str:
    """The timeline's picture and table, rendered once per change like the counts beneath them."""
    from django.template.loader import render_to_string
    from markupsafe import Markup

    html = kept("chronology-timeline-html", (case.pk, _scope_key(scope)), lambda: render_to_string(
        "contributions/_chronology_timeline.html", {"timeline": timeline_counts(case, scope)}))
    return Markup(html)  # noqa: S704 (rendered by our own autoescaping template above)
