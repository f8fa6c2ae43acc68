"""A case's documents: the list, uploading, a document's versions, changing its description, and
downloading a version that passed the malware scan."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from casereview.casefiles import queries, services
from casereview.casefiles.forms import DescribeForm, UploadForm, VersionForm
from casereview.casefiles.models import CaseDocument, DocumentVersion, Scan
from casereview.casefiles.rules import keeps_documents, sees_document, sees_documents
from casereview.cases.models import Case
from casereview.govuk.forms_bridge import apply_validation_error
from casereview.govuk.params import int_or_none

MAX_MB = settings.CASE_DOCUMENT_MAX_BYTES // (1024 * 1024)


def _case(request: HttpRequest, reference: str, *, keep: bool = False) -> Case:
    case = get_object_or_404(Case.objects.select_related("partnership", "route", "stage"), reference=reference)
    if not sees_documents(request.user, case) or (keep and not keeps_documents(request.user, case)):
        raise PermissionDenied
    return case


def _document(request: HttpRequest, case: Case, pk: int) -> CaseDocument:
    document = get_object_or_404(CaseDocument.objects.select_related("case", "stage"), pk=pk, case=case)
    if not sees_document(request.user, document):
        raise PermissionDenied
    return document


def _outcome(request: HttpRequest, version: DocumentVersion) -> None:
    """Tells the uploader what became of their file: scanned, waiting, or quarantined."""
    if version.scan == Scan.QUARANTINED:
        messages.error(request, f"The malware scan found “{version.found}” in the file you uploaded. It has been "
                                "quarantined: nobody can download it. Tell your IT team, and upload a clean copy.")
    elif version.scan == Scan.WAITING:
        messages.info(request, "The file has been saved and is waiting for its malware scan. It can be downloaded "
                               "once the scan has passed it.")
    else:
        messages.success(request, f"Version {version.number} of “{version.document.title}” has been uploaded")


@never_cache
def document_list(request: HttpRequest, reference: str) -> HttpResponse:
    case = _case(request, reference)
    documents = list(queries.visible_documents(request.user, case))
    rows = [{"document": d, "latest": queries.latest(d), "ready": queries.latest_ready(d)} for d in documents]
    return render(request, "casefiles/list.html", {
        "case": case, "rows": rows, "can_keep": keeps_documents(request.user, case),
        "missing": queries.missing_required(case)})


@never_cache
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest, reference: str) -> HttpResponse:
    case = _case(request, reference, keep=True)
    choices = queries.expected_choices(case)
    stage, expected = queries.expected_from(case, request.GET.get("for", ""))
    initial = {"expected": request.GET.get("for", "") if stage else "", "title": expected}
    form = UploadForm(request.POST or None, request.FILES or None, expected_choices=choices, max_mb=MAX_MB,
                      initial=initial)
    if request.method == "POST" and form.is_valid():
        stage, expected = queries.expected_from(case, form.cleaned_data["expected"])
        try:
            version = services.document_add(
                case=case, by=request.user, title=form.cleaned_data["title"],
                description=form.cleaned_data["description"], audience=form.cleaned_data["audience"],
                stage=stage, expected=expected, upload=form.cleaned_data["file"])
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            _outcome(request, version)
            return redirect("casefiles:document", case.reference, version.document_id)
    return render(request, "casefiles/upload.html", {"case": case, "form": form, "for_stage": stage,
                                                     "for_document": expected})


@never_cache
def document_detail(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    case = _case(request, reference)
    document = _document(request, case, pk)
    versions = list(document.versions.select_related("uploaded_by").order_by("-number"))
    can_keep = keeps_documents(request.user, case)
    form = VersionForm(max_mb=MAX_MB) if can_keep else None
    return render(request, "casefiles/document.html", {
        "case": case, "document": document, "versions": versions, "can_keep": can_keep, "form": form})


@never_cache
@require_http_methods(["GET", "POST"])
def new_version(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    case = _case(request, reference, keep=True)
    document = _document(request, case, pk)
    form = VersionForm(request.POST or None, request.FILES or None, max_mb=MAX_MB)
    if request.method == "POST" and form.is_valid():
        try:
            version = services.version_add(document=document, by=request.user, upload=form.cleaned_data["file"],
                                           note=form.cleaned_data["note"])
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            _outcome(request, version)
            return redirect("casefiles:document", case.reference, document.pk)
    versions = list(document.versions.select_related("uploaded_by").order_by("-number"))
    return render(request, "casefiles/document.html", {
        "case": case, "document": document, "versions": versions, "can_keep": True, "form": form})


@never_cache
@require_http_methods(["GET", "POST"])
def describe(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    case = _case(request, reference, keep=True)
    document = _document(request, case, pk)
    initial = {"title": document.title, "description": document.description, "audience": document.audience,
               "expected": queries.expected_value(document)}
    form = DescribeForm(request.POST or None, expected_choices=queries.expected_choices(case), initial=initial)
    if request.method == "POST" and form.is_valid():
        stage, expected = queries.expected_from(case, form.cleaned_data["expected"])
        try:
            services.document_describe(
                document=document, by=request.user, title=form.cleaned_data["title"],
                description=form.cleaned_data["description"], audience=form.cleaned_data["audience"],
                stage=stage, expected=expected, expected_version=int_or_none(request.POST.get("lock_version")))
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "The document's details have been saved")
            return redirect("casefiles:document", case.reference, document.pk)
    return render(request, "casefiles/describe.html", {"case": case, "document": document, "form": form})


def download(request: HttpRequest, reference: str, pk: int, number: int) -> FileResponse:
    case = _case(request, reference)
    document = _document(request, case, pk)
    version = get_object_or_404(DocumentVersion, document=document, number=number)
    if not version.downloadable:
        raise Http404
    services.version_downloaded(version=version, by=request.user)
    # Served as what the content is, always as an attachment, never rendered in the browser.
    response = FileResponse(version.file.open("rb"), as_attachment=True, content_type=version.content_type,
                            filename=version.download_name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
