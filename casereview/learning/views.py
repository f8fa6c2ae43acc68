"""Pages for learning into practice."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from casereview.accounts.decorators import public
from casereview.accounts.models import User
from casereview.audit.kept import kept
from casereview.audit.models import Action as AuditAction
from casereview.audit.services import audit_record
from casereview.cases import frameworks
from casereview.cases.models import Case
from casereview.documents import file_checks
from casereview.documents import render as documents
from casereview.govuk.forms_bridge import apply_validation_error
from casereview.govuk.kept_html import kept_html
from casereview.govuk.params import int_or_none
from casereview.govuk.xlsx import workbook
from casereview.learning import dashboard, outputs, queries, services
from casereview.learning.forms import (
    ActionForm,
    BriefingForm,
    DisseminationForm,
    FindingForm,
    PeriodForm,
    RecommendationForm,
    UpdateForm,
)
from casereview.learning.models import Action, ActionUpdate, Briefing
from casereview.learning.rules import sees_learning
from casereview.learning.yearly_report_export import yearly_report_export_request
from casereview.library import similar
from casereview.library.models import LibraryDocument
from casereview.library.queries import visible_document
from casereview.partnerships.access import has_capability, partnerships_where
from casereview.partnerships.models import Partnership
from casereview.partnerships.queries import enabled_frameworks


def _case(request: HttpRequest, reference: str, *, manage: bool = False) -> Case:
    case = get_object_or_404(Case.objects.select_related("partnership"), reference=reference)
    if not request.user.has_perm("cases.view_case", case):
        raise PermissionDenied
    if manage and not has_capability(request.user, case.partnership_id, "manage_learning"):
        raise PermissionDenied
    return case


@never_cache
def case_learning(request: HttpRequest, reference: str) -> HttpResponse:
    case = _case(request, reference)
    if not sees_learning(request.user, case):
        raise PermissionDenied
    recommendations = list(case.recommendations.select_related("finding", "library_document")
                           .prefetch_related("actions__agency", "actions__lead"))
    repeats = {r.pk: services.similar_recommendations(partnership_id=case.partnership_id, text=r.text,
                                                      exclude_case_id=case.pk)[:3] for r in recommendations}
    national = {r.pk: services.similar_national_recommendations(r.text, exclude_document_id=r.library_document_id)[:3]
                for r in recommendations}
    findings = list(case.findings.all())
    cases_like = [(score, other) for score, other in queries.cases_like(case, findings)
                  if request.user.has_perm("cases.view_case", other)]
    return render(request, "learning/case.html", {
        "case": case, "findings": findings, "recommendations": recommendations, "repeats": repeats,
        "national_repeats": national, "similar": _reviews_like(case, findings), "cases_like": cases_like,
        "briefings": list(case.briefings.all()),
        "can_manage": has_capability(request.user, case.partnership_id, "manage_learning")})


def _reviews_like(case: Case, findings) -> list:
    """Published reviews closest in meaning to the case's findings, worked out once per change (the
    findings are read in this process only; nothing about them is stored or sent anywhere)."""
    if not findings:
        return []

    ids = kept("reviews-like-case", (case.pk,), lambda: similar.closest_to_text("\n".join(f.text for f in findings), 5))
    found = LibraryDocument.objects.in_bulk(ids)
    return [found[pk] for pk in ids if pk in found and found[pk].is_listed]


@require_http_methods(["GET", "POST"])
def finding_new(request: HttpRequest, reference: str) -> HttpResponse:
    case = _case(request, reference, manage=True)
    form = FindingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.finding_add(case=case, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "The finding has been recorded")
            return redirect("learning:case", case.reference)
    return render(request, "learning/form.html", {"case": case, "form": form, "heading": "Record a finding",
                                                  "button": "Save"})


@require_http_methods(["GET", "POST"])
def recommendation_new(request: HttpRequest, reference: str) -> HttpResponse:
    case = _case(request, reference, manage=True)
    form = RecommendationForm(request.POST or None, findings=case.findings.all())
    if request.method == "POST" and form.is_valid():
        try:
            made = services.recommendation_add(case=case, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            similar = services.similar_recommendations(partnership_id=case.partnership_id, text=made.text,
                                                       exclude_case_id=case.pk)
            messages.success(request, "The recommendation has been recorded" + (
                f". It resembles {len(similar)} earlier {'recommendation' if len(similar) == 1 else 'recommendations'}"
                ": see below" if similar else ""))
            return redirect("learning:case", case.reference)
    return render(request, "learning/form.html", {"case": case, "form": form, "heading": "Record a recommendation",
                                                  "button": "Save"})


@require_http_methods(["GET", "POST"])
def action_new(request: HttpRequest, reference: str, recommendation_id: int) -> HttpResponse:
    case = _case(request, reference, manage=True)
    recommendation = get_object_or_404(case.recommendations, pk=recommendation_id)

    people = (User.objects.filter(is_active=True, role_assignments__partnership=case.partnership)
              .exclude(agency=None).select_related("agency").distinct().order_by("agency__name", "full_name"))
    form = ActionForm(request.POST or None, agencies=case.partnership.agencies.order_by("name"), people=people)
    if request.method == "POST" and form.is_valid():
        try:
            services.action_add(recommendation=recommendation, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "The action has been assigned; its lead has been told")
            return redirect("learning:case", case.reference)
    return render(request, "learning/form.html", {"case": case, "form": form, "heading": "Assign an action",
                                                  "button": "Assign", "intro": recommendation.text})


def _action(request: HttpRequest, pk: int) -> Action:
    action = get_object_or_404(Action.objects.select_related("recommendation__case__partnership", "agency", "lead"),
                               pk=pk)
    case = action.recommendation.case
    # The lead, and colleagues in the owning agency, only while they work in the case's partnership:
    # someone removed from it loses the actions they led along with their roles.
    in_partnership = has_capability(request.user, case.partnership_id, "refer_case")
    if not (sees_learning(request.user, case) or (in_partnership and (
            action.lead_id == request.user.pk or request.user.agency_id == action.agency_id))):
        raise PermissionDenied
    return action


@never_cache
@require_http_methods(["GET", "POST"])
def action_detail(request: HttpRequest, pk: int) -> HttpResponse:
    action = _action(request, pk)
    case = action.recommendation.case
    form = UpdateForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and "assure" in request.POST:
        try:
            services.action_assure(action=action, by=request.user)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, "The action is assured: its impact is evidenced")
        return redirect("learning:action", action.pk)
    if request.method == "POST" and form.is_valid():
        try:
            services.action_update_add(action=action, by=request.user,
                                       text=form.cleaned_data["text"], impact=form.cleaned_data["impact"],
                                       upload=form.cleaned_data["file"], mark_done=form.cleaned_data["mark_done"])
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "Your update has been recorded")
            return redirect("learning:action", action.pk)
    return render(request, "learning/action.html", {
        "action": action, "case": case, "form": form, "updates": list(action.updates.select_related("by")),
        "can_update": services.can_update(request.user, action),
        "can_assure": has_capability(request.user, case.partnership_id, "assure_actions"),
        "today": timezone.localdate()})


def evidence_download(request: HttpRequest, pk: int, update_id: int) -> HttpResponse:
    action = _action(request, pk)
    update = get_object_or_404(ActionUpdate, pk=update_id, action=action)
    if not update.file:
        raise Http404
    audit_record(action=AuditAction.EXPORT, actor=request.user, target=update, case=action.recommendation.case,
                 partnership=action.recommendation.case.partnership, code="learning.evidence_downloaded")
    # Named and served by what the content is, whatever name it came with: a PNG that is also HTML
    # downloads as .png, never as the .html its uploader called it.
    with update.file.open("rb") as handle:
        content = handle.read()  # evidence files are at most 5 MB
    content_type, extension = file_checks.detected_type(content) or ("application/octet-stream", "bin")
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="evidence-{update.pk}.{extension}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@never_cache
def my_actions(request: HttpRequest) -> HttpResponse:
    partnership_ids = [p.pk for p in partnerships_where(request.user, "refer_case")]
    if not partnership_ids:
        raise PermissionDenied
    actions = queries.actions_for_person(request.user, partnership_ids)
    return render(request, "learning/mine.html", {"actions": actions, "today": timezone.localdate()})


# --- Briefings ---------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def briefing_edit(request: HttpRequest, reference: str, kind: str | None = None,
                  briefing_id: int | None = None) -> HttpResponse:
    case = _case(request, reference, manage=True)
    briefing = get_object_or_404(Briefing, pk=briefing_id, case=case) if briefing_id else None
    return _briefing_form(request, briefing, kind, {"case": case}, lambda: {
        "title": f"Learning from the review of {case.pseudonym}", **services.briefing_draft_sections(case, kind)})


def _briefing_form(request: HttpRequest, briefing: Briefing | None, kind: str | None, owner: dict, draft
                   ) -> HttpResponse:
    """The briefing form, on a case or on a library report (`owner`: case, or partnership and source)."""
    kind = briefing.kind if briefing else kind
    if kind not in Briefing.Kind.values:
        raise Http404
    initial = {"title": briefing.title, **briefing.sections} if briefing else draft()
    form = BriefingForm(request.POST or None, initial=initial, headings=(briefing or Briefing(kind=kind)).headings)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        title = data.pop("title")
        try:
            saved = services.briefing_save(**owner, by=request.user, kind=kind, title=title, sections=data,
                                           briefing=briefing,
                                           expected_version=int_or_none(request.POST.get("lock_version")))
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "The briefing has been saved")
            return redirect("learning:briefing", saved.pk)
    return render(request, "learning/form.html", {
        "case": owner.get("case"), "source": owner.get("source"), "form": form, "heading": Briefing.Kind(kind).label,
        "button": "Save briefing", "lock_version": briefing.lock_version if briefing else None})


def _briefing(request: HttpRequest, briefing_id: int, *, manage: bool = False) -> Briefing:
    """A briefing the person may see: through its case, or (on a library report) through the
    partnership's learning roles."""
    briefing = get_object_or_404(Briefing.objects.select_related("case", "partnership", "source"), pk=briefing_id)
    if briefing.case_id and not request.user.has_perm("cases.view_case", briefing.case):
        raise PermissionDenied
    if not any(has_capability(request.user, briefing.partnership_id, c)
               for c in (("manage_learning",) if manage else ("manage_learning", "assure_actions", "view_dashboard"))):
        raise PermissionDenied
    return briefing


def _briefing_page(request: HttpRequest, briefing: Briefing, form) -> HttpResponse:
    return render(request, "learning/briefing.html", {
        "briefing": briefing, "case": briefing.case,
        "html": documents.to_fragment(services.briefing_document(briefing)),
        "dissemination": list(briefing.dissemination.select_related("agency")), "form": form,
        "can_manage": has_capability(request.user, briefing.partnership_id, "manage_learning"),
        "can_approve": has_capability(request.user, briefing.partnership_id, "assure_actions")})


@never_cache
def briefing_detail(request: HttpRequest, briefing_id: int) -> HttpResponse:
    briefing = _briefing(request, briefing_id)
    return _briefing_page(request, briefing, DisseminationForm(agencies=briefing.partnership.agencies.order_by("name")))


@require_http_methods(["GET", "POST"])
def report_briefing_edit(request: HttpRequest, slug: str, document_id: int, kind: str | None = None,
                         briefing_id: int | None = None) -> HttpResponse:
    """A briefing written on a report in the library (a National Panel report), with no local case."""

    partnership = get_object_or_404(Partnership, slug=slug)
    if not has_capability(request.user, partnership.pk, "manage_learning"):
        raise PermissionDenied
    source = get_object_or_404(LibraryDocument, pk=document_id)
    if visible_document(source.slug, request.user) is None:
        raise Http404
    briefing = (get_object_or_404(Briefing, pk=briefing_id, partnership=partnership, source=source, case=None)
                if briefing_id else None)
    return _briefing_form(request, briefing, kind, {"partnership": partnership, "source": source}, lambda: {
        "title": f"Learning from “{source.title}”"[:200], **services.briefing_draft_from_report(source, kind)})


@require_POST
def briefing_step(request: HttpRequest, briefing_id: int, step: str) -> HttpResponse:
    briefing = _briefing(request, briefing_id)
    try:
        if step == "approve":
            services.briefing_approve(briefing=briefing, by=request.user)
            messages.success(request, "The briefing is approved")
        elif step == "publish":
            services.briefing_publish(briefing=briefing, by=request.user)
            messages.success(request, "The briefing is published in the public library")
        else:
            raise Http404
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect("learning:briefing", briefing.pk)


@require_POST
def dissemination_add(request: HttpRequest, briefing_id: int) -> HttpResponse:
    briefing = _briefing(request, briefing_id, manage=True)
    form = DisseminationForm(request.POST, agencies=briefing.partnership.agencies.order_by("name"))
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.dissemination_add(briefing=briefing, by=request.user, kind=data["kind"],
                                       on=data["on"], agency=data["agency"], team=data["team"],
                                       attendance=data["attendance"] or 0, responses=data["responses"] or 0,
                                       changed=data["changed"])
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "Recorded")
            return redirect("learning:briefing", briefing.pk)
    return _briefing_page(request, briefing, form)


# --- Dashboard, yearly report, tracker export -------------------------------------------------------


def _kinds(partnership: Partnership) -> list[tuple[str, str]]:
    """The kinds of review the partnership runs; kept until the next audited change (enabling one is)."""
    registered = {f.key: f.label for f in frameworks.registered()}
    return kept("kinds", (partnership.pk,), lambda: [(key, registered[key]) for key in
                                                     enabled_frameworks(partnership.pk) if key in registered])


def _period(request: HttpRequest, partnership: Partnership) -> tuple[PeriodForm, date, date, str | None]:
    """The period asked for (by default the reporting year so far, April to March) and the kind of
    review, when the partnership runs several and one is chosen."""
    today = timezone.localdate()
    year = today.year if today.month >= 4 else today.year - 1
    form = PeriodForm(request.GET or None, kinds=_kinds(partnership))
    start, end, kind = date(year, 4, 1), date(year + 1, 3, 31), None
    if form.is_valid():
        start = form.cleaned_data["start"] or start
        end = form.cleaned_data["end"] or end
        kind = form.cleaned_data.get("kind") or None
    return form, start, end, kind


def _dashboard_partnership(request: HttpRequest, slug: str) -> Partnership:
    partnership = get_object_or_404(Partnership, slug=slug)
    if not has_capability(request.user, partnership.pk, "view_dashboard"):
        raise PermissionDenied
    return partnership


@never_cache
def dashboard_page(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = _dashboard_partnership(request, slug)
    form, start, end, kind = _period(request, partnership)
    today = timezone.localdate()
    # Kept until the next audited change or the next day: figures over years of cases, the same
    # for everyone who opens the dashboard in between.
    data = kept("dashboard", (partnership.pk, start, end, today, kind), lambda: dashboard.figures(
        partnership, start, end, today, kind), seconds=300)
    query = request.GET.urlencode()
    return render(request, "learning/dashboard.html", {
        "partnership": partnership, "start": start, "end": end, "query": query, **data,
        "period_form_html": kept_html("dashboard-period", (partnership.pk,), "learning/_period_form.html",
                                      lambda: {"form": form}, query=query)})


def yearly_report(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    partnership = _dashboard_partnership(request, slug)
    if fmt not in ("docx", "pdf"):
        raise Http404
    _, start, end, kind = _period(request, partnership)
    cases = dashboard.cases_in_period(partnership, start, end, kind)
    if cases > settings.YEARLY_REPORT_BACKGROUND_ABOVE:
        # Many years of a busy partnership: made by the task worker, with a progress page (ADR 0020).
        export = yearly_report_export_request(partnership=partnership, start=start, end=end, fmt=fmt, cases=cases,
                                              by=request.user, framework=kind)
        return redirect("exports:status", export.token)
    document = outputs.yearly_report(partnership, start, end,
                                     dashboard.figures(partnership, start, end, timezone.localdate(), kind))
    audit_record(action=AuditAction.EXPORT, actor=request.user, partnership=partnership,
                 code="learning.yearly_downloaded",
                 params={"start_on": start.isoformat(), "end_on": end.isoformat(), "format": fmt})
    body = documents.to_docx(document) if fmt == "docx" else documents.to_pdf(document)
    response = HttpResponse(body, content_type=(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document" if fmt == "docx"
        else "application/pdf"))
    response["Content-Disposition"] = f'attachment; filename="{slug}-yearly-report-{start}-{end}.{fmt}"'
    return response


def nhs_tracker(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = _dashboard_partnership(request, slug)
    cases = queries.tracker_cases(partnership)
    audit_record(action=AuditAction.EXPORT, actor=request.user, partnership=partnership,
                 code="learning.scrt_exported")
    response = HttpResponse(outputs.nhs_tracker_csv(cases), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{slug}-nhs-tracker.csv"'
    return response


# --- Calendar ---------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def calendar_settings(request: HttpRequest) -> HttpResponse:
    token = None
    if request.method == "POST":
        if request.POST.get("revoke"):
            services.calendar_feed_revoke(person=request.user)
            messages.success(request, "Your calendar link has stopped working")
            return redirect("learning:calendar")
        token = services.calendar_feed_create(person=request.user)
    active = request.user.calendar_feeds.filter(revoked_at=None).first()
    link = (settings.SITE_URL + f"/calendar/{token}.ics") if token else None
    return render(request, "learning/calendar.html", {"link": link, "active": active})


@public
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    person = services.calendar_feed_person(token)
    if person is None:
        raise Http404
    body = outputs.ical(outputs.calendar_events(person, settings.SITE_URL), now=timezone.now())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    return response


# --- The partnership's action log -------------------------------------------------------------------


def _log_partnership(request: HttpRequest, slug: str) -> Partnership:
    partnership = get_object_or_404(Partnership, slug=slug)
    if not (has_capability(request.user, partnership.pk, "manage_learning")
            or has_capability(request.user, partnership.pk, "assure_actions")):
        raise PermissionDenied
    return partnership


def _log_actions(request: HttpRequest, partnership: Partnership):
    from casereview.learning.forms import ActionLogFilterForm

    form = ActionLogFilterForm(request.GET or None, agencies=partnership.agencies.order_by("name"))
    filters = {k: v for k, v in form.cleaned_data.items() if v} if form.is_valid() else {}
    return form, queries.actions_filtered(queries.actions_in([partnership.pk]), today=timezone.localdate(), **filters)


@never_cache
def action_log(request: HttpRequest, slug: str) -> HttpResponse:
    """Every improvement action across the partnership's reviews: the spreadsheet a business unit runs today."""
    from django.core.paginator import Paginator

    from casereview.learning import themes

    partnership = _log_partnership(request, slug)
    form, actions = _log_actions(request, partnership)
    page = Paginator(actions, 50).get_page(request.GET.get("page"))
    return render(request, "learning/log.html", {
        "partnership": partnership, "form": form, "page": page, "today": timezone.localdate(),
        "themes": themes.labels(), "query": request.GET.urlencode()})


def action_log_export(request: HttpRequest, slug: str) -> HttpResponse:
    from casereview.learning import themes

    partnership = _log_partnership(request, slug)
    _, actions = _log_actions(request, partnership)
    audit_record(action=AuditAction.EXPORT, actor=request.user, partnership=partnership,
                 code="learning.action_log_downloaded", params={"count": len(actions)})
    body = workbook("Action log", queries.LOG_HEADERS, queries.log_rows(actions, themes.labels()))
    response = HttpResponse(body, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="{slug}-action-log.xlsx"'
    return response
