"""The process pack pages: a partnership's business unit manager changes routes, stages,
clock rules and the calendar here, without code or a restart."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from casereview.documents.render import Document
from casereview.govuk.forms_bridge import apply_validation_error
from casereview.govuk.params import int_or_none, year_or_this
from casereview.partnerships.models import Partnership
from casereview.partnerships.queries import enabled_frameworks
from casereview.process import queries, rules, services
from casereview.process.forms import (
    ClockRuleForm,
    LogoForm,
    NonWorkingDayForm,
    ReminderRuleForm,
    RouteForm,
    StageForm,
)
from casereview.process.models import ClockRule, NonWorkingDay, ReminderRule, ReminderSubject, Route, Stage


def _partnership(request: HttpRequest, slug: str) -> Partnership:
    partnership = get_object_or_404(Partnership, slug=slug)
    if not rules.manages_pack(request.user, partnership):
        raise PermissionDenied
    return partnership


def pack_overview(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = _partnership(request, slug)
    return render(request, "process/overview.html", {
        "partnership": partnership, "routes": queries.routes(partnership), "rules": queries.current_rules(partnership),
        "reminder_rules": queries.reminder_rules(partnership), "frameworks_enabled": enabled_frameworks(partnership.pk)})


@require_http_methods(["GET", "POST"])
def reminder_edit(request: HttpRequest, slug: str, subject: str) -> HttpResponse:
    partnership = _partnership(request, slug)
    rule = get_object_or_404(ReminderRule, partnership=partnership, subject=subject)
    own_reminders = rule.subject == ReminderSubject.CLOCK
    form = ReminderRuleForm(request.POST or None, own_reminders=own_reminders, initial={
        "remind_before": rule.remind_before, "escalate_after": rule.escalate_after, "unit": rule.unit})
    if request.method == "POST" and form.is_valid():
        try:
            services.reminder_rule_change(rule=rule, by=request.user,
                                          expected_version=int_or_none(request.POST.get("lock_version")),
                                          **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, f"The reminders for {rule.get_subject_display().lower()} have been saved. "
                                      "They apply from the next daily check.")
            return redirect(reverse("process:overview", args=[partnership.slug]) + "#reminders")
    return render(request, "process/reminder_edit.html", {"partnership": partnership, "rule": rule, "form": form,
                                                           "own_reminders": own_reminders})


@require_http_methods(["GET", "POST"])
def route_edit(request: HttpRequest, slug: str, route_id: int) -> HttpResponse:
    partnership = _partnership(request, slug)
    route = get_object_or_404(Route, pk=route_id, partnership=partnership)
    form = RouteForm(request.POST or None, initial={"name": route.name, "description": route.description})
    if request.method == "POST" and form.is_valid():
        try:
            services.route_update(route=route, by=request.user,
                                  expected_version=int_or_none(request.POST.get("lock_version")), **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, f"“{form.cleaned_data['name']}” has been saved")
            return redirect("process:overview", partnership.slug)
    return render(request, "process/route_edit.html", {"partnership": partnership, "route": route, "form": form})


@require_http_methods(["GET", "POST"])
def stage_edit(request: HttpRequest, slug: str, route_id: int, stage_id: int | None = None) -> HttpResponse:
    partnership = _partnership(request, slug)
    route = get_object_or_404(Route, pk=route_id, partnership=partnership)
    stage = get_object_or_404(Stage, pk=stage_id, route=route) if stage_id else None
    initial = ({"name": stage.name, "description": stage.description,
                "expected_documents": stage.expected_documents, "required_documents": stage.required_documents,
                "active": stage.active} if stage else {"active": True})
    form = StageForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.stage_save(route=route, stage=stage, by=request.user,
                                expected_version=int_or_none(request.POST.get("lock_version")), **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, f"The stage “{form.cleaned_data['name']}” has been saved")
            return redirect("process:overview", partnership.slug)
    return render(request, "process/stage_edit.html", {"partnership": partnership, "route": route, "stage": stage,
                                                        "form": form})


@require_POST
def stage_move(request: HttpRequest, slug: str, route_id: int, stage_id: int) -> HttpResponse:
    partnership = _partnership(request, slug)
    stage = get_object_or_404(Stage, pk=stage_id, route_id=route_id, route__partnership=partnership)
    try:
        services.stage_move(stage=stage, by=request.user, direction=-1 if request.POST.get("direction") == "up" else 1)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    return redirect("process:overview", partnership.slug)


@require_http_methods(["GET", "POST"])
def rule_edit(request: HttpRequest, slug: str, rule_id: int) -> HttpResponse:
    partnership = _partnership(request, slug)
    rule = get_object_or_404(ClockRule, pk=rule_id, partnership=partnership)
    if rule.retired_at is not None:
        current = queries.current_rule(partnership, rule.key)
        return redirect("process:rule", partnership.slug, current.pk)
    form = ClockRuleForm(request.POST or None, initial={
        "name": rule.name, "offset": abs(rule.offset), "unit": rule.unit,
        "direction": "before" if rule.offset < 0 else "after", "anchor": rule.anchor, "met_by": rule.met_by,
        "route_kind": rule.route_kind, "statutory": rule.statutory, "paused_by_holds": rule.paused_by_holds,
        "reminder_working_days": rule.reminder_working_days})
    if request.method == "POST" and form.is_valid():
        try:
            successor = services.clock_rule_change(rule=rule, by=request.user, reason=form.cleaned_data["reason"], **form.rule_values())
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, f"“{successor.name}” is now version {successor.version}. New clocks use it.")
            # Recomputing open clocks is the case engine's, above this app (ADR 0028).
            return redirect("cases:rule-recompute", partnership.slug, successor.pk)
    history = queries.rule_history(partnership, rule.key)
    return render(request, "process/rule_edit.html", {"partnership": partnership, "rule": rule, "form": form,
                                                       "history": history})


@require_http_methods(["GET", "POST"])
def calendar(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = _partnership(request, slug)
    year = year_or_this(request.GET.get("year"))
    form = NonWorkingDayForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            entry = services.non_working_day_add(partnership=partnership, by=request.user,
                                                 day=form.cleaned_data["day"], name=form.cleaned_data["name"],
                                                 kind=NonWorkingDay.Kind.LOCAL_CLOSURE)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, f"{entry} has been added. Clocks use it from their next change or the "
                                      "daily sweep.")
            return redirect(f"{request.path}?year={entry.date.year}")
    days = queries.days_off(partnership, year)
    return render(request, "process/calendar.html", {"partnership": partnership, "form": form, "days": days,
                                                      "year": year})


@require_POST
def calendar_remove(request: HttpRequest, slug: str, day_id: int) -> HttpResponse:
    partnership = _partnership(request, slug)
    entry = get_object_or_404(NonWorkingDay, pk=day_id, partnership=partnership)
    services.non_working_day_remove(entry=entry, partnership=partnership, by=request.user)
    messages.success(request, f"{entry} has been removed")
    return redirect(f"{reverse('process:calendar', args=[partnership.slug])}?year={entry.date.year}")



@require_http_methods(["GET", "POST"])
def logo(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = _partnership(request, slug)
    form = LogoForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and request.POST.get("remove"):
        services.partnership_logo_set(partnership=partnership, by=request.user, content=None)
        messages.success(request, "The logo has been removed from documents")
        return redirect("process:overview", partnership.slug)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["logo"]
        try:
            services.partnership_logo_set(partnership=partnership, by=request.user,
                                          content=upload.read(services.LOGO_MAX_BYTES + 1))
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "The logo will appear on every document the service produces")
            return redirect("process:overview", partnership.slug)
    return render(request, "process/logo.html", {"partnership": partnership, "form": form,
                                                 "preview": Document(title="", partnership=partnership.name,
                                                                     logo=partnership.logo,
                                                                     logo_type=partnership.logo_type)})
