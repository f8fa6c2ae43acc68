"""Pages of the adults framework: the SAR referral, the case's SAR record, the adult's
involvement and the board's annual report figures. Thin: forms check shape, services write."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from casereview.adults import forms, queries, rules, services
from casereview.adults.framework import referral_problems
from casereview.audit.models import Action
from casereview.audit.services import audit_record
from casereview.cases import frameworks, lifecycle
from casereview.cases.models import Case, CaseStatus, SubjectIdentity, SubjectKind
from casereview.govuk.forms_bridge import apply_validation_error
from casereview.govuk.params import int_or_none
from casereview.learning.models import Finding
from casereview.partnerships.access import partnerships_where
from casereview.partnerships.models import Partnership


def _draft(request: HttpRequest, pk: int) -> Case:
    # Drafts are private to their author: anyone else gets "not found".
    case = get_object_or_404(Case.objects.select_related("partnership", "referral", "sar_referral"), pk=pk,
                             status=CaseStatus.DRAFT, framework=frameworks.ADULTS)
    if case.created_by_id != request.user.pk:
        raise Http404
    return case


def _sar(request: HttpRequest, reference: str) -> Case:
    case = get_object_or_404(Case.objects.select_related("partnership", "route", "stage"), reference=reference)
    if not rules.sees_sar(request.user, case):
        if not rules.is_sar(case):
            raise Http404
        raise PermissionDenied
    return case


@require_POST
def referral_start(request: HttpRequest) -> HttpResponse:
    allowed = {str(p.pk): p for p in partnerships_where(request.user, "refer_case") if rules.runs_sars(p.pk)}
    partnership = allowed.get(request.POST.get("partnership", "")) or (
        next(iter(allowed.values())) if len(allowed) == 1 else None)
    if partnership is None:
        raise PermissionDenied
    case = services.sar_referral_start(partnership=partnership, by=request.user)
    return redirect("adults:referral", case.pk)


@never_cache
@require_http_methods(["GET", "POST"])
def referral(request: HttpRequest, pk: int) -> HttpResponse:
    case = _draft(request, pk)
    referral = case.referral
    adult = case.subjects.filter(kind=SubjectKind.ADULT).first()
    identity = SubjectIdentity.objects.filter(subject=adult).first() if adult else None
    if request.method == "GET" and identity is not None:
        audit_record(action=Action.VIEW_IDENTITY, actor=request.user, target=case, partnership=case.partnership,
                     code="adults.referral_viewed")
    initial = {name: getattr(referral, name) for name in services.REFERRAL_FIELDS}
    initial.update({name: getattr(case.sar_referral, name) for name in services.ANSWER_FIELDS})
    initial.update(local_authority=case.local_authority_id, agencies=list(case.agencies.values_list("pk", flat=True)))
    if adult is not None:
        initial.update({name: getattr(adult, name) for name in services.SUBJECT_FIELDS})
    if identity is not None:
        initial.update(full_name=identity.full_name, date_of_birth=identity.date_of_birth)
    form = forms.SarReferralForm(request.POST or None, initial=initial, partnership=case.partnership)
    if request.method == "POST" and form.is_valid():
        try:
            services.sar_referral_save(case=case, by=request.user, data=form.cleaned_data,
                                       expected_version=int_or_none(request.POST.get("lock_version")))
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "Your draft has been saved")
            return redirect("adults:referral-check", case.pk)
    return render(request, "adults/referral.html", {"case": case, "form": form, "referral": referral})


@never_cache
def referral_check(request: HttpRequest, pk: int) -> HttpResponse:
    case = _draft(request, pk)
    return render(request, "adults/referral_check.html", {
        "case": case, "referral": case.referral, "answers": case.sar_referral,
        "adult": case.subjects.filter(kind=SubjectKind.ADULT).first(), "problems": referral_problems(case)})


@require_POST
def referral_submit(request: HttpRequest, pk: int) -> HttpResponse:
    case = _draft(request, pk)
    try:
        case = lifecycle.case_transition(case=case, name="submit", by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("adults:referral-check", case.pk)
    return render(request, "adults/referral_submitted.html", {"case": case})


def record(request: HttpRequest, reference: str) -> HttpResponse:
    case = _sar(request, reference)
    # A SAR added to a review already under way (a joint review) was screened and decided under the
    # case's own framework: the page says so, rather than showing empty SAR steps.
    joint = (case.framework_runs.filter(framework=frameworks.ADULTS).select_related("added_by").first()
             if case.framework != frameworks.ADULTS else None)
    return render(request, "adults/record.html", {"case": case, "sar": queries.sar_record(case), "joint": joint,
                                                  "lead": frameworks.of(case),
                                                  "can_edit": rules.manages_sar(request.user, case)})


@require_http_methods(["GET", "POST"])
def involvement(request: HttpRequest, reference: str) -> HttpResponse:
    case = _sar(request, reference)
    if not rules.manages_sar(request.user, case):
        raise PermissionDenied
    current = queries.sar_record(case).involvement
    form = forms.InvolvementForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in forms.InvolvementForm.Meta.fields}
        try:
            services.involvement_save(case=case, by=request.user, data=data,
                                      expected_version=int_or_none(request.POST.get("lock_version")))
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "The adult's involvement has been recorded")
            return redirect("adults:record", case.reference)
    return render(request, "adults/involvement.html", {"case": case, "form": form, "current": current})


def annual(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = get_object_or_404(Partnership, slug=slug)
    if not rules.sees_annual_figures(request.user, partnership.pk):
        raise PermissionDenied
    this_year = queries.financial_year(timezone.localdate())
    year = int_or_none(request.GET.get("year")) or this_year
    if not 2000 <= year <= this_year:
        year = this_year
    return render(request, "adults/annual.html", {
        "partnership": partnership, "year": year, "years": list(range(this_year, this_year - 6, -1)),
        "figures": queries.annual_figures(partnership.pk, year), "form": forms.NotActedOnForm()})


@require_http_methods(["GET", "POST"])
def not_acted_on(request: HttpRequest, finding_id: int) -> HttpResponse:
    finding = get_object_or_404(Finding.objects.select_related("case", "case__partnership"), pk=finding_id)
    if not rules.manages_sar(request.user, finding.case):
        raise PermissionDenied
    form = forms.NotActedOnForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.finding_not_acted_on_record(finding=finding, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, f"The reason for not acting on finding {finding.number} has been recorded")
            return redirect("adults:annual", finding.case.partnership.slug)
    return render(request, "adults/not_acted_on.html", {"finding": finding, "form": form})
