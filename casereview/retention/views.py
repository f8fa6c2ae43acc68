"""The business unit manager's retention pages: the schedule, legal holds, and disposal batches to
approve, which become disposal certificates."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from casereview.cases.models import Case
from casereview.govuk.forms_bridge import apply_validation_error
from casereview.govuk.params import int_or_none
from casereview.partnerships.models import Partnership
from casereview.partnerships.pages import partnership_for
from casereview.retention import schedule, services
from casereview.retention.forms import HoldForm, RejectForm, RuleForm
from casereview.retention.models import BatchState, DisposalBatch, LegalHold, RecordKind, RetentionRule


def _partnership(request, slug: str) -> Partnership:
    return partnership_for(request, slug, "approve_disposal")


@never_cache
def overview(request, slug: str):
    partnership = _partnership(request, slug)
    return render(request, "retention/overview.html", {
        "partnership": partnership, "rules": schedule.schedule_for(partnership),
        "holds": list(LegalHold.objects.filter(partnership=partnership, lifted_at=None).select_related("case",
                                                                                                     "placed_by")),
        "batches": list(DisposalBatch.objects.filter(partnership=partnership).select_related("decided_by")[:20])})


@never_cache
@require_http_methods(["GET", "POST"])
def rule(request, slug: str, kind: str):
    partnership = _partnership(request, slug)
    if kind not in RecordKind.values:
        raise PermissionDenied
    schedule.schedule_for(partnership)
    found = get_object_or_404(RetentionRule, partnership=partnership, kind=kind)
    form = RuleForm(request.POST or None, initial={"trigger": found.trigger, "years": found.years})
    if request.method == "POST" and form.is_valid():
        try:
            services.rule_change(rule=found, by=request.user, trigger=form.cleaned_data["trigger"],
                                 years=form.cleaned_data["years"],
                                 expected_version=int_or_none(request.POST.get("lock_version")))
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, f"{found.get_kind_display()}: the rule is saved")
            return redirect("retention:overview", partnership.slug)
    return render(request, "retention/rule.html", {"partnership": partnership, "rule": found, "form": form})


@never_cache
@require_http_methods(["GET", "POST"])
def hold_new(request, slug: str):
    partnership = _partnership(request, slug)
    cases = Case.objects.filter(partnership=partnership).exclude(reference=None).order_by("reference")
    form = HoldForm(request.POST or None, cases=cases)
    if request.method == "POST" and form.is_valid():
        try:
            services.hold_place(partnership=partnership, by=request.user, case=form.cleaned_data["case"],
                                reason=form.cleaned_data["reason"])
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "The legal hold is placed: nothing it covers will be disposed of")
            return redirect("retention:overview", partnership.slug)
    return render(request, "retention/hold.html", {"partnership": partnership, "form": form})


@require_POST
def hold_lift(request, slug: str, pk: int):
    partnership = _partnership(request, slug)
    services.hold_lift(hold=get_object_or_404(LegalHold, pk=pk, partnership=partnership), by=request.user)
    messages.success(request, "The legal hold is lifted")
    return redirect("retention:overview", partnership.slug)


@never_cache
@require_http_methods(["GET", "POST"])
def batch(request, slug: str, pk: int):
    partnership = _partnership(request, slug)
    found = get_object_or_404(DisposalBatch, pk=pk, partnership=partnership)
    form = RejectForm(request.POST if request.POST.get("decision") == "reject" else None)
    if request.method == "POST":
        try:
            if request.POST.get("decision") == "approve":
                services.batch_approve(batch=found, by=request.user)
                messages.success(request, "The batch is disposed of. This page is its certificate.")
                return redirect("retention:batch", partnership.slug, found.pk)
            if form.is_valid():
                services.batch_reject(batch=found, by=request.user, note=form.cleaned_data["note"])
                messages.success(request, "The batch is not approved: nothing was disposed of")
                return redirect("retention:overview", partnership.slug)
        except ValidationError as error:
            apply_validation_error(form, error)
    items = list(found.items.order_by("reference", "kind"))
    return render(request, "retention/batch.html", {
        "partnership": partnership, "batch": found, "items": items, "form": form,
        "held": {item.pk: schedule.held(item.case) for item in items if item.case}
        if found.state == BatchState.PROPOSED else {}})
