"""The review frameworks a partnership runs: the business unit manager enables one, which gives
the partnership its routes, clocks and checklists, and may name it as the partnership does."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from casereview.cases import frameworks, services
from casereview.cases.models import Case
from casereview.govuk.dates import GovukDateField
from casereview.govuk.forms_bridge import apply_validation_error
from casereview.partnerships.access import has_capability
from casereview.partnerships.models import Partnership
from casereview.partnerships.queries import enabled_frameworks, framework_labels


class EnableForm(forms.Form):
    key = forms.ChoiceField(label="Review framework", widget=forms.RadioSelect,
                            error_messages={"required": "Select the framework to enable"})
    label = forms.CharField(label="What your partnership calls it (optional)", max_length=120, required=False,
                            help_text="For example “DARDR” where others say “DHR”. Leave blank for the usual name.")

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["key"].choices = choices


@require_http_methods(["GET", "POST"])
def framework_list(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = get_object_or_404(Partnership, slug=slug)
    if not has_capability(request.user, partnership.pk, "manage_process_pack"):
        raise PermissionDenied
    enabled = enabled_frameworks(partnership.pk)
    offered = [(f.key, f.label) for f in frameworks.registered() if f.key not in enabled]
    form = EnableForm(request.POST if request.method == "POST" else None, choices=offered)
    if request.method == "POST" and form.is_valid():
        try:
            services.framework_enable(partnership=partnership, key=form.cleaned_data["key"],
                                      label=form.cleaned_data["label"], by=request.user)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, f"{frameworks.get(form.cleaned_data['key']).label} are now enabled: their "
                                      "routes, deadlines and checklists are in the process pack")
            return redirect("process:overview", partnership.slug)
    labels = framework_labels(partnership.pk)
    return render(request, "cases/frameworks.html", {
        "partnership": partnership, "form": form if offered else None,
        "enabled": [(frameworks.get(key), labels.get(key, "")) for key in enabled if key in
                    {f.key for f in frameworks.registered()}]})


class JointForm(forms.Form):
    key = forms.ChoiceField(label="Also run this case as", widget=forms.RadioSelect,
                            error_messages={"required": "Select the kind of review"})
    reason = forms.CharField(label="Why the review is held jointly", widget=forms.Textarea(attrs={"rows": 4}),
                             help_text="For example, the board and the community safety partnership agreed one "
                                       "review for an adult with care and support needs killed by a partner.",
                             error_messages={"required": "Say why the review is held jointly"})
    started_on = GovukDateField(label="Date the joint review was agreed")

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["key"].choices = choices


@require_http_methods(["GET", "POST"])
def case_joint(request: HttpRequest, reference: str) -> HttpResponse:
    case = get_object_or_404(Case.objects.select_related("partnership", "route", "stage"), reference=reference)
    if not request.user.has_perm("cases.manage_lifecycle", case):
        raise PermissionDenied
    offered = services.joint_choices(case)
    form = JointForm(request.POST if request.method == "POST" else None,
                     choices=[(f.key, f.label) for f in offered])
    if request.method == "POST" and form.is_valid():
        try:
            services.framework_run_add(case=case, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "The case is now a joint review: both kinds' gates, deadlines and sign-offs "
                                      "apply")
            return redirect("cases:detail", case.reference)
    return render(request, "cases/joint.html", {"case": case, "form": form, "offered": offered})
