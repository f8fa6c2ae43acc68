from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from casereview.audit.models import Action
from casereview.audit.services import audit_record
from casereview.cases import queries, services
from casereview.cases.forms import AddMemberForm, CaseSearchForm
from casereview.cases.models import Case, CaseMembership, CaseRole
from casereview.govuk.forms_bridge import apply_validation_error


def _case(request: HttpRequest, reference: str, perm: str = "cases.view_case") -> Case:
    case = get_object_or_404(Case.objects.select_related("partnership", "local_authority"), reference=reference)
    if not request.user.has_perm(perm, case):
        # A refusal, not "not found": people need to know to ask the business unit for access.
        # References are not identifying, so confirming one exists reveals nothing about a child.
        raise PermissionDenied
    return case


def case_list(request: HttpRequest) -> HttpResponse:
    form = CaseSearchForm(request.GET or None)
    search = form.cleaned_data["q"] if form.is_valid() else ""
    page = Paginator(queries.case_list_for(request.user, search=search), 50).get_page(request.GET.get("page"))
    return render(request, "cases/list.html", {"form": form, "page": page, "search": search})


@never_cache
def case_detail(request: HttpRequest, reference: str) -> HttpResponse:
    case = _case(request, reference)
    audit_record(action=Action.VIEW_CASE, request=request, target=case, case=case, partnership=case.partnership,
                 summary="Viewed the case summary")
    return render(request, "cases/detail.html", {
        "case": case,
        "members": queries.case_members(case),
        "subjects": case.subjects.all(),
        "can_view_identity": request.user.has_perm("cases.view_identity", case),
        "can_manage_members": request.user.has_perm("cases.manage_members", case),
        "can_view_access_log": request.user.has_perm("cases.view_access_log", case),
    })


@never_cache
def case_identity(request: HttpRequest, reference: str) -> HttpResponse:
    case = _case(request, reference, "cases.view_identity")
    identities = queries.subject_identities_for(user=request.user, case=case, request=request)
    return render(request, "cases/identity.html", {"case": case, "identities": identities})


def case_access_log(request: HttpRequest, reference: str) -> HttpResponse:
    case = _case(request, reference, "cases.view_access_log")
    audit_record(action=Action.VIEW_AUDIT, request=request, target=case, case=case, partnership=case.partnership,
                 summary="Viewed the case access log")
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
            services.case_member_add(case=case, person=form.cleaned_data["person"], role=role, by=request.user,
                                     request=request)
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
    services.case_member_remove(membership=membership, by=request.user, request=request)
    messages.success(request, f"{membership.person.full_name} has been removed from the case")
    return redirect("cases:detail", case.reference)
