"""What each person has to do, gathered from the same queries as the pages each item links to.

Every section is one role's kind of work. Each runs a fixed number of queries, whatever the
size of the partnership, and shows at most LIMIT items with the full count beside them.
"""

from __future__ import annotations

from collections.abc import Iterable
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import F, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from casereview.cases import frameworks, lifecycle
from casereview.cases.models import (
    SHARED_STATUSES,
    Case,
    CaseHold,
    CaseMembership,
    CaseRole,
    CaseStatus,
    open_statuses,
)
from casereview.cases.queries import with_framework_keys
from casereview.contributions import queries as contributions
from casereview.contributions.models import EntryFlag
from casereview.govuk.formatting import format_date, format_datetime
from casereview.learning import queries as learning
from casereview.learning.models import Action
from casereview.learning.queries import OPEN_ACTION
from casereview.meetings import queries as meetings
from casereview.meetings.models import Meeting, MeetingAction
from casereview.partnerships.access import (
    CAPABILITIES,
    ROLE_FRAMEWORK,
    has_capability,
    partnership_ids_where,
    partnerships_of,
    partnerships_where,
    roles_in,
)
from casereview.partnerships.models import Role, RoleAssignment
from casereview.partnerships.queries import enabled_frameworks
from casereview.process.models import Milestone
from casereview.reports import services as reports
from casereview.reports.models import AccuracyComment, Approval, QualityCheck, QualityMarker, ReportDraft, ReportVersion
from casereview.retention.models import BatchState, DisposalBatch

LIMIT = 10
PARTNER_ROLES = (Role.PARTNER_LA, Role.PARTNER_POLICE, Role.PARTNER_ICB)


@dataclass(frozen=True)
class Item:
    what: str
    href: str
    case: Case | None = None
    due: date | None = None
    overdue: bool = False


@dataclass
class Section:
    key: str
    title: str
    empty: str
    items: list[Item] = field(default_factory=list)
    total: int = 0
    more_href: str = ""
    more_text: str = ""


@dataclass
class Scope:
    user: object
    today: date

    @property
    def week_end(self) -> date:
        return self.today + timedelta(days=7)

    def ids(self, capability: str) -> list[int]:
        return partnership_ids_where(self.user, capability)

    def with_role(self, *roles: str) -> list[int]:
        return sorted(p.pk for p in partnerships_of(self.user) if roles_in(self.user, p.pk) & set(roles))


# When Your work shows one kind of review: the cases of that framework, alone or in a joint review.
_KIND: ContextVar[str | None] = ContextVar("your_work_kind", default=None)
# How each model that Your work lists reaches its case.
_CASE_PATH = {Case: "", Action: "recommendation__case", AccuracyComment: "round__version__case",
              Meeting: "items__case", MeetingAction: "item__case", DisposalBatch: "items__case"}


def _of_kind(queryset: QuerySet) -> QuerySet:
    kind = _KIND.get()
    if kind is None:
        return queryset
    matching = Case.objects.filter(Q(framework=kind) | Q(framework_runs__framework=kind)).values("pk")
    path = _CASE_PATH.get(queryset.model, "case")
    return queryset.filter(**{"pk__in" if not path else f"{path}__in": matching})


def _take(queryset: QuerySet) -> tuple[list, int]:
    # Always two queries, however many rows: the page's cost does not depend on the data.
    queryset = _of_kind(queryset)
    return list(queryset[:LIMIT]), queryset.count()


def _section(key: str, title: str, empty: str, queryset: QuerySet, to_item, **more) -> Section:
    rows, total = _take(queryset)
    return Section(key=key, title=title, empty=empty, items=[to_item(row) for row in rows], total=total, **more)


def _case_href(case: Case, *name: str) -> str:
    if name:
        return reverse("cases:step", args=[case.reference, name[0]])
    return reverse("cases:detail", args=[case.reference])


def _due(day: date | None, today: date) -> dict:
    return {"due": day, "overdue": bool(day and day < today)}


# --- The business unit ------------------------------------------------------------------------


def _business_unit(scope: Scope) -> list[Section]:

    ids, today = scope.ids("manage_case_lifecycle"), scope.today
    if not ids:
        return []
    cases = Case.objects.filter(partnership_id__in=ids).select_related("stage", "route")
    sections = [
        _section("screen", "Referrals to screen", "There are no referrals waiting to be screened.",
                 cases.filter(status=CaseStatus.REFERRED).order_by(F("next_due_date").asc(nulls_last=True), "reference"),
                 lambda c: Item("Screen the referral", _case_href(c, "screen"), c, **_due(c.next_due_date, today))),
        _section("deadlines", "Deadlines this week or missed", "No deadline falls due this week and none is missed.",
                 cases.filter(status__in=open_statuses(), on_hold=False, next_due_date__lte=scope.week_end)
                 .exclude(status=CaseStatus.REFERRED).order_by(F("next_due_date").asc(nulls_last=True), "reference"),
                 lambda c: Item(c.next_clock_name or "Next deadline", _case_href(c), c,
                                **_due(c.next_due_date, today))),
        _section("returns", "Returns to check", "No agency return is waiting to be checked.",
                 contributions.returns_to_check(ids),
                 lambda r: Item(f"Check the {r.get_kind_display().lower()} from {r.agency.name}",
                                reverse("contributions:request", args=[r.pk]), r.case)),
        _section("requests_overdue", "Requests overdue", "No request to an agency is overdue.",
                 contributions.overdue_requests(ids, today),
                 lambda r: Item(f"Chase the {r.get_kind_display().lower()} from {r.agency.name}",
                                reverse("contributions:request", args=[r.pk]), r.case, **_due(r.due_on, today)),
                 **_partnership_link(scope, "contributions:partnership", "See every outstanding request")),
        _approvals_waiting(scope, ids),
        _anonymisation_waiting(scope, ids),
        _section("actions_overdue", "Improvement actions overdue", "No improvement action is overdue.",
                 learning.overdue_actions(scope.ids("manage_learning"), today),
                 lambda a: Item(f"{a.agency.name}: {_short(a.description)}",
                                reverse("learning:action", args=[a.pk]), a.recommendation.case,
                                **_due(a.due_on, today)),
                 **_partnership_link(scope, "learning:log", "See the action log")),
        _section("holds", "Holds due for review", "No hold is due for review this week.",
                 CaseHold.objects.filter(case__partnership_id__in=ids, ended_on__isnull=True,
                                         review_on__lte=scope.week_end).select_related("case")
                 .order_by("review_on"),
                 lambda h: Item(f"Review the hold ({h.get_reason_display().lower()})", _case_href(h.case), h.case,
                                **_due(h.review_on, today))),
    ]
    return sections


def _partnership_link(scope: Scope, name: str, text: str) -> dict:
    """A link to the partnership-wide list, where the person runs cases in exactly one partnership."""
    partnerships = partnerships_where(scope.user, "manage_case_lifecycle")
    if len(partnerships) != 1:
        return {}
    return {"more_href": reverse(name, args=[partnerships[0].slug]), "more_text": text}


def _short(text: str, length: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[:length - 1].rstrip() + "…"


def _at(ids: Iterable[int], *milestones: str) -> QuerySet[Case]:
    return (Case.objects.filter(partnership_id__in=ids, status=CaseStatus.IN_REVIEW, stage__milestone__in=milestones)
            .select_related("stage").order_by(F("next_due_date").asc(nulls_last=True), "reference"))


def approval_gaps(cases: list[Case]) -> dict[int, tuple[object, set[str]]]:
    """For each case with a report: its latest version and the partner roles whose live approval
    it still lacks. Three queries, however many cases."""

    with_framework_keys(cases)
    latest = {}
    for version in ReportVersion.objects.filter(case__in=cases).order_by("case_id", "number"):
        latest[version.case_id] = version
    holders = set(RoleAssignment.objects.filter(partnership_id__in={c.partnership_id for c in cases},
                                                role__in=Approval.Partner.values, person__is_active=True)
                  .values_list("person_id", "role"))
    approved: dict[int, set[str]] = {}
    for version_id, partner, person_id in (Approval.objects.filter(version__in=latest.values(), withdrawn_at=None)
                                           .values_list("version_id", "partner", "person_id")):
        if (person_id, partner) in holders:
            approved.setdefault(version_id, set()).add(partner)
    wanted = {c.pk: set(frameworks.signers_of(c)) for c in cases}
    return {case_id: (version, wanted[case_id] - approved.get(version.pk, set()))
            for case_id, version in latest.items()}


def _approvals_waiting(scope: Scope, ids: list[int]) -> Section:

    cases = list(_at(ids, Milestone.APPROVED)[:LIMIT])
    gaps = approval_gaps(cases)
    labels = dict(Approval.Partner.choices)
    items = [Item(f"Waiting for approval of version {gaps[c.pk][0].number}: "
                  + ", ".join(labels[p].lower() for p in sorted(gaps[c.pk][1])),
                  reverse("reports:overview", args=[c.reference]) + "#sign-off", c, **_due(c.next_due_date,
                                                                                          scope.today))
             for c in cases if c.pk in gaps and gaps[c.pk][1]]
    return Section("approvals", "Reports waiting for approval", "No report is waiting for the partners' approval.",
                   items=items, total=len(items))


def _anonymisation_waiting(scope: Scope, ids: list[int]) -> Section:

    cases = list(_at(ids, Milestone.APPROVED, Milestone.PRE_PUBLICATION_NOTICE, Milestone.PUBLISHED)
                 .select_related("partnership")[:LIMIT])
    counts = reports.unresolved_counts(cases)
    items = [Item(f"Decide {left} {'finding' if left == 1 else 'findings'} of the anonymisation check",
                  reverse("reports:anonymisation", args=[case.reference]), case)
             for case in cases if (left := counts.get(case.pk))]
    return Section("anonymisation", "Anonymisation findings to decide",
                   "No finding of the anonymisation check is waiting for a decision.", items=items, total=len(items))


# --- Agency representatives and everyone who contributes ------------------------------------------


def _contributor(scope: Scope) -> list[Section]:

    is_rep = bool(scope.with_role(Role.AGENCY_REPRESENTATIVE))
    requests = contributions.open_requests_for_contributor(scope.user)
    actions = learning.actions_for_person(scope.user, scope.ids("refer_case")).filter(status__in=OPEN_ACTION)
    sections = [
        _section("my_requests", "Requests for your agency", "You have no open requests.", requests,
                 lambda r: Item(f"{r.get_kind_display()} for {r.agency.name}",
                                reverse("contributions:request", args=[r.pk]), r.case, **_due(r.due_on, scope.today)),
                 more_href=reverse("contributions:mine"), more_text="See all your requests"),
        _section("my_actions", "Improvement actions for you or your agency", "You have no open improvement actions.",
                 actions, lambda a: Item(_short(a.description), reverse("learning:action", args=[a.pk]),
                                         a.recommendation.case, **_due(a.due_on, scope.today)),
                 more_href=reverse("learning:mine"), more_text="See all your agency's actions"),
    ]
    # Someone who is not an agency representative sees these only when there is something in them.
    return [s for s in sections if is_rep or s.total]


# --- Lead reviewers -----------------------------------------------------------------------------


def _lead_reviewer(scope: Scope) -> list[Section]:

    ids = scope.with_role(Role.LEAD_REVIEWER)
    if not ids:
        return []
    mine = CaseMembership.objects.filter(person=scope.user, role=CaseRole.LEAD_REVIEWER,
                                         case__partnership_id__in=ids).values("case_id")
    cases = (Case.objects.filter(pk__in=mine, status__in=open_statuses()).select_related("stage")
             .order_by(F("next_due_date").asc(nulls_last=True), "reference"))
    return [
        _section("my_cases", "Your cases", "You are not the lead reviewer on any open case.", cases,
                 lambda c: Item(c.stage.name if c.stage_id else c.get_status_display(), _case_href(c), c,
                                **_due(c.next_due_date, scope.today))),
        # At drafting with no version yet: once the first is saved the report is under way (and the
        # case stays under "Your cases").
        _section("drafts", "Reports to write", "No report of yours is waiting to be started.",
                 cases.filter(status=CaseStatus.IN_REVIEW, stage__milestone=Milestone.DRAFTING,
                              report_versions__isnull=True),
                 lambda c: Item("Write the report", reverse("reports:draft", args=[c.reference]), c,
                                **_due(c.next_due_date, scope.today))),
        _section("corrections", "Factual accuracy comments to answer", "No factual accuracy comment is waiting.",
                 AccuracyComment.objects.filter(round__version__case__in=mine, responded_at__isnull=True)
                 .select_related("round__version__case", "round").order_by("round__due_on", "pk"),
                 lambda c: Item(f"Answer a comment on “{c.section_key.replace('_', ' ')}”",
                                reverse("reports:round", args=[c.round.version.case.reference, c.round_id]),
                                c.round.version.case, **_due(c.round.due_on, scope.today))),
        _section("flags", "Chronology flags to resolve", "No duplicate or conflicting entry is waiting.",
                 EntryFlag.objects.filter(case__in=mine, status=EntryFlag.Status.OPEN).select_related("case")
                 .order_by("case__reference", "pk"),
                 lambda f: Item(f"Resolve: {f.get_kind_display().lower()}",
                                reverse("contributions:chronology", args=[f.case.reference]) + "#flags", f.case)),
    ]


# --- The delegated safeguarding partners, the chair and the scrutineer ---------------------------------


def _partner(scope: Scope) -> list[Section]:
    ids = scope.with_role(*PARTNER_ROLES)
    if not ids:
        return []
    deciding = (Case.objects.filter(partnership_id__in=ids, status=CaseStatus.AWAITING_DECISION)
                .order_by(F("next_due_date").asc(nulls_last=True), "reference"))
    cases = list(_at(ids, Milestone.APPROVED)[:LIMIT])
    gaps = approval_gaps(cases)
    mine_by_partnership = {pid: roles_in(scope.user, pid) & set(PARTNER_ROLES) for pid in ids}
    approve = [Item(f"Approve version {gaps[c.pk][0].number} of the report",
                    reverse("reports:approve", args=[c.reference]), c, **_due(c.next_due_date, scope.today))
               for c in cases if c.pk in gaps and gaps[c.pk][1] & mine_by_partnership[c.partnership_id]]
    return [
        _section("decisions", "Decisions to make", "No case is waiting for the partners' decision.", deciding,
                 lambda c: Item("Decide what kind of review", _case_href(c, "decide"), c,
                                **_due(c.next_due_date, scope.today))),
        Section("to_approve", "Reports to approve", "No report is waiting for your approval.", items=approve,
                total=len(approve)),
    ]


def _chair(scope: Scope) -> list[Section]:

    ids = scope.with_role(Role.SUBGROUP_CHAIR)
    if not ids:
        return []
    return [
        _quality_waiting(scope, ids),
        _section("briefings", "Briefings to approve", "No briefing is waiting for approval.",
                 learning.briefings_to_approve(ids),
                 lambda b: Item(f"Approve “{b.title}”", reverse("learning:briefing", args=[b.pk]), b.case)),
        _section("assurance", "Actions waiting for assurance", "No completed action is waiting for assurance.",
                 learning.actions_awaiting_assurance(ids),
                 lambda a: Item(f"Assure: {_short(a.description)}", reverse("learning:action", args=[a.pk]),
                                a.recommendation.case, **_due(a.due_on, scope.today))),
    ]


def _quality_waiting(scope: Scope, ids: list[int]) -> Section:
    """Reports at quality assurance whose checklist is not yet complete: two queries for the counts."""
    from django.db.models import Count


    cases = list(_at(ids, Milestone.QUALITY_ASSURANCE)[:LIMIT])
    markers = {(pid, framework): n for pid, framework, n in
               QualityMarker.objects.filter(partnership_id__in={c.partnership_id for c in cases}, active=True)
               .values("partnership_id", "framework").annotate(n=Count("pk"))
               .values_list("partnership_id", "framework", "n")}
    met = dict(QualityCheck.objects.filter(case__in=cases, met=True, marker__active=True)
               .values("case_id").annotate(n=Count("pk")).values_list("case_id", "n"))
    items = [Item(f"Quality-assure the report: {met.get(c.pk, 0)} of {markers.get((c.partnership_id, c.framework), 0)} "
                  "markers met", reverse("reports:quality", args=[c.reference]), c,
                  **_due(c.next_due_date, scope.today))
             for c in cases if met.get(c.pk, 0) < markers.get((c.partnership_id, c.framework), 0)]
    return Section("quality", "Reports to quality-assure", "No report is waiting for quality assurance.",
                   items=items, total=len(items))


def _scrutineer(scope: Scope) -> list[Section]:
    ids = scope.with_role(Role.SCRUTINEER)
    if not ids:
        return []
    missed = (Case.objects.filter(partnership_id__in=ids, status__in=open_statuses(), on_hold=False,
                                  next_due_date__lt=scope.today).order_by(F("next_due_date").asc(nulls_last=True), "reference"))
    held = (Case.objects.filter(partnership_id__in=ids, status__in=open_statuses(), on_hold=True)
            .order_by(F("next_due_date").asc(nulls_last=True), "reference"))
    return [
        _section("missed", "Missed deadlines", "No open case has missed a deadline.", missed,
                 lambda c: Item(f"Missed: {c.next_clock_name or 'deadline'}", _case_href(c), c,
                                **_due(c.next_due_date, scope.today))),
        _section("on_hold", "Cases on hold", "No case is on hold.", held,
                 lambda c: Item("On hold", _case_href(c), c)),
    ]


def _unsaved(scope: Scope) -> list[Section]:
    """Report text someone typed and has not saved as a version: first, because only they can see it."""
    from django.db.models import Q


    leading = CaseMembership.objects.filter(person=scope.user, role=CaseRole.LEAD_REVIEWER).values("case_id")
    drafts = (ReportDraft.objects.filter(author=scope.user)
              .filter(Q(case__in=leading) | Q(case__partnership_id__in=scope.ids("manage_case_lifecycle")))
              .select_related("case").order_by("-saved_at"))
    section = _section("unsaved", "Your unsaved report drafts", "", drafts,
                       lambda d: Item(f"Check and save your draft (last saved {format_datetime(d.saved_at)})",
                                      reverse("reports:draft", args=[d.case.reference]), d.case))
    return [section] if section.total else []


def _steps_waiting(cases, today: date, capabilities: set[str]) -> list[Item]:
    """Each case's next step, where it is one of these capabilities': the other frameworks' own
    steps (acknowledging a SAR referral, the chair's decision), which have no section of their own."""
    items = []
    for case in cases:
        step = lifecycle.next_step(case)
        if step is not None and step.capability in capabilities:
            items.append(Item(step.label, _case_href(case, step.name), case, **_due(case.next_due_date, today)))
    return items


def _other_frameworks(scope: Scope) -> list[Section]:
    """For the business unit: the steps of safeguarding adults reviews and domestic abuse related
    death reviews before they are under way. For a board's or partnership's chair: the decisions
    and the reports waiting for them."""
    sections = []
    ids = scope.ids("manage_case_lifecycle")
    own = [s for s in frameworks.all_statuses() if s not in SHARED_STATUSES and s not in CaseStatus.values]
    # Only where a partnership runs another kind of review than children's.
    ids = [pid for pid in ids if set(enabled_frameworks(pid)) - {frameworks.CHILDREN}]
    if ids and own:
        cases = (Case.objects.filter(partnership_id__in=ids, status__in=own, on_hold=False)
                 .order_by(F("next_due_date").asc(nulls_last=True), "reference")[:LIMIT * 4])
        items = _steps_waiting(cases, scope.today, {"manage_case_lifecycle"})[:LIMIT]
        sections.append(Section("framework_steps", "Adults' and domestic abuse reviews: next steps",
                                "No safeguarding adults or domestic abuse review is waiting for a step.",
                                items=items, total=len(items)))
    bound = {role: key for role, key in ROLE_FRAMEWORK.items()}
    chaired = scope.with_role(*bound)
    if not chaired:
        return sections
    mine = {pid: roles_in(scope.user, pid) & set(bound) for pid in chaired}
    keys = sorted({bound[role] for roles in mine.values() for role in roles})
    deciding = (Case.objects.filter(partnership_id__in=chaired, framework__in=keys, status__in=own, on_hold=False)
                .order_by(F("next_due_date").asc(nulls_last=True), "reference")[:LIMIT * 4])
    decisions = _steps_waiting(deciding, scope.today, {"record_sar_decision", "record_dar_decision"})[:LIMIT]
    cases = list(_at(chaired, Milestone.APPROVED)[:LIMIT])
    gaps = approval_gaps(cases)
    approve = [Item(f"Approve version {gaps[c.pk][0].number} of the report",
                    reverse("reports:approve", args=[c.reference]), c, **_due(c.next_due_date, scope.today))
               for c in cases if c.pk in gaps and gaps[c.pk][1] & mine[c.partnership_id]]
    return sections + [
        Section("chair_decisions", "Decisions to make", "No review is waiting for your decision.", items=decisions,
                total=len(decisions)),
        Section("chair_to_approve", "Reports to approve", "No report is waiting for your approval.", items=approve,
                total=len(approve)),
    ]


def _meetings(scope: Scope) -> list[Section]:
    """Meetings to write up (the business unit), meetings the person is invited to in the next
    fortnight, and the actions meetings gave them. Shown only when there is something."""
    today, sections = scope.today, []
    ids = scope.ids("manage_case_lifecycle")
    if ids:
        sections.append(_section(
            "meetings_write_up", "Meetings to write up", "", meetings.to_write_up(ids),
            lambda m: Item(f"{'Write the minutes of' if m.state == 'held' else 'Record who attended'} the "
                           f"{m.get_kind_display().lower()} of {format_date(m.starts_at)}",
                           reverse("meetings:detail", args=[m.pk]), **_due(timezone.localdate(m.starts_at), today))))
    sections.append(_section(
        "meetings_invited", "Meetings you are invited to", "",
        meetings.invited_upcoming(scope.user).filter(starts_at__date__lte=today + timedelta(days=14)),
        lambda m: Item(f"Read the papers for the {m.get_kind_display().lower()} on {format_datetime(m.starts_at)}",
                       reverse("meetings:detail", args=[m.pk]), due=timezone.localdate(m.starts_at))))
    sections.append(_section(
        "meeting_actions", "Actions from meetings", "", meetings.open_actions_of(scope.user),
        lambda a: Item(_short(a.description), reverse("meetings:detail", args=[a.meeting_id]),
                       a.item.case if a.item else None, **_due(a.due_on, today)),
        more_href=reverse("meetings:list"), more_text="See your meetings and actions"))
    return [section for section in sections if section.total]


def _disposal(scope: Scope) -> list[Section]:
    """For the business unit manager: disposal batches the daily task proposed, waiting for approval."""
    ids = scope.ids("approve_disposal")
    if not ids:
        return []
    section = _section("disposal", "Disposal batches to approve", "",
                       DisposalBatch.objects.filter(partnership_id__in=ids, state=BatchState.PROPOSED)
                       .select_related("partnership").distinct().order_by("proposed_on", "pk"),
                       lambda b: Item(f"Review disposal batch {b.pk}: records past their retention period",
                                      reverse("retention:batch", args=[b.partnership.slug, b.pk]),
                                      due=b.proposed_on))
    return [section] if section.total else []


ROLE_SECTIONS = (_unsaved, _meetings, _disposal, _business_unit, _partner, _chair, _other_frameworks, _lead_reviewer, _contributor,
                 _scrutineer)


def work_for(user, today: date, kind: str | None = None) -> list[Section]:
    """Everything waiting for the person, by role; only one kind of review's when `kind` is given."""
    scope = Scope(user=user, today=today)
    sections: list[Section] = []
    seen: set[str] = set()
    token = _KIND.set(kind)
    try:
        for build in ROLE_SECTIONS:
            for section in build(scope):
                if section.key not in seen:
                    seen.add(section.key)
                    sections.append(_only_kind(section, kind))
    finally:
        _KIND.reset(token)
    return sections


def _only_kind(section: Section, kind: str | None) -> Section:
    """A section built from a list rather than a query (approvals, findings to decide) keeps only
    its items of the kind; those built from a query were filtered in it."""
    if kind is None:
        return section
    kept_items = [item for item in section.items if item.case is None or kind in frameworks.keys_of(item.case)]
    if len(kept_items) != len(section.items):  # only a list-built section, whose total is its items
        section.items, section.total = kept_items, len(kept_items)
    return section


def kinds_for(user) -> list[tuple[str, str]]:
    """The kinds of review run by the person's partnerships, when there is more than one to choose."""
    running = {key for pid in {p.pk for p in partnerships_of(user)} for key in enabled_frameworks(pid)}
    kinds = [(f.key, f.label) for f in frameworks.registered() if f.key in running]
    return kinds if len(kinds) > 1 else []


def work_count(user, today: date) -> int:
    return sum(s.total for s in work_for(user, today))


# Pages about a whole partnership, by the capability that opens them.
PARTNERSHIP_PAGES = (
    ("manage_case_lifecycle", "Requests to agencies", "contributions:partnership",
     "Every outstanding and overdue request, with reminders."),
    ("manage_learning", "Action log", "learning:log", "Every improvement action across the partnership's reviews."),
    ("view_dashboard", "Dashboard", "learning:dashboard", "Timeliness, themes and the yearly report."),
    ("manage_process_pack", "Process pack", "process:overview", "Routes, stages, timescales and templates."),
    ("manage_people", "People", "partnerships:people", "Who has which role, invitations and roles to confirm."),
    ("view_audit", "Audit log", "partnerships:audit", "Every change and every view of identifying details."),
    ("approve_disposal", "Retention and disposal", "retention:overview",
     "How long records are kept, legal holds, and disposal batches to approve."),
    ("answer_subject_access", "Subject access requests", "subjectaccess:list",
     "Search every case for a person who asked for their information, and export their bundle."),
    ("manage_sign_in", "Single sign-on", "sso:providers",
     "Let people sign in with their organisation's account, such as Microsoft Entra ID."),
    ("manage_api_tokens", "API tokens", "api_tokens:list",
     "Tokens for other systems to read the figures, with when each was last used."),
)


def partnership_pages(user, partnership_id: int, slug: str) -> list[tuple[str, str, str]]:

    pages = [(title, reverse(name, args=[slug]), hint) for capability, title, name, hint in PARTNERSHIP_PAGES
             if has_capability(user, partnership_id, capability)]
    if has_capability(user, partnership_id, "manage_library"):
        pages.append(("Library", reverse("library:manage"), "Reports and briefings the partnership has added."))
    return pages


# The roles that work in a partnership's cases; the system administrator's role is about accounts.
_CASE_WORK = CAPABILITIES["refer_case"] | CAPABILITIES["view_all_cases"]


def _hubs(user) -> list[tuple[object, list[tuple[str, str, str]]]]:
    """Each partnership whose cases the person works in, with its partnership-wide pages they may open."""
    hubs = []
    for partnership in partnerships_of(user):
        pages = partnership_pages(user, partnership.pk, partnership.slug) if roles_in(
            user, partnership.pk) & _CASE_WORK else []
        if pages:
            hubs.append((partnership, pages))
    return hubs


def hub_partnerships(user) -> list:
    """The partnerships where the person has at least one partnership-wide page."""
    return [partnership for partnership, _ in _hubs(user)]


def places_for(user) -> list[tuple[str, str]]:
    """Where else this person works: the lists behind "Your work"."""
    places = [("Cases", reverse("cases:list"))]
    if meetings.has_meetings(user):
        places.append(("Meetings", reverse("meetings:list")))
    if partnership_ids_where(user, "refer_case"):
        places += [("Your agency's requests", reverse("contributions:mine")),
                   ("Your agency's improvement actions", reverse("learning:mine")),
                   ("Refer a case", reverse("referrals:list"))]
    for _, pages in _hubs(user):
        places += [(title, href) for title, href, _ in pages]
    return places
