"""The business unit manager's subject access pages: open a request, read what the search found,
choose what to release, name the third parties to redact, and export the bundle."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from casereview.govuk.forms_bridge import apply_validation_error
from casereview.partnerships.models import Partnership
from casereview.partnerships.pages import partnership_for
from casereview.subjectaccess import services
from casereview.subjectaccess.forms import BundleForm, OpenForm
from casereview.subjectaccess.models import SubjectAccessRequest, one_month_after


def _partnership(request, slug: str) -> Partnership:
    return partnership_for(request, slug, "answer_subject_access")


@never_cache
@require_http_methods(["GET", "POST"])
def requests(request, slug: str):
    partnership = _partnership(request, slug)
    form = OpenForm(request.POST or None, initial={"received_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            opened = services.request_open(partnership=partnership, by=request.user, full_name=data["full_name"],
                                           other_names=data["other_names"], date_of_birth=data["date_of_birth"],
                                           received_on=data["received_on"])
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            return redirect("subjectaccess:request", partnership.slug, opened.pk)
    found = list(SubjectAccessRequest.objects.filter(partnership=partnership).select_related("exported_by")[:50])
    return render(request, "subjectaccess/requests.html", {
        "partnership": partnership, "form": form, "requests": found,
        "due": {r.pk: one_month_after(r.received_on) for r in found}})


@never_cache
@require_http_methods(["GET", "POST"])
def subject_request(request, slug: str, pk: int):
    partnership = _partnership(request, slug)
    found = get_object_or_404(SubjectAccessRequest, pk=pk, partnership=partnership)
    hits = services.request_search(sar=found, by=request.user)
    form = BundleForm(request.POST if request.method == "POST" else None, hits=hits)
    if request.method == "POST" and form.is_valid():
        try:
            # The search this page just ran and showed: documents are read once, not twice.
            bundle = services.bundle_export(sar=found, by=request.user, chosen=set(form.cleaned_data["chosen"]),
                                            third_parties=form.cleaned_data["third_parties"].splitlines(), found=hits)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            response = HttpResponse(bundle, content_type="application/zip")
            response["Content-Disposition"] = f'attachment; filename="subject-access-request-{found.pk}.zip"'
            response["Cache-Control"] = "private, no-store"
            return response
    if request.method == "POST" and not form.is_valid():
        messages.error(request, "The bundle was not exported: put right what is shown below")
    return render(request, "subjectaccess/request.html", {
        "partnership": partnership, "request_": found, "hits": hits, "form": form,
        "due": one_month_after(found.received_on)})
