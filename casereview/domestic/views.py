"""Pages of the domestic abuse framework: recording the police's notification, the review's own
record, the family's involvement, the Home Office panel's letters and the copy to the Commissioner."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from casereview.cases import frameworks
from casereview.cases.models import Case
from casereview.domestic import forms, rules, services
from casereview.domestic.models import CommissionerCopy, FamilyInvolvement, PoliceNotification, QaFeedback
from casereview.govuk.forms_bridge import apply_validation_error
from casereview.govuk.params import int_or_none
from casereview.partnerships.models import Partnership


def _dardr(request: HttpRequest, reference: str, *, write: bool = False) -> Case:
    case = get_object_or_404(Case.objects.select_related("partnership", "route", "stage"), reference=reference)
    if not rules.is_dardr(case):
        raise Http404
    if not (rules.manages_dardr(request.user, case) if write else rules.sees_dardr(request.user, case)):
        raise PermissionDenied
    return case


@require_http_methods(["GET", "POST"])
def notify(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = get_object_or_404(Partnership, slug=slug)
    if not rules.records_notifications(request.user, partnership.pk):
        raise PermissionDenied
    form = forms.NotificationForm(request.POST if request.method == "POST" else None, partnership=partnership)
    if request.method == "POST" and form.is_valid():
        try:
            case = services.notification_record(partnership=partnership, by=request.user, data=form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, f"The notification is recorded as {case.reference}, {case.pseudonym}")
            return redirect("cases:detail", case.reference)
    return render(request, "domestic/notify.html", {"partnership": partnership, "form": form})


def record(request: HttpRequest, reference: str) -> HttpResponse:
    case = _dardr(request, reference)
    return render(request, "domestic/record.html", {
        "case": case, "notification": PoliceNotification.objects.filter(case=case).first(),
        "decisions": list(case.dar_decisions.select_related("chair")), "answers": list(case.home_office_answers.all()),
        "feedback": list(QaFeedback.objects.filter(case=case)),
        "family": FamilyInvolvement.objects.filter(case=case).first(),
        "copy": CommissionerCopy.objects.filter(case=case).first(),
        "can_edit": rules.manages_dardr(request.user, case),
        # Added to a review already under way: its notification and decision were the other framework's.
        "joint": (case.framework_runs.filter(framework=frameworks.DOMESTIC_ABUSE).select_related("added_by").first()
                  if case.framework != frameworks.DOMESTIC_ABUSE else None),
        "lead": frameworks.of(case)})


@require_http_methods(["GET", "POST"])
def family(request: HttpRequest, reference: str) -> HttpResponse:
    case = _dardr(request, reference, write=True)
    current = FamilyInvolvement.objects.filter(case=case).first()
    form = forms.FamilyForm(request.POST if request.method == "POST" else None, instance=current,
                            initial={"chosen_name": case.pseudonym})
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in forms.FamilyForm.Meta.fields}
        try:
            services.family_save(case=case, by=request.user, data=data, chosen_name=form.cleaned_data["chosen_name"],
                                 expected_version=int_or_none(request.POST.get("lock_version")))
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "The family's involvement has been recorded")
            return redirect("domestic:record", case.reference)
    return render(request, "domestic/family.html", {"case": case, "form": form, "current": current})


@require_http_methods(["GET", "POST"])
def qa(request: HttpRequest, reference: str) -> HttpResponse:
    case = _dardr(request, reference, write=True)
    form = forms.QaFeedbackForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.qa_feedback_add(case=case, by=request.user, data=form.cleaned_data)
        messages.success(request, "The panel's feedback letter has been recorded")
        return redirect("domestic:record", case.reference)
    return render(request, "domestic/form.html", {"case": case, "form": form, "button": "Record the letter",
                                                  "heading": "The Home Office quality assurance panel's letter"})


@require_http_methods(["GET", "POST"])
def commissioner(request: HttpRequest, reference: str) -> HttpResponse:
    case = _dardr(request, reference, write=True)
    form = forms.CommissionerForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.commissioner_copy_record(case=case, by=request.user, sent_on=form.cleaned_data["sent_on"])
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "The copy to the Domestic Abuse Commissioner has been recorded")
            return redirect("domestic:record", case.reference)
    return render(request, "domestic/form.html", {"case": case, "form": form, "button": "Record",
                                                  "heading": "The report sent to the Domestic Abuse Commissioner"})
