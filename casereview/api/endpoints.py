"""The read-only JSON API (django-ninja, OpenAPI at /api/v1/openapi.json). Each call names one
partnership through its token, reads only what that token's scopes allow, and is audited. Nothing
identifying is returned: no name, date of birth or address, and no free text written about a child."""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import NinjaAPI
from ninja.errors import HttpError
from ninja.security import HttpBearer

from casereview.api import tokens
from casereview.api.models import ApiToken, Scope
from casereview.api.schemas import (
    ActionOut,
    CaseClockOut,
    CaseDetailOut,
    CaseOut,
    DashboardOut,
    ProblemOut,
    TrackerRowOut,
)
from casereview.audit.models import Action as AuditAction
from casereview.audit.services import audit_record
from casereview.cases.models import Case, CaseClock, open_statuses
from casereview.learning import dashboard, outputs
from casereview.learning import queries as learning
from casereview.learning.models import Action


class TokenAuth(HttpBearer):
    def __call__(self, request) -> ApiToken | None:
        found = super().__call__(request)
        if found is None:
            # Refused before any partnership is known (no token, or not a live one): recorded without
            # one, with the address it came from.
            audit_record(action=AuditAction.ACCESS_DENIED, code="api.refused",
                         params={"endpoint": request.resolver_match.url_name if request.resolver_match else ""})
        return found

    def authenticate(self, request, token: str) -> ApiToken | None:
        return tokens.token_for(token)


api = NinjaAPI(title="Case reviews: read-only API", version="1", urls_namespace="api", docs_url=None,
               auth=TokenAuth(),
               description="Pseudonymised cases and their clocks, improvement actions, dashboard figures and "
                           "the NHS Safeguarding Case Review Tracker return, for one partnership per token.")

REFUSED = {401: ProblemOut, 403: ProblemOut}


def _allowed(request, scope: str, endpoint: str) -> ApiToken:
    token: ApiToken = request.auth
    if scope not in token.scopes:
        tokens.call_record(token, endpoint, 403)
        raise HttpError(403, f"This token may not read {endpoint}: ask for the “{Scope(scope).label}” scope")
    tokens.call_record(token, endpoint, 200)
    return token


def _clock_state(clock: CaseClock, today: date) -> str:
    if clock.met_on:
        return "met_late" if clock.met_on > clock.due_on else "met"
    return "overdue" if clock.due_on < today else "running"


def _clock(clock: CaseClock, today: date) -> dict:
    return {"key": clock.key, "name": clock.rule.name, "started_on": clock.anchor_on, "due_on": clock.due_on,
            "met_on": clock.met_on, "paused": clock.paused, "state": _clock_state(clock, today)}


def _case(case: Case) -> dict:
    return {"reference": case.reference, "pseudonym": case.pseudonym, "framework": case.framework,
            "status": case.status, "status_label": case.get_status_display(),
            "route": case.route.name if case.route else None, "stage": case.stage.name if case.stage else None,
            "on_hold": case.on_hold, "local_authority": case.local_authority.name if case.local_authority else None,
            "submitted_on": timezone.localdate(case.submitted_at) if case.submitted_at else None,
            "next_due_on": case.next_due_date, "next_deadline": case.next_clock_name}


def _cases(token: ApiToken):
    return (Case.objects.filter(partnership_id=token.partnership_id).exclude(status="draft")
            .exclude(reference=None).select_related("route", "stage", "local_authority").order_by("reference"))


@api.get("/cases", response={200: list[CaseOut], **REFUSED}, url_name="cases",
         summary="Every referred case, pseudonymised")
def cases(request, open_only: bool = False):
    token = _allowed(request, Scope.CASES, "cases")
    found = _cases(token)
    if open_only:
        found = found.filter(status__in=open_statuses())
    return [_case(c) for c in found]


@api.get("/cases/{reference}", response={200: CaseDetailOut, 404: ProblemOut, **REFUSED}, url_name="case",
         summary="One case with its milestones and clocks")
def case(request, reference: str):
    token = _allowed(request, Scope.CASES, "a case")
    found = get_object_or_404(_cases(token).prefetch_related(
        "milestones", Prefetch("clocks", queryset=CaseClock.objects.select_related("rule").order_by("due_on"))),
        reference=reference)
    today = timezone.localdate()
    return {**_case(found), "milestones": {m.event: m.on for m in found.milestones.all()},
            "clocks": [_clock(c, today) for c in found.clocks.all()]}


@api.get("/clocks", response={200: list[CaseClockOut], **REFUSED}, url_name="clocks",
         summary="The clocks of open cases, with their state today")
def clocks(request):
    token = _allowed(request, Scope.CASES, "clocks")
    today = timezone.localdate()
    found = (CaseClock.objects.filter(case__partnership_id=token.partnership_id, case__status__in=open_statuses())
             .select_related("rule", "case").order_by("due_on", "pk"))
    return [{**_clock(c, today), "case_reference": c.case.reference} for c in found]


@api.get("/actions", response={200: list[ActionOut], **REFUSED}, url_name="actions",
         summary="Improvement actions from the partnership's reviews")
def actions(request):
    token = _allowed(request, Scope.ACTIONS, "actions")
    found = (Action.objects.filter(recommendation__case__partnership_id=token.partnership_id)
             .select_related("agency", "recommendation__case").order_by("due_on", "pk"))
    return [{"id": a.pk, "case_reference": a.recommendation.case.reference, "agency": a.agency.name,
             "description": a.description, "start_on": a.start_on, "due_on": a.due_on, "status": a.status,
             "done_on": a.done_on, "assured_on": a.assured_on} for a in found]




@api.get("/dashboard", response={200: DashboardOut, 400: ProblemOut, **REFUSED}, url_name="dashboard",
         summary="The dashboard's figures for a period (the last twelve months unless given)")
def figures(request, start_on: date | None = None, end_on: date | None = None, framework: str | None = None):
    token = _allowed(request, Scope.DASHBOARD, "dashboard figures")
    end = end_on or timezone.localdate()
    start = start_on or end - timedelta(days=365)
    if start > end:
        raise HttpError(400, "start_on must not be after end_on")
    data = dashboard.figures(token.partnership, start, end, timezone.localdate(), framework)
    return {"start_on": start, "end_on": end, "counts": data["counts"], "cases_behind": data["cases_behind"],
            "timeliness": [{"name": t.name, "total": t.total, "on_time": t.on_time, "average": t.average,
                            "unit": t.unit} for t in data["timeliness"]],
            "by_route": [{"label": label, "count": n} for label, n in data["by_route"]],
            "by_stage": [{"label": str(label), "count": n} for label, n in data["by_stage"]],
            "actions_by_agency": [{"agency": r["agency__name"], "total": r["total"], "on_time": r["on_time"],
                                   "overdue": r["overdue"], "evidenced": r["evidenced"]} for r in data["by_agency"]],
            "actions_with_impact_evidence_percent": data["evidenced_share"],
            "themes": [{"label": label, "count": n} for label, n in data["themes"]]}


@api.get("/returns/nhs-tracker", response={200: list[TrackerRowOut], **REFUSED}, url_name="nhs-tracker",
         summary="The NHS Safeguarding Case Review Tracker return, one record per case")
def nhs_tracker(request):
    token = _allowed(request, Scope.RETURNS, "the NHS tracker return")
    return outputs.tracker_rows(learning.tracker_cases(token.partnership))
