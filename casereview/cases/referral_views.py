"""Referral pages: anyone in an agency starts one, saves it as a draft and submits it."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from casereview.audit.models import Action
from casereview.audit.services import audit_record
from casereview.cases import frameworks, lifecycle, referrals
from casereview.cases.models import Case, CaseStatus, Subject, SubjectIdentity, SubjectKind
from casereview.cases.referral_forms import REFERRAL_FIELDS, IncidentForm, PersonForm
from casereview.govuk.forms_bridge import apply_validation_error
from casereview.govuk.params import int_or_none
from casereview.partnerships.access import partnerships_where
from casereview.partnerships.queries import enabled_frameworks


def _draft(request: HttpRequest, pk: int) -> Case:
    # Drafts are private to their author: anyone else gets "not found", not a hint that one exists.
    case = get_object_or_404(Case.objects.select_related("partnership", "referral"), pk=pk, status=CaseStatus.DRAFT,
                             framework=frameworks.CHILDREN)
    if case.created_by_id != request.user.pk:
        raise Http404
    return case


def referral_list(request: HttpRequest) -> HttpResponse:
    partnerships = partnerships_where(request.user, "refer_case")
    if not partnerships:
        raise PermissionDenied
    mine = (Case.objects.filter(created_by=request.user, partnership__in=partnerships)
            .select_related("partnership")
            .order_by("-updated_at"))
    # Other kinds of review the person can refer to: each framework a partnership of theirs runs.
    other_kinds = [(framework, [p for p in partnerships if framework.key in enabled_frameworks(p.pk)])
                   for framework in frameworks.registered()
                   if framework.key != frameworks.CHILDREN and framework.referral_url]
    return render(request, "cases/referrals/list.html", {"drafts": [c for c in mine if c.status == CaseStatus.DRAFT],
                                                          "submitted": [c for c in mine if c.submitted_at],
                                                          "partnerships": partnerships,
                                                          "draft_urls": {f.key: f.draft_url or "referrals:list"
                                                                         for f in frameworks.registered()},
                                                          "other_kinds": [(f, ps) for f, ps in other_kinds if ps]})


@require_POST
def referral_start(request: HttpRequest) -> HttpResponse:
    partnerships = {str(p.pk): p for p in partnerships_where(request.user, "refer_case")}
    partnership = partnerships.get(request.POST.get("partnership", "")) or (
        next(iter(partnerships.values())) if len(partnerships) == 1 else None)
    if partnership is None:
        raise PermissionDenied
    case = referrals.referral_start(partnership=partnership, by=request.user)
    return redirect("referrals:incident", case.pk)


@never_cache
def referral_overview(request: HttpRequest, pk: int) -> HttpResponse:
    case = _draft(request, pk)
    problems = lifecycle.referral_problems(case)
    subjects = list(case.subjects.select_related("identity").order_by("order", "pk"))
    if subjects:
        _audit_identity_view(request, case, "cases.referral_names_viewed")
    return render(request, "cases/referrals/overview.html", {
        "case": case, "referral": case.referral, "problems": problems,
        "children": [s for s in subjects if s.kind == SubjectKind.CHILD],
        "family": [s for s in subjects if s.kind == SubjectKind.FAMILY_MEMBER],
        "sections_incomplete": {section for section, _ in problems},
    })


@never_cache
@require_http_methods(["GET", "POST"])
def referral_incident(request: HttpRequest, pk: int) -> HttpResponse:
    case = _draft(request, pk)
    referral = case.referral
    initial = {name: getattr(referral, name) for name in REFERRAL_FIELDS}
    initial.update(local_authority=case.local_authority_id, agencies=list(case.agencies.values_list("pk", flat=True)))
    form = IncidentForm(request.POST or None, initial=initial, partnership=case.partnership)
    if request.method == "POST" and form.is_valid():
        try:
            referrals.referral_save(case=case, by=request.user, data=form.cleaned_data,
                                    expected_version=int_or_none(request.POST.get("lock_version")))
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "Your draft has been saved")
            return redirect("referrals:overview", case.pk)
    return render(request, "cases/referrals/incident.html", {"case": case, "form": form, "referral": referral})


def _audit_identity_view(request: HttpRequest, case: Case, code: str, params: dict | None = None) -> None:
    # Even the author's own view of names is recorded: every view of identifying details is.
    audit_record(action=Action.VIEW_IDENTITY, actor=request.user, target=case, partnership=case.partnership,
                 code=code, params=params)



@never_cache
@require_http_methods(["GET", "POST"])
def referral_person(request: HttpRequest, pk: int, kind: str, subject_id: int | None = None) -> HttpResponse:
    case = _draft(request, pk)
    if kind not in SubjectKind.values:
        raise Http404
    subject = get_object_or_404(Subject, pk=subject_id, case=case, kind=kind) if subject_id else None
    initial = {}
    if subject is not None:
        identity = SubjectIdentity.objects.filter(subject=subject).first()
        if request.method == "GET":
            _audit_identity_view(request, case, "cases.referral_person_viewed", {"label": subject.label})
        initial = {name: getattr(subject, name) for name in referrals.SUBJECT_FIELDS}
        initial["local_authority"] = subject.local_authority_id
        if identity is not None:
            initial.update({name: getattr(identity, name) for name in referrals.IDENTITY_FIELDS})
    form = PersonForm(request.POST or None, initial=initial, partnership=case.partnership,
                      child=kind == SubjectKind.CHILD)
    if request.method == "POST" and form.is_valid():
        saved = referrals.referral_person_save(case=case, by=request.user, kind=kind, data=form.cleaned_data,
                                               subject=subject)
        messages.success(request, f"{saved.label} has been saved")
        return redirect("referrals:overview", case.pk)
    return render(request, "cases/referrals/person.html", {"case": case, "form": form, "kind": SubjectKind(kind),
                                                            "subject": subject})


@require_POST
def referral_person_remove(request: HttpRequest, pk: int, subject_id: int) -> HttpResponse:
    case = _draft(request, pk)
    subject = get_object_or_404(Subject, pk=subject_id, case=case)
    referrals.referral_person_remove(case=case, by=request.user, subject=subject)
    messages.success(request, f"{subject.label} has been removed")
    return redirect("referrals:overview", case.pk)


@require_POST
def referral_submit(request: HttpRequest, pk: int) -> HttpResponse:
    case = _draft(request, pk)
    try:
        case = lifecycle.case_transition(case=case, name="submit", by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("referrals:overview", case.pk)
    return render(request, "cases/referrals/submitted.html", {"case": case})


@require_POST
def referral_discard(request: HttpRequest, pk: int) -> HttpResponse:
    case = _draft(request, pk)
    referrals.referral_discard(case=case, by=request.user)
    messages.success(request, "The draft referral has been deleted")
    return redirect("referrals:list")
