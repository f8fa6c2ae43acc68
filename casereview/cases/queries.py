"""Reads for case pages. Each takes the viewing user and returns only what they may see."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.urls import reverse

from casereview.audit.kept import kept
from casereview.audit.models import Action, AuditEvent
from casereview.audit.services import audit_record
from casereview.cases import checklist as checklist_files
from casereview.cases import frameworks
from casereview.cases.models import Case, CaseMembership, CaseStatus, FrameworkRun, SubjectIdentity
from casereview.govuk.kept_html import kept_html
from casereview.partnerships.access import frameworks_where, partnership_ids_where
from casereview.partnerships.models import Agency, LocalAuthority, Partnership
from casereview.partnerships.queries import enabled_frameworks
from casereview.process import deadlines, workdays
from casereview.process.calendar import closed_days
from casereview.process.models import ClockRule, Milestone


def cases_visible_to(user) -> QuerySet[Case]:
    if not (user.is_authenticated and user.is_active):
        return Case.objects.none()
    # A subquery rather than a join, so no DISTINCT is needed and the tracker stays one simple query.
    member_of = CaseMembership.objects.filter(person=user).values("case_id")
    seen = Q(pk__in=[])
    for capability, extra in (("view_all_cases", Q()), ("view_member_cases", Q(pk__in=member_of))):
        where = frameworks_where(user, capability)
        every = [pid for pid, only in where.items() if only is None]
        if every:
            seen |= Q(partnership_id__in=every) & extra
        for pid, only in where.items():
            if only is not None:  # a role bound to one framework sees that framework's cases only
                joint = FrameworkRun.objects.filter(framework__in=sorted(only)).values("case_id")
                seen |= Q(partnership_id=pid) & (Q(framework__in=sorted(only)) | Q(pk__in=joint)) & extra
    return Case.objects.filter(seen).exclude(status=CaseStatus.DRAFT)


def case_members(case: Case) -> QuerySet[CaseMembership]:
    return case.memberships.select_related("person", "person__agency").order_by("role", "person__full_name")


def subject_identities_for(*, user, case: Case) -> list[SubjectIdentity]:
    """Identifying details of the case's children and family. Every call is audited as a view."""
    if not user.has_perm("cases.view_identity", case):
        raise PermissionError("not allowed to see identifying details")
    identities = list(
        SubjectIdentity.objects.filter(subject__case=case).select_related("subject").order_by(
            "subject__order", "subject__pk")
    )
    audit_record(action=Action.VIEW_IDENTITY, actor=user, target=case, case=case,
                 partnership=case.partnership, code="cases.identities_viewed",
                 params={"count": len(identities)})
    return identities


def case_access_log(case: Case) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(case=case).select_related("actor").order_by("-at", "-pk")


def _clock_rows(case: Case, today):

    closed = closed_days(case.partnership_id)
    rows = []
    for clock in case.clocks.select_related("rule").order_by("due_on", "key"):
        running = clock.met_on is None and not clock.paused
        left = workdays.working_days_between(today, clock.due_on, closed) if running else None
        soon_from = (workdays.add_working_days(clock.due_on, -clock.rule.reminder_working_days, closed)
                     if running else None)
        state = deadlines.state_of(clock.due_on, today, soon_from=soon_from, met_on=clock.met_on,
                                   met_late=clock.met_late, on_hold=clock.paused)
        rows.append({"clock": clock, "state": state, "left": left})
    return rows


def case_page(case: Case, user) -> dict:
    """Everything the case page shows beyond the case row itself."""
    from django.utils import timezone

    from casereview.cases.models import ChecklistTick

    today = timezone.localdate()
    checklist = []
    if case.stage_id:
        ticks = {t.document: t for t in ChecklistTick.objects.filter(case=case, stage=case.stage)
                 .select_related("ticked_by")}
        files = checklist_files.held(case, case.stage, user)
        required = set(case.stage.required)
        checklist = [{"document": doc, "tick": ticks.get(doc), "required": doc in required,
                      "files": files.get(doc, []), "ready": any(f.ready for f in files.get(doc, [])),
                      "upload": checklist_files.upload_href(case, case.stage, doc, user)}
                     for doc in case.stage.documents]
    stages = list(case.route.stages.filter(active=True).order_by("order", "pk")) if case.route_id else []
    return {
        "clock_rows": _clock_rows(case, today),
        "checklist": checklist,
        "route_stages": stages,
        "timeline": case.transitions.select_related("by").order_by("-at", "-pk")[:100],
        "referral": getattr(case, "referral", None),
        "screening": getattr(case, "screening", None),
        "notification": getattr(case, "panel_notification", None),
        "rapid_review": getattr(case, "rapid_review", None),
        "decision": case.decisions.select_related("route", "partner_la", "partner_police", "partner_icb").first(),
        "holds": list(case.holds.all()),
        "open_hold": next((h for h in case.holds.all() if h.ended_on is None), None),
        "agencies": list(case.agencies.order_by("name")),
    }


def step_context(case: Case, name: str) -> dict:
    """What a step page tells the person before they act."""

    context: dict = {}
    if name == "hold_place":
        clocks = list(case.clocks.filter(met_on__isnull=True).select_related("rule"))
        kinds = {c.key for c in clocks}
        upcoming = [r for r in ClockRule.objects.current().filter(partnership_id=case.partnership_id)
                    if r.key not in kinds and (not r.route_kind or (case.route_id and r.route_kind == case.route.kind))]
        context["pausing"] = [c.rule.name for c in clocks if c.rule.paused_by_holds] + [
            r.name for r in upcoming if r.paused_by_holds]
        context["running"] = [c.rule.name for c in clocks if not c.rule.paused_by_holds]
    if name == "advance" and case.stage_id:
        from casereview.cases.lifecycle import publishes, sign_off_blockers

        nxt = case.route.stages.filter(active=True, order__gt=case.stage.order).order_by("order", "pk").first()
        context["next_stage"] = nxt
        context["publishes"] = publishes(case)
        # Said before the form is filled in, so nobody types a date only to be refused.
        if case.stage.milestone == Milestone.APPROVED:
            context["blockers"] = sign_off_blockers(case)
    if name in ("screen", "notify", "withdraw"):
        # The referral beside the form: screening and notifying never send anyone back to look it up.
        context["referral"] = getattr(case, "referral", None)
        context["subjects"] = list(case.subjects.order_by("order", "pk"))
        context["agencies"] = list(case.agencies.order_by("name"))
    if name == "rapid_review_send":
        from casereview.cases.lifecycle import rapid_review_blockers

        context["blockers"] = rapid_review_blockers(case)
    return context


def tracker_choices(partnership_ids) -> dict:
    """The tracker filter's years, agencies and local authorities for these partnerships, kept
    until the next audited change: a national viewer's form lists hundreds, the same every view."""

    ids = sorted(partnership_ids)

    def work_out() -> dict:
        return {
            "years": sorted({y for y in Case.objects.filter(partnership_id__in=ids).exclude(year=None).order_by()
                             .values_list("year", flat=True).distinct()}, reverse=True),
            "agencies": list(Agency.objects.filter(partnership_id__in=ids).order_by("name").values_list("pk", "name")),
            "local_authorities": list(LocalAuthority.objects.filter(partnership_id__in=ids).order_by("name")
                                      .values_list("pk", "name")),
        }

    return kept("tracker-choices", tuple(ids), work_out)


def tracker_count(user, filters, today) -> int:
    """How many cases the person's tracker holds with these filters: kept until the next audited
    change or the next day (deadline states move with the date). Which cases a person may see
    changes only by audited changes (roles, membership), so the count never shows another's."""
    from dataclasses import astuple

    from casereview.cases.tracker import tracker_cases

    return kept("tracker-count", (user.pk, today.isoformat(), *astuple(filters)),
                lambda: tracker_cases(user, filters, today, joined=False).count(), seconds=60)


def tracker_filters_html(partnership_ids, query: str, make_form) -> str:
    """The filter form as this query string fills it in. A national viewer's agency list has
    over a thousand options, and the form depends only on the query and the partnerships in view."""

    return kept_html("tracker-filters", tuple(sorted(partnership_ids)), "cases/_tracker_filters.html",
                     lambda: {"form": make_form()}, query=query)


def intakes_for(user) -> list[tuple[str, str]]:
    """(words, address) of each way the person's business unit opens a case itself, in each
    partnership that runs the framework it belongs to: "Record a police notification". Kept until
    the next audited change (enabling a framework and giving a role both are): the tracker asks on
    every view."""
    from_partnerships = partnership_ids_where(user, "manage_case_lifecycle")
    if not from_partnerships:
        return []
    return kept("intakes", tuple(sorted(from_partnerships)), lambda: _intakes(from_partnerships))


def _intakes(from_partnerships: list[int]) -> list[tuple[str, str]]:
    out = []
    for partnership in Partnership.objects.filter(pk__in=from_partnerships).order_by("name"):
        enabled = enabled_frameworks(partnership.pk)
        for framework in frameworks.registered():
            if framework.intake_url and framework.key in enabled:
                words = framework.intake_words + (f" ({partnership.short_name})" if len(from_partnerships) > 1 else "")
                out.append((words, reverse(framework.intake_url, args=[partnership.slug])))
    return out


def with_framework_keys(cases: list[Case]) -> list[Case]:
    """Reads every case's joint frameworks in one query, so asking each case's frameworks costs
    nothing more however many cases a page lists."""
    joint: dict[int, list[str]] = {}
    for case_id, key in FrameworkRun.objects.filter(case__in=cases).values_list("case_id", "framework"):
        joint.setdefault(case_id, []).append(key)
    for case in cases:
        case._framework_keys = [case.framework, *[k for k in joint.get(case.pk, []) if k != case.framework]]
    return cases
