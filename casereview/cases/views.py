from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from casereview.audit.models import Action
from casereview.audit.services import audit_record
from casereview.cases import exports, frameworks, lifecycle, page_links, queries, services
from casereview.cases.forms import AddMemberForm, OwnerForm, TrackerForm
from casereview.cases.models import Case, CaseMembership, CaseRole
from casereview.cases.tracker import TrackerFilters, tracker_cases, tracker_page
from casereview.govuk.forms_bridge import apply_validation_error
from casereview.govuk.params import int_or_none
from casereview.partnerships.access import has_capability, partnership_ids_where
from casereview.process.calendar import closed_days_by_partnership


def _case(request: HttpRequest, reference: str, perm: str = "cases.view_case") -> Case:
    case = get_object_or_404(Case.objects.select_related("partnership", "local_authority", "route", "stage", "owner"),
                             reference=reference)
    if not request.user.has_perm(perm, case):
        # A refusal, not "not found": people need to know to ask the business unit for access.
        # References are not identifying, so confirming one exists reveals nothing about a child.
        raise PermissionDenied
    return case


def _tracker_filters(request: HttpRequest):
    ids = set(partnership_ids_where(request.user, "view_all_cases")) | set(
        partnership_ids_where(request.user, "view_member_cases"))
    form = TrackerForm(request.GET or None, **queries.tracker_choices(ids))
    data = form.cleaned_data if form.is_valid() else {}
    filters = TrackerFilters(
        search=data.get("q") or "", framework=data.get("kind") or "", route=data.get("route") or "", stage=data.get("stage") or "",
        state=data.get("state") or "", year=data.get("year"), agency=data.get("agency"),
        local_authority=data.get("local_authority"), sort=data.get("sort") or "deadline",
        descending=data.get("order") == "desc")
    return form, filters, ids


def case_list(request: HttpRequest) -> HttpResponse:
    """The tracker: the business unit's home page, and every other person's list of their cases."""
    form, filters, ids = _tracker_filters(request)
    today = timezone.localdate()
    page, rows = tracker_page(request.user, filters, today, request.GET.get("page"), ids,
                              count=queries.tracker_count(request.user, filters, today))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "cases/list.html", {
        "filters_html": queries.tracker_filters_html(ids, request.GET.urlencode(), lambda: form),
        "page": page, "table_rows": rows, "filters": filters,
        "query": query.urlencode(), "can_export": bool(partnership_ids_where(request.user, "export_cases")),
        "can_refer": bool(partnership_ids_where(request.user, "refer_case")),
        "intakes": queries.intakes_for(request.user),
    })


def case_export(request: HttpRequest, fmt: str) -> HttpResponse:
    allowed = partnership_ids_where(request.user, "export_cases")
    if not allowed or fmt not in ("csv", "xlsx"):
        raise PermissionDenied
    form, filters, ids = _tracker_filters(request)
    today = timezone.localdate()
    cases = list(tracker_cases(request.user, filters, today).filter(partnership_id__in=allowed))
    calendars = closed_days_by_partnership(ids)
    for partnership_id in {c.partnership_id for c in cases} or set(allowed[:1]):
        audit_record(action=Action.EXPORT, actor=request.user, partnership_id=partnership_id,
                     code="cases.tracker_exported", params={"format": fmt, "count": len(cases)})
    body = exports.to_csv(cases, calendars, today) if fmt == "csv" else exports.to_xlsx(cases, calendars, today)
    content_type = "text/csv; charset=utf-8" if fmt == "csv" else (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="cases-{today.isoformat()}.{fmt}"'
    return response


@never_cache
def case_detail(request: HttpRequest, reference: str) -> HttpResponse:
    case = _case(request, reference)
    audit_record(action=Action.VIEW_CASE, actor=request.user, target=case, case=case, partnership=case.partnership,
                 code="cases.summary_viewed")
    return render(request, "cases/detail.html", {
        "case": case,
        **queries.case_page(case, request.user),
        "members": queries.case_members(case),
        "subjects": case.subjects.all(),
        "can_view_identity": request.user.has_perm("cases.view_identity", case),
        "can_manage_members": request.user.has_perm("cases.manage_members", case),
        "can_view_access_log": request.user.has_perm("cases.view_access_log", case),
        "can_manage": request.user.has_perm("cases.manage_lifecycle", case),
        "steps": [(t, lifecycle.step_classes(case, t)) for t in lifecycle.available_transitions(case, request.user)],
        "work_links": page_links.links_for(request.user, case),
        "kinds": [f.label for f in frameworks.all_of(case)],
        "can_join": (case.status == "in_review" and request.user.has_perm("cases.manage_lifecycle", case)
                     and bool(services.joint_choices(case))),
    })


@never_cache
@require_http_methods(["GET", "POST"])
def case_step(request: HttpRequest, reference: str, name: str) -> HttpResponse:
    case = _case(request, reference, "cases.take_step")
    transition = frameworks.of(case).transitions.get(name)
    if transition is None or name == "submit":
        raise Http404
    if transition not in lifecycle.available_transitions(case, request.user):
        if not has_capability(request.user, case.partnership_id, transition.capability):
            raise PermissionDenied
        messages.error(request, lifecycle.refusal_reason(case, transition))
        return redirect("cases:detail", case.reference)
    form = transition.form(request.POST or None, case=case)
    if request.method == "POST" and form.is_valid():
        try:
            lifecycle.case_transition(case=case, name=name, by=request.user, data=form.cleaned_data, expected_version=int_or_none(request.POST.get("lock_version")))
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, f"{transition.label}: done")
            return redirect("cases:detail", case.reference)
    return render(request, "cases/step.html", {"case": case, "form": form, "transition": transition,
                                               **queries.step_context(case, name)})



@require_POST
def case_checklist(request: HttpRequest, reference: str) -> HttpResponse:
    case = _case(request, reference, "cases.manage_lifecycle")
    if case.stage_id is None:
        raise Http404
    try:
        services.checklist_toggle(case=case, stage=case.stage, document=request.POST.get("document", ""),
                                  done=request.POST.get("done") == "yes", by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    return redirect(reverse("cases:detail", args=[case.reference]) + "#checklist")


@require_http_methods(["GET", "POST"])
def case_owner(request: HttpRequest, reference: str) -> HttpResponse:
    case = _case(request, reference, "cases.manage_lifecycle")
    form = OwnerForm(request.POST or None, people=services.owner_choices(case),
                     initial={"owner": case.owner_id})
    if request.method == "POST" and form.is_valid():
        try:
            services.case_owner_set(case=case, owner=form.cleaned_data["owner"], by=request.user)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, f"{form.cleaned_data['owner'].full_name} now runs this case")
            return redirect("cases:detail", case.reference)
    return render(request, "cases/owner.html", {"case": case, "form": form})


@never_cache
def case_identity(request: HttpRequest, reference: str) -> HttpResponse:
    case = _case(request, reference, "cases.view_identity")
    identities = queries.subject_identities_for(user=request.user, case=case)
    return render(request, "cases/identity.html", {"case": case, "identities": identities})


def case_access_log(request: HttpRequest, reference: str) -> HttpResponse:
    case = _case(request, reference, "cases.view_access_log")
    audit_record(action=Action.VIEW_AUDIT, actor=request.user, target=case, case=case, partnership=case.partnership,
                 code="cases.access_log_viewed")
    page = Paginator(queries.case_access_log(case), 50).get_page(request.GET.get("page"))
    return render(request, "cases/access_log.html", {"case": case, "page": page})


@require_http_methods(["GET", "POST"])
def case_add_member(request: HttpRequest, reference: str, role: str) -> HttpResponse:
    case = _case(request, reference, "cases.manage_members")
    if role not in CaseRole.values:
        raise PermissionDenied
    form = AddMemberForm(request.POST or None, people=services.eligible_members(case, role), role=role)
    if request.method == "POST" and form.is_valid():
        try:
            services.case_member_add(case=case, person=form.cleaned_data["person"], role=role, by=request.user)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, f"{form.cleaned_data['person'].full_name} has been added to the case")
            return redirect("cases:detail", case.reference)
    return render(request, "cases/add_member.html", {"case": case, "form": form, "role": CaseRole(role)})


@require_POST
def case_remove_member(request: HttpRequest, reference: str, membership_id: int) -> HttpResponse:
    case = _case(request, reference, "cases.manage_members")
    membership = get_object_or_404(CaseMembership.objects.select_related("person"), pk=membership_id, case=case)
    services.case_member_remove(membership=membership, by=request.user)
    messages.success(request, f"{membership.person.full_name} has been removed from the case")
    return redirect("cases:detail", case.reference)
