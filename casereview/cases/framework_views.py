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
