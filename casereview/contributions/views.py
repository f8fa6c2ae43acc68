"""Pages for requests to agencies, their returns and the merged chronology."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from casereview.accounts.models import User
from casereview.audit.models import Action
from casereview.audit.services import audit_record
from casereview.cases import frameworks
from casereview.cases.models import Case
from casereview.contributions import exports, queries, rules, services, spreadsheets
from casereview.contributions.chronology_export import chronology_export_request
from casereview.contributions.documents import DOCUMENT_FIELDS, document_form
from casereview.contributions.forms import (
    AnnotateForm,
    AsOfForm,
    ChronologyFilterForm,
    DueDateForm,
    EntryForm,
    ImportForm,
    RequestFilterForm,
    RequestForm,
    ReturnForm,
    SubmitForm,
    UsedForm,
)
from casereview.contributions.models import AgencyRequest, ChronologyEntry, EntryFlag, RequestKind, Submission, Upload
from casereview.contributions.wordtemplates import blank_template
from casereview.govuk.formatting import format_date
from casereview.govuk.forms_bridge import apply_validation_error
from casereview.govuk.params import int_or_none
from casereview.govuk.wording import problem
from casereview.partnerships.access import CAPABILITIES, has_capability, partnership_ids_where
from casereview.partnerships.models import Partnership, Role

CHRONOLOGY_PAGE_SIZE = 200



def _case(request: HttpRequest, reference: str) -> Case:
    case = get_object_or_404(Case.objects.select_related("partnership"), reference=reference)
    if not request.user.has_perm("cases.view_case", case):
        raise PermissionDenied
    return case


def _managed_case(request: HttpRequest, reference: str) -> Case:
    case = _case(request, reference)
    if not rules.can_manage_requests(request.user, case):
        raise PermissionDenied
    return case


def _agency_request(request: HttpRequest, pk: int, *, contributor_only: bool = False) -> AgencyRequest:
    agency_request = get_object_or_404(AgencyRequest.objects.select_related("case", "case__partnership", "agency"),
                                       pk=pk)
    allowed = (rules.is_contributor(request.user, agency_request) if contributor_only
               else rules.can_view_request(request.user, agency_request))
    if not allowed:
        raise PermissionDenied
    return agency_request


# --- The business unit's side ------------------------------------------------------------------


def case_contributions(request: HttpRequest, reference: str) -> HttpResponse:
    case = _managed_case(request, reference)
    today = timezone.localdate()
    return render(request, "contributions/case.html", {"case": case, **queries.completeness(case, today),
                                                         "today": today})


@require_http_methods(["GET", "POST"])
def case_request_new(request: HttpRequest, reference: str) -> HttpResponse:
    case = _managed_case(request, reference)

    people = (User.objects.filter(is_active=True, agency__partnership=case.partnership,
                                  role_assignments__partnership=case.partnership,
                                  role_assignments__role__in=CAPABILITIES["refer_case"])
              .exclude(agency=None).select_related("agency").distinct().order_by("agency__name", "full_name"))
    known = list(case.agencies.all())
    # The agencies known to the family come first to mind: their representatives are preselected.
    preselected = [p.pk for p in people.filter(agency__in=known, role_assignments__role=Role.AGENCY_REPRESENTATIVE)]
    form = RequestForm(request.POST or None, people=people, known=known, initial={"contributors": preselected},
                       agencies=case.partnership.agencies.order_by("name"),
                       kinds=frameworks.request_kinds_of(case) or None)
    preview = None
    if request.method == "POST" and form.is_valid():
        send = dict(case=case, kind=form.cleaned_data["kind"], contributors=form.by_agency(), invited=form.invited())
        if request.POST.get("confirmed") != "yes":
            # First the check: each agency, its people and the due date each will be given.
            preview = services.requests_preview(**send)
        else:
            try:
                made = services.requests_send(
                    by=request.user, instructions=form.cleaned_data["instructions"],
                    lines_of_enquiry=form.cleaned_data["lines_of_enquiry"],
                    scope_start=form.cleaned_data["scope_start"], scope_end=form.cleaned_data["scope_end"], **send)
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, f"{len(made)} {'request' if len(made) == 1 else 'requests'} sent. "
                                          f"Due {format_date(made[0].due_on)}.")
                return redirect("contributions:case", case.reference)
    return render(request, "contributions/request_new.html", {"case": case, "form": form, "preview": preview})


@require_http_methods(["GET", "POST"])
def request_return(request: HttpRequest, pk: int) -> HttpResponse:
    agency_request = _agency_request(request, pk)
    if not rules.can_manage_requests(request.user, agency_request.case):
        raise PermissionDenied
    form = ReturnForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.submission_return(agency_request=agency_request, by=request.user,
                                       reason=form.cleaned_data["reason"])
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, f"Returned to {agency_request.agency.name} for more")
            return redirect("contributions:case", agency_request.case.reference)
    return render(request, "contributions/simple_form.html", {
        "form": form, "agency_request": agency_request, "heading": "Return for more information",
        "button": "Return for more", "back": reverse("contributions:request", args=[agency_request.pk])})


@require_http_methods(["GET", "POST"])
def request_used(request: HttpRequest, pk: int) -> HttpResponse:
    agency_request = _agency_request(request, pk)
    if not rules.can_manage_requests(request.user, agency_request.case):
        raise PermissionDenied
    submission = services.current_submission(agency_request)
    form = UsedForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.submission_mark_used(submission=submission, by=request.user,
                                          used_for=form.cleaned_data["used_for"])
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "The author has been told their contribution was used")
            return redirect("contributions:case", agency_request.case.reference)
    return render(request, "contributions/simple_form.html", {
        "form": form, "agency_request": agency_request, "heading": "Tell the author how their work was used",
        "button": "Tell the author", "back": reverse("contributions:request", args=[agency_request.pk])})


# --- The contributor's side ----------------------------------------------------------------------


def my_requests(request: HttpRequest) -> HttpResponse:
    if not partnership_ids_where(request.user, "refer_case"):
        raise PermissionDenied
    today = timezone.localdate()
    rows = [(r, *queries.request_state(r, today)) for r in queries.requests_for_contributor(request.user)]
    return render(request, "contributions/mine.html", {"rows": rows})


def partnership_requests(request: HttpRequest, slug: str) -> HttpResponse:
    """Every request across the partnership that is still waiting for its return: the business unit's log."""

    partnership = get_object_or_404(Partnership, slug=slug)
    if not has_capability(request.user, partnership.pk, "manage_case_lifecycle"):
        raise PermissionDenied
    today = timezone.localdate()
    form = RequestFilterForm(request.GET or None, agencies=partnership.agencies.order_by("name"))
    rows = queries.outstanding_requests([partnership.pk])
    filters = form.cleaned_data if form.is_valid() else {}
    rows = queries.requests_filtered(rows, today=today, **{k: v for k, v in filters.items() if v})
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(request, "contributions/partnership.html", {
        "partnership": partnership, "form": form, "page": page, "today": today,
        "rows": [(r, *queries.request_state(r, today)) for r in page.object_list],
        "overdue": queries.overdue_requests([partnership.pk], today).count()})


@require_POST
def request_chase(request: HttpRequest, pk: int) -> HttpResponse:
    agency_request = _agency_request(request, pk)
    if not rules.can_manage_requests(request.user, agency_request.case):
        raise PermissionDenied
    try:
        services.request_chase(agency_request=agency_request, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, f"Reminder sent to {agency_request.agency.name} for "
                                  f"{agency_request.case.reference}")
    back = request.POST.get("back", "")
    return redirect(back if back.startswith("/contributions/") else reverse("contributions:request", args=[pk]))


@require_http_methods(["GET", "POST"])
def request_due_date(request: HttpRequest, pk: int) -> HttpResponse:
    agency_request = _agency_request(request, pk)
    if not rules.can_manage_requests(request.user, agency_request.case):
        raise PermissionDenied
    form = DueDateForm(request.POST or None, initial={"due_on": agency_request.due_on})
    if request.method == "POST" and form.is_valid():
        try:
            services.request_due_change(agency_request=agency_request, by=request.user,
                                        expected_version=int_or_none(request.POST.get("lock_version")),
                                        **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "The due date has been changed and the agency has been told")
            return redirect("contributions:request", pk)
    return render(request, "contributions/due_date.html", {"agency_request": agency_request, "form": form})


@never_cache
def request_detail(request: HttpRequest, pk: int, version: int | None = None) -> HttpResponse:
    agency_request = _agency_request(request, pk)
    submissions = list(agency_request.submissions.select_related("submitted_by").order_by("-version"))
    shown = next((s for s in submissions if s.version == version), None) if version else submissions[0]
    if shown is None:
        raise Http404
    contributor = rules.is_contributor(request.user, agency_request)
    today = timezone.localdate()
    # The named contributors must find the child in their own agency's records: they see who it is.
    identity = (queries.request_identities(user=request.user, agency_request=agency_request)
                if rules.sees_identity_on_request(request.user, agency_request) and version is None else {})
    return render(request, "contributions/request.html", {
        **identity,
        "agency_request": agency_request, "case": agency_request.case, "submission": shown,
        "submissions": submissions, "fields": DOCUMENT_FIELDS[agency_request.kind],
        "entries": list(shown.entries.order_by("on", "at", "position", "pk")) if agency_request.kind == RequestKind.CHRONOLOGY else [],
        "can_edit": contributor and shown.editable and shown == submissions[0],
        "can_manage": rules.can_manage_requests(request.user, agency_request.case),
        "state": queries.request_state(agency_request, today),
        "uploads": list(agency_request.uploads.select_related("uploaded_by")[:10]),
    })


@never_cache
def request_identity(request: HttpRequest, pk: int) -> HttpResponse:
    """Who the request is about, on its own page (for printing beside the agency's own search)."""
    agency_request = _agency_request(request, pk)
    identity = queries.request_identities(user=request.user, agency_request=agency_request)
    return render(request, "contributions/identity.html", {"agency_request": agency_request,
                                                           "case": agency_request.case, **identity})


@never_cache
@require_http_methods(["GET", "POST"])
def request_document(request: HttpRequest, pk: int) -> HttpResponse:
    agency_request = _agency_request(request, pk, contributor_only=True)
    submission = services.current_submission(agency_request)
    if not submission.editable:
        return redirect("contributions:request", pk)
    form = document_form(agency_request.kind, request.POST or None, initial=submission.data)
    theirs = None
    if request.method == "POST" and form.is_valid():
        try:
            services.document_save(submission=submission, by=request.user, data=form.cleaned_data,
                                   expected_version=int_or_none(request.POST.get("lock_version")))
        except ValidationError as error:
            if getattr(error, "code", None) == "stale":
                submission.refresh_from_db()
                theirs = submission.data
            apply_validation_error(form, error)
        else:
            messages.success(request, "Your draft has been saved")
            return redirect("contributions:request", pk)
    return render(request, "contributions/document.html", {
        "agency_request": agency_request, "submission": submission, "form": form, "theirs": theirs,
        "fields": DOCUMENT_FIELDS[agency_request.kind]})


@never_cache
@require_http_methods(["GET", "POST"])
def entry_edit(request: HttpRequest, pk: int, entry_id: int | None = None) -> HttpResponse:
    agency_request = _agency_request(request, pk, contributor_only=True)
    submission = services.current_submission(agency_request)
    if not submission.editable or agency_request.kind != RequestKind.CHRONOLOGY:
        return redirect("contributions:request", pk)
    entry = get_object_or_404(ChronologyEntry, pk=entry_id, submission=submission) if entry_id else None
    initial = {}
    if entry is not None:
        initial = {name: getattr(entry, name) for name in services.ENTRY_FIELDS if name != "uncertain"}
        initial["uncertain"] = entry.uncertain
        initial["at"] = entry.at.strftime("%H:%M") if entry.at else ""
    form = EntryForm(request.POST or None, initial=initial, person=frameworks.of(agency_request.case).person)
    saved_version = None
    if request.method == "POST" and form.is_valid():
        try:
            services.entry_save(submission=submission, by=request.user, data=form.cleaned_data, entry=entry,
                                expected_version=int_or_none(request.POST.get("lock_version")))
        except ValidationError as error:
            if getattr(error, "code", None) == "stale":
                saved_version = ChronologyEntry.objects.get(pk=entry.pk)
            apply_validation_error(form, error)
        else:
            messages.success(request, "The entry has been saved")
            if request.POST.get("another"):
                return redirect("contributions:entry-add", pk)
            return redirect(reverse("contributions:request", args=[pk]) + "#entries")
    return render(request, "contributions/entry.html", {"agency_request": agency_request, "form": form,
                                                         "entry": entry, "saved_version": saved_version})


@require_POST
def entry_delete(request: HttpRequest, pk: int, entry_id: int) -> HttpResponse:
    agency_request = _agency_request(request, pk, contributor_only=True)
    entry = get_object_or_404(ChronologyEntry, pk=entry_id, submission__request=agency_request)
    try:
        services.entry_delete(entry=entry, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, "The entry has been removed")
    return redirect(reverse("contributions:request", args=[pk]) + "#entries")


@require_POST
def entry_move(request: HttpRequest, pk: int, entry_id: int) -> HttpResponse:
    agency_request = _agency_request(request, pk, contributor_only=True)
    entry = get_object_or_404(ChronologyEntry, pk=entry_id, submission__request=agency_request)
    try:
        services.entry_move(entry=entry, by=request.user, direction=-1 if request.POST.get("direction") == "up" else 1)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    return redirect(reverse("contributions:request", args=[pk]) + "#entries")


@never_cache
@require_http_methods(["GET", "POST"])
def entries_import(request: HttpRequest, pk: int) -> HttpResponse:
    agency_request = _agency_request(request, pk, contributor_only=True)
    submission = services.current_submission(agency_request)
    if not submission.editable or agency_request.kind != RequestKind.CHRONOLOGY:
        return redirect("contributions:request", pk)
    form = ImportForm(request.POST or None, request.FILES or None)
    row_errors = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > spreadsheets.MAX_BYTES:
            form.add_error("file", problem("The file is %(size)s KB; the limit is 2 MB. Split the chronology into "
                                           "two files.", "the_file_is_kb_the", size=upload.size // 1024))
        else:
            try:
                stored, row_errors = services.entries_import(submission=submission, by=request.user,
                                                             content=upload.read(), filename=upload.name)
            except spreadsheets.ImportRejected as error:
                form.add_error("file", str(error))
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                if not row_errors:
                    messages.success(request, "Your entries have been imported. Check them before you submit.")
                    outside = getattr(stored, "warnings", [])
                    if outside:
                        rows = ", ".join(str(w.row) for w in outside[:10]) + (" and more" if len(outside) > 10
                                                                               else "")
                        messages.warning(request, f"{len(outside)} {'entry is' if len(outside) == 1 else 'entries are'}"
                                                  f" outside the scope period (rows {rows}). They have been imported:"
                                                  " check they belong in this chronology.")
                    return redirect(reverse("contributions:request", args=[pk]) + "#entries")
                form.add_error("file", problem("The file has 1 problem. Nothing has been imported: correct it and "
                                               "upload the file again.", "import_problems")
                               if len(row_errors) == 1 else
                               problem("The file has %(count)s problems. Nothing has been imported: correct them "
                                       "and upload the file again.", "import_problems", count=len(row_errors)))
    return render(request, "contributions/import.html", {"agency_request": agency_request, "form": form,
                                                          "row_errors": row_errors})


def chronology_template(request: HttpRequest, fmt: str) -> HttpResponse:
    if not partnership_ids_where(request.user, "refer_case") or fmt not in ("csv", "xlsx"):
        raise PermissionDenied
    body = spreadsheets.template_csv() if fmt == "csv" else spreadsheets.template_xlsx()
    content_type = "text/csv; charset=utf-8" if fmt == "csv" else (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="chronology-template.{fmt}"'
    return response


def word_template(request: HttpRequest, kind: str) -> HttpResponse:
    if not partnership_ids_where(request.user, "refer_case") or kind not in (
            RequestKind.RAPID_REVIEW_SUMMARY, RequestKind.AGENCY_REPORT):
        raise PermissionDenied
    response = HttpResponse(blank_template(kind), content_type=(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"))
    response["Content-Disposition"] = f'attachment; filename="{kind.replace("_", "-")}-template.docx"'
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def request_submit(request: HttpRequest, pk: int) -> HttpResponse:
    agency_request = _agency_request(request, pk, contributor_only=True)
    submission = services.current_submission(agency_request)
    if not submission.editable:
        return redirect("contributions:request", pk)
    form = SubmitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.submission_submit(submission=submission, by=request.user,
                                       signed_off_by=form.cleaned_data["signed_off_by"],
                                       expected_version=int_or_none(request.POST.get("lock_version")))
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "Submitted. The business unit has been told. Thank you.")
            return redirect("contributions:request", pk)
    entries = (list(submission.entries.order_by("on", "at", "position", "pk"))
               if agency_request.kind == RequestKind.CHRONOLOGY else [])
    scope = (agency_request.scope_start, agency_request.scope_end)
    return render(request, "contributions/submit.html", {
        "agency_request": agency_request, "form": form, "submission": submission, "entries": entries,
        "fields": DOCUMENT_FIELDS[agency_request.kind],
        "outside": [e for e in entries if spreadsheets.outside_scope(e.on, scope)]})


def upload_download(request: HttpRequest, pk: int, upload_id: int) -> FileResponse:
    agency_request = _agency_request(request, pk)
    upload = get_object_or_404(Upload, pk=upload_id, request=agency_request)
    audit_record(action=Action.EXPORT, actor=request.user, target=upload, case=agency_request.case,
                 partnership=agency_request.case.partnership, code="contributions.upload_downloaded")
    content_type = ("text/csv" if upload.detected_type == "csv"
                    else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    return FileResponse(upload.file.open("rb"), as_attachment=True, content_type=content_type,
                        filename=f"chronology-upload-{upload.pk}.{upload.detected_type}")


# --- The merged chronology -----------------------------------------------------------------------


def _scope(request: HttpRequest, case: Case):
    scope = rules.chronology_scope(request.user, case)
    if scope is None:
        raise PermissionDenied
    return scope


def _filters(request: HttpRequest, case: Case, scope):
    if not any(key != "page" for key in request.GET):
        # The chronology as first opened: nothing to read, and the empty form is drawn from what was kept.
        return None, queries.ChronologyFilters()
    form = ChronologyFilterForm(request.GET or None, agencies=queries.agencies_in(case, scope),
                                person=frameworks.of(case).person)
    data = form.cleaned_data if form.is_valid() else {}
    return form, queries.ChronologyFilters(
        agency=data.get("agency"), date_from=data.get("date_from"), date_to=data.get("date_to"),
        child_seen=data.get("child_seen") or "", key_episodes_only=bool(data.get("key_episodes_only")),
        keyword=data.get("keyword") or "")


@never_cache
def case_chronology(request: HttpRequest, reference: str) -> HttpResponse:
    case = _case(request, reference)
    scope = _scope(request, case)
    form, filters = _filters(request, case, scope)
    entries = queries.merged_entries(case, scope, filters)
    paginator = Paginator(entries.values_list("pk", flat=True), CHRONOLOGY_PAGE_SIZE)
    paginator.__dict__["count"] = queries.entry_count(case, scope, filters, entries)  # Paginator.count is cached
    page = paginator.get_page(request.GET.get("page"))
    can_annotate = rules.can_annotate(request.user, case)
    audit_record(action=Action.VIEW_CASE, actor=request.user, target=case, case=case, partnership=case.partnership,
                 code="contributions.chronology_viewed")
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "contributions/chronology.html", {
        "case": case, "page": page, "query": query.urlencode(),
        "filters_html": queries.chronology_filters_html(
            case, scope, lambda: form or ChronologyFilterForm(agencies=queries.agencies_in(case, scope),
                                                       person=frameworks.of(case).person),
            query.urlencode()),
        "entries_table": queries.chronology_table(case, scope, filters, page, can_annotate=can_annotate),
        "flags": queries.flags_for(case, scope), "timeline_html": queries.timeline_html(case, scope),
        "scope_all": scope == rules.ALL, "released": queries.chronology_released(case),
        "can_annotate": can_annotate,
        "can_manage": rules.can_manage_requests(request.user, case),
    })


def case_chronology_export(request: HttpRequest, reference: str, fmt: str) -> HttpResponse:
    case = _case(request, reference)
    scope = _scope(request, case)
    if fmt not in ("xlsx", "docx", "pdf"):
        raise Http404
    _, filters = _filters(request, case, scope)
    background = _in_background(request, case, scope, filters, fmt)
    if background is not None:
        return background
    entries = list(queries.merged_entries(case, scope, filters))
    audit_record(action=Action.EXPORT, actor=request.user, target=case, case=case, partnership=case.partnership,
                 code="contributions.chronology_exported",
                 params={"format": fmt, "count": len(entries)})
    if fmt == "xlsx":
        body, content_type = exports.to_xlsx(entries, person=frameworks.of(case).person), (
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    elif fmt == "docx":
        body, content_type = exports.to_docx(entries, case=case), (
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    else:
        html = render_to_string("contributions/print.html", {"case": case, "entries": entries, "pdf": True,
                                                                  "printed_at": timezone.now()},
                                request=request)
        body, content_type = exports.to_pdf(html), "application/pdf"
    response = HttpResponse(body, content_type=content_type)
    # The file is named by the case reference, which identifies no one.
    response["Content-Disposition"] = f'attachment; filename="{case.reference}-chronology.{fmt}"'
    return response


def _in_background(request: HttpRequest, case: Case, scope, filters, fmt: str) -> HttpResponse | None:
    """A chronology longer than EXPORT_BACKGROUND_ABOVE entries is made by the task worker: the
    person is taken to a progress page instead of waiting on a request that would time out."""
    count = queries.merged_entries(case, scope, filters).count()
    if count <= settings.EXPORT_BACKGROUND_ABOVE:
        return None
    export = chronology_export_request(case=case, fmt=fmt, filters=filters, entry_count=count, by=request.user)
    return redirect("exports:status", export.token)


@never_cache
def case_chronology_print(request: HttpRequest, reference: str) -> HttpResponse:
    case = _case(request, reference)
    scope = _scope(request, case)
    _, filters = _filters(request, case, scope)
    background = _in_background(request, case, scope, filters, "html")
    if background is not None:
        return background
    entries = list(queries.merged_entries(case, scope, filters))
    audit_record(action=Action.EXPORT, actor=request.user, target=case, case=case, partnership=case.partnership,
                 code="contributions.chronology_printed",
                 params={"count": len(entries)})
    return render(request, "contributions/print.html", {"case": case, "entries": entries, "pdf": False,
                                                         "printed_at": timezone.now()})


@never_cache
def case_chronology_knew(request: HttpRequest, reference: str) -> HttpResponse:
    case = _case(request, reference)
    scope = _scope(request, case)
    form = AsOfForm(request.GET or None)
    as_of: date | None = form.cleaned_data["as_of"] if form.is_valid() else None
    rows = queries.what_each_agency_knew(case, scope, as_of) if as_of else []
    return render(request, "contributions/knew.html", {"case": case, "form": form, "rows": rows, "as_of": as_of})


@require_POST
def case_chronology_release(request: HttpRequest, reference: str) -> HttpResponse:
    case = _managed_case(request, reference)
    try:
        services.chronology_release(case=case, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, "The merged chronology is released to the review team. Authors have been told.")
    return redirect("contributions:chronology", case.reference)


@require_http_methods(["GET", "POST"])
def entry_annotate(request: HttpRequest, reference: str, entry_id: int) -> HttpResponse:
    case = _case(request, reference)
    if not rules.can_annotate(request.user, case):
        raise PermissionDenied
    entry = get_object_or_404(ChronologyEntry.objects.select_related("agency", "annotation"), pk=entry_id, case=case,
                              submission__status=Submission.Status.SUBMITTED)
    annotation = getattr(entry, "annotation", None)
    form = AnnotateForm(request.POST or None, initial={
        "key_practice_episode": annotation.key_practice_episode if annotation else False,
        "analysis": annotation.analysis if annotation else ""})
    if request.method == "POST" and form.is_valid():
        services.annotation_save(entry=entry, by=request.user, **form.cleaned_data)
        messages.success(request, "Your analysis has been saved")
        return redirect(reverse("contributions:chronology", args=[case.reference]) + f"#entry-{entry.pk}")
    return render(request, "contributions/annotate.html", {"case": case, "entry": entry, "form": form})


@require_POST
def flag_decide(request: HttpRequest, reference: str, flag_id: int) -> HttpResponse:
    case = _case(request, reference)
    if not rules.can_annotate(request.user, case):
        raise PermissionDenied
    flag = get_object_or_404(EntryFlag, pk=flag_id, case=case)
    try:
        services.flag_decide(flag=flag, by=request.user, status=request.POST.get("status", ""))
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, f"{flag.get_kind_display()}: {flag.get_status_display().lower()}")
    return redirect(reverse("contributions:chronology", args=[case.reference]) + "#flags")
