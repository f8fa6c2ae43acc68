"""Pages for review documents: the rapid review record, terms of reference, involvement logs,
parallel processes, drafting, factual accuracy, quality assurance, sign-off, the anonymisation
check and publication."""

from __future__ import annotations

import contextlib
import difflib
import re

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from casereview.audit.models import Action
from casereview.audit.services import audit_record
from casereview.cases import frameworks
from casereview.cases.models import Case
from casereview.documents import render as documents
from casereview.govuk.formatting import format_time
from casereview.govuk.forms_bridge import apply_validation_error
from casereview.govuk.params import int_or_none
from casereview.partnerships.access import has_capability
from casereview.partnerships.models import Partnership
from casereview.partnerships.queries import enabled_frameworks
from casereview.process.models import RouteKind
from casereview.reports import anonymise, drafts, papers, queries, richtext, rules, services, word_import
from casereview.reports.forms import (
    AccuracyCommentForm,
    AccuracyRoundForm,
    ApprovalForm,
    CorrectionForm,
    FamilyContactForm,
    LearningEventForm,
    LinesForm,
    ParallelProcessForm,
    PublicationDecisionForm,
    PublishForm,
    RapidReviewRecordForm,
    RedactionForm,
    TermsOfReferenceForm,
)
from casereview.reports.models import (
    AccuracyComment,
    AccuracyRound,
    Approval,
    ParallelProcess,
    PublishedReport,
    ReportDraft,
    ReportVersion,
)
from casereview.reports.rules import sees_documents


def _case(request: HttpRequest, reference: str) -> Case:
    case = get_object_or_404(Case.objects.select_related("partnership", "route", "stage"), reference=reference)
    if not request.user.has_perm("cases.view_case", case):
        raise PermissionDenied
    return case


def _writer_case(request: HttpRequest, reference: str) -> Case:
    case = _case(request, reference)
    if not rules.can_write(request.user, case):
        raise PermissionDenied
    return case


def _bu_case(request: HttpRequest, reference: str) -> Case:
    case = _case(request, reference)
    if not rules.is_business_unit(request.user, case):
        raise PermissionDenied
    return case


def _download(request, case: Case, document, fmt: str, name: str) -> HttpResponse:
    if fmt not in ("docx", "pdf"):
        raise Http404
    audit_record(action=Action.EXPORT, actor=request.user, target=case, case=case, partnership=case.partnership,
                 code="reports.downloaded", params={"document": name, "format": fmt})
    if fmt == "docx":
        body = documents.to_docx(document)
        content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    else:
        body, content_type = documents.to_pdf(document), "application/pdf"
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{case.reference}-{name}.{fmt}"'
    return response


def _form_page(request, case, form, *, heading, button, back=None, intro="", extra=None):
    return render(request, "reports/form.html", {"case": case, "form": form, "heading": heading, "button": button,
                                                 "back": back or reverse("reports:overview", args=[case.reference]),
                                                 "intro": intro, **(extra or {})})


# --- The hub ---------------------------------------------------------------------------------


@never_cache
def overview(request: HttpRequest, reference: str) -> HttpResponse:
    case = _case(request, reference)
    if not sees_documents(request.user, case):
        raise PermissionDenied
    latest = queries.latest_version(case)
    approvals = queries.approvals_of(case)
    quality = queries.quality_rows(case)
    return render(request, "reports/overview.html", {
        "case": case, "latest": latest, "versions": list(case.report_versions.select_related("author")[:20]),
        "record": getattr(case, "rapid_review_record", None), "tor": getattr(case, "terms_of_reference", None),
        "family": list(case.family_contacts.all()[:20]), "events": list(case.learning_events.all()),
        "processes": list(case.parallel_processes.all()),
        "rounds": queries.accuracy_rounds(case),
        "approvals": approvals, "live": {a.partner: a for a in approvals
                                         if a.withdrawn_at is None and latest and a.version_id == latest.pk},
        "partners": [(role, Approval.Partner(role).label) for role in queries.signers(case)], "markers": [marker for marker, _ in quality],
        "met_count": sum(1 for _, check in quality if check and check.met),
        "decision": getattr(case, "publication_decision", None),
        "publications": list(case.publications.all()),
        "problems": services.publication_problems(case) if latest else [],
        "can_write": (can_write := rules.can_write(request.user, case)),
        "drafts": list(case.report_drafts.select_related("author").order_by("-saved_at")) if can_write else [],
        "is_bu": rules.is_business_unit(request.user, case),
        "my_partner_role": rules.partner_role_of(request.user, case),
    })


# --- Rapid review record, terms of reference ---------------------------------------------------


@require_http_methods(["GET", "POST"])
def rapid_review_record(request: HttpRequest, reference: str) -> HttpResponse:
    case = _bu_case(request, reference)
    record = getattr(case, "rapid_review_record", None)
    initial = services.rapid_review_record_initial(case)
    form = RapidReviewRecordForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.rapid_review_record_save(case=case, by=request.user, data=form.cleaned_data,
                                              expected_version=int_or_none(request.POST.get("lock_version")))
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "The rapid review record has been saved")
            return redirect("reports:overview", case.reference)
    return _form_page(request, case, form, heading="Rapid review record", button="Save",
                      extra={"lock_version": record.lock_version if record else 1})


def rapid_review_download(request: HttpRequest, reference: str, fmt: str) -> HttpResponse:
    case = _case(request, reference)
    if not sees_documents(request.user, case):
        raise PermissionDenied
    return _download(request, case, papers.rapid_review_report(case), fmt, "rapid-review")


@require_http_methods(["GET", "POST"])
def terms_of_reference(request: HttpRequest, reference: str) -> HttpResponse:
    case = _bu_case(request, reference)
    tor = getattr(case, "terms_of_reference", None)
    initial = {f: getattr(tor, f) for f in services.TOR_FIELDS} if tor else {}
    if tor:
        initial["agencies"] = list(tor.agencies.values_list("pk", flat=True))
    else:
        initial["agencies"] = queries.agencies_asked(case)
    form = TermsOfReferenceForm(request.POST or None, initial=initial,
                                agencies=case.partnership.agencies.order_by("name"))
    if request.method == "POST" and form.is_valid():
        try:
            services.terms_of_reference_save(case=case, by=request.user, data=form.cleaned_data,
                                             expected_version=int_or_none(request.POST.get("lock_version")))
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "The terms of reference have been saved")
            return redirect("reports:overview", case.reference)
    return _form_page(request, case, form, heading="Terms of reference", button="Save",
                      intro="Milestones come from the case's deadlines in the process pack.",
                      extra={"lock_version": tor.lock_version if tor else 1})


def terms_of_reference_download(request: HttpRequest, reference: str, fmt: str) -> HttpResponse:
    case = _case(request, reference)
    if not sees_documents(request.user, case):
        raise PermissionDenied
    return _download(request, case, papers.terms_of_reference(case), fmt, "terms-of-reference")


@require_http_methods(["GET", "POST"])
def family_contact(request: HttpRequest, reference: str) -> HttpResponse:
    case = _writer_case(request, reference)
    form = FamilyContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.family_contact_add(case=case, by=request.user, data=form.cleaned_data)
        messages.success(request, "Recorded in the family involvement log")
        return redirect("reports:overview", case.reference)
    return _form_page(request, case, form, heading="Record family involvement", button="Save")


@require_http_methods(["GET", "POST"])
def learning_event(request: HttpRequest, reference: str) -> HttpResponse:
    case = _writer_case(request, reference)
    form = LearningEventForm(request.POST or None, agencies=case.partnership.agencies.order_by("name"))
    if request.method == "POST" and form.is_valid():
        services.learning_event_add(case=case, by=request.user, data=dict(form.cleaned_data))
        messages.success(request, "The learning event has been recorded")
        return redirect("reports:overview", case.reference)
    return _form_page(request, case, form, heading="Record a practitioner learning event", button="Save")


@require_http_methods(["GET", "POST"])
def parallel_process(request: HttpRequest, reference: str, process_id: int | None = None) -> HttpResponse:
    case = _bu_case(request, reference)
    process = get_object_or_404(ParallelProcess, pk=process_id, case=case) if process_id else None
    initial = ({f: getattr(process, f) for f in ("kind", "open", "holds_publication", "key_dates", "notes")}
               if process else {"open": True})
    form = ParallelProcessForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.parallel_process_save(case=case, by=request.user, data=form.cleaned_data, process=process)
        messages.success(request, "The parallel process has been saved")
        return redirect("reports:overview", case.reference)
    return _form_page(request, case, form, heading="Parallel process", button="Save")


# --- Drafting ---------------------------------------------------------------------------------


def _draft_sections(sections: list[dict], stored: dict[str, str]) -> list[dict]:
    """Each section with its text twice: plain writing for the box without JavaScript, and the HTML
    the editor opens (sanitised whatever was posted)."""
    return [{**s, "text": richtext.to_text(stored.get(s["key"], "")),
             "html": services.clean_html(richtext.to_html(stored.get(s["key"], "")))} for s in sections]


@never_cache
@require_http_methods(["GET", "POST"])
def draft(request: HttpRequest, reference: str) -> HttpResponse:
    case = _writer_case(request, reference)
    latest = queries.latest_version(case)
    sections = services.template_sections(case)
    mine = drafts.own_draft(case, request.user)
    if mine is not None:
        stored, note, based_on = mine.sections, mine.note, mine.based_on
    else:
        stored = {s["key"]: (latest.section(s["key"]) or {}).get("html", "") for s in sections} if latest else {}
        note, based_on = "", latest.number if latest else None
    errors = []
    if request.method == "POST":
        stored = _posted_sections(request, sections)
        note = request.POST.get("note", "")
        based_on = int_or_none(request.POST.get("based_on"))
        try:
            version = services.version_save(case=case, by=request.user, sections=stored, note=note,
                                             based_on=based_on)
        except ValidationError as error:
            errors = error.messages
            if getattr(error, "code", None) == "stale":
                _keep_as_draft(request, case, stored, note, based_on)
                # Their text stays on the page and in their draft; the next save knowingly replaces the latest.
                based_on = latest.number if latest else None
        else:
            messages.success(request, f"Saved as version {version.number}")
            return redirect("reports:overview", case.reference)
    return render(request, "reports/draft.html", {
        "case": case, "sections": _draft_sections(sections, stored), "latest": latest, "errors": errors,
        "note": note, "based_on": based_on, "mine": mine, "others": drafts.others_drafts(case, request.user),
        "autosave_seconds": settings.REPORT_AUTOSAVE_SECONDS})


def _posted_sections(request, sections: list[dict]) -> dict[str, str]:
    return {s["key"]: request.POST.get(f"section-{s['key']}", "") for s in sections}


def _keep_as_draft(request, case, stored, note, based_on) -> None:
    # Text a report cannot hold is not kept: the page says so and still shows it.
    with contextlib.suppress(ValidationError):
        drafts.draft_autosave(case=case, by=request.user, sections=stored, note=note, based_on=based_on)


@require_POST
def draft_autosave(request: HttpRequest, reference: str) -> JsonResponse:
    case = _writer_case(request, reference)
    try:
        # Every posted section: the service keeps those of the case's template and looks it up once.
        draft = drafts.draft_autosave(
            case=case, by=request.user, note=request.POST.get("note", ""),
            sections={name.removeprefix("section-"): value for name, value in request.POST.items()
                      if name.startswith("section-")},
            based_on=int_or_none(request.POST.get("based_on")))
    except ValidationError as error:
        return JsonResponse({"error": " ".join(error.messages)}, status=400)
    return JsonResponse({"saved_at": format_time(draft.saved_at),
                         "others": [{"name": d.author.full_name, "saved_at": format_time(d.saved_at)}
                                    for d in drafts.others_drafts(case, request.user)]})


@require_POST
def draft_discard(request: HttpRequest, reference: str) -> HttpResponse:
    case = _writer_case(request, reference)
    if drafts.draft_discard(case=case, by=request.user):
        messages.success(request, "Your unsaved draft has been discarded")
    return redirect("reports:draft", case.reference)


@never_cache
@require_http_methods(["GET", "POST"])
def draft_import(request: HttpRequest, reference: str) -> HttpResponse:
    """A Word draft into the sections of the report, as the importer's private draft to check and save."""
    case = _writer_case(request, reference)
    error = ""
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            error = "Select the Word document to import"
        else:
            try:
                imported = word_import.split(word_import.to_html_safely(upload.read(word_import.MAX_BYTES + 1)),
                                             services.template_sections(case))
                if not imported.filled:
                    raise word_import.Unreadable("The file has no text under a Heading 1. Give each section of the "
                                                 "report a Heading 1 in Word, then import it again.")
                latest = queries.latest_version(case)
                drafts.draft_autosave(case=case, by=request.user, sections=imported.sections,
                                      based_on=latest.number if latest else None, imported_from=upload.name[:200],
                                      import_notes=imported.notes)
            except (word_import.Unreadable, ValidationError) as problem:
                error = " ".join(problem.messages) if isinstance(problem, ValidationError) else str(problem)
            else:
                messages.success(request, f"Imported {imported.filled} sections from {upload.name}. Check them, then "
                                          "save them as a version.")
                return redirect("reports:draft", case.reference)
    return render(request, "reports/import.html", {"case": case, "error": error,
                                                   "mine": drafts.own_draft(case, request.user)})


@never_cache
def draft_of(request: HttpRequest, reference: str, draft_id: int) -> HttpResponse:
    """A co-editor's unsaved draft, to read beside your own so neither loses text."""
    case = _writer_case(request, reference)
    other = get_object_or_404(ReportDraft.objects.select_related("author"), pk=draft_id, case=case)
    sections = [{**s, "html": services.clean_html(other.sections.get(s["key"], ""))}
                for s in services.template_sections(case)]
    return render(request, "reports/draft_of.html", {"case": case, "draft": other, "sections": sections})


@never_cache
def version(request: HttpRequest, reference: str, number: int) -> HttpResponse:
    case = _case(request, reference)
    if not sees_documents(request.user, case):
        raise PermissionDenied
    shown = get_object_or_404(ReportVersion, case=case, number=number)
    comments = list(shown.comments.select_related("by"))
    return render(request, "reports/version.html", {
        "case": case, "version": shown, "comments": comments,
        "others": case.report_versions.exclude(pk=shown.pk).values_list("number", flat=True),
        "can_comment": True})


@require_POST
def comment(request: HttpRequest, reference: str, number: int) -> HttpResponse:
    case = _case(request, reference)
    if not sees_documents(request.user, case):
        raise PermissionDenied
    shown = get_object_or_404(ReportVersion, case=case, number=number)
    try:
        services.comment_add(version=shown, by=request.user, section_key=request.POST.get("section_key", ""),
                             text=request.POST.get("text", ""))
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, "Your comment has been added")
    return redirect(reverse("reports:version", args=[case.reference, number]) + "#comments")


def _text(html: str) -> list[str]:
    text = re.sub(r"</(p|li|h3|h4|blockquote)>|<br\s*/?>", "\n", html)
    return [line.strip() for line in re.sub(r"<[^>]+>", "", text).splitlines() if line.strip()]


@never_cache
def compare(request: HttpRequest, reference: str) -> HttpResponse:
    case = _case(request, reference)
    if not sees_documents(request.user, case):
        raise PermissionDenied
    versions = {v.number: v for v in case.report_versions.all()}
    a, b = versions.get(int_or_none(request.GET.get("from"))), versions.get(int_or_none(request.GET.get("to")))
    if a is None or b is None:
        raise Http404
    changes = []
    for section in b.sections:
        before = _text((a.section(section["key"]) or {}).get("html", ""))
        after = _text(section["html"])
        if before != after:
            diff = [line for line in difflib.ndiff(before, after) if line[:1] in "+-"]
            changes.append({"title": section["title"], "lines": [(line[0], line[2:]) for line in diff]})
    return render(request, "reports/compare.html", {"case": case, "a": a, "b": b, "changes": changes})


def version_download(request: HttpRequest, reference: str, number: int, fmt: str) -> HttpResponse:
    case = _case(request, reference)
    if not sees_documents(request.user, case):
        raise PermissionDenied
    shown = get_object_or_404(ReportVersion, case=case, number=number)
    return _download(request, case, services.report_document(case, shown), fmt, f"report-v{number}")


# --- Factual accuracy ---------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def round_new(request: HttpRequest, reference: str) -> HttpResponse:
    case = _bu_case(request, reference)
    latest = queries.latest_version(case)
    if latest is None:
        messages.error(request, "Write the report before sending it for a factual accuracy check")
        return redirect("reports:overview", case.reference)
    form = AccuracyRoundForm(request.POST or None, agencies=case.partnership.agencies.order_by("name"))
    if request.method == "POST" and form.is_valid():
        try:
            services.accuracy_round_send(case=case, by=request.user, version=latest,
                                         **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, f"Version {latest.number} has been sent for a factual accuracy check")
            return redirect("reports:overview", case.reference)
    return _form_page(request, case, form, heading=f"Send version {latest.number} for a factual accuracy check",
                      button="Send")


@never_cache
@require_http_methods(["GET", "POST"])
def accuracy_round(request: HttpRequest, reference: str, round_id: int) -> HttpResponse:
    case = _case(request, reference)
    found = get_object_or_404(AccuracyRound.objects.select_related("version"), pk=round_id, version__case=case)
    can_comment = rules.can_comment_on_round(request.user, found)
    if not (can_comment or sees_documents(request.user, case)):
        raise PermissionDenied
    form = AccuracyCommentForm(request.POST or None, sections=found.version.sections)
    if request.method == "POST" and "close" in request.POST:
        try:
            services.accuracy_round_close(accuracy_round=found, by=request.user)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, "The factual accuracy round is closed")
        return redirect("reports:round", case.reference, found.pk)
    if request.method == "POST" and form.is_valid():
        try:
            services.accuracy_comment_add(accuracy_round=found, by=request.user,
                                          **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "Your correction has been sent to the lead reviewer")
            return redirect("reports:round", case.reference, found.pk)
    # An agency sees its own comments only.
    comments = queries.round_comments(found, agency_id=None if sees_documents(request.user, case)
                                      else request.user.agency_id)
    titles = {s["key"]: s["title"] for s in found.version.sections}
    return render(request, "reports/round.html", {
        "case": case, "round": found, "form": form, "can_comment": can_comment, "titles": titles,
        "comments": comments, "can_respond": rules.can_write(request.user, case),
        "is_bu": rules.is_business_unit(request.user, case)})


@require_POST
def accuracy_respond(request: HttpRequest, reference: str, comment_id: int) -> HttpResponse:
    case = _writer_case(request, reference)
    found = get_object_or_404(AccuracyComment, pk=comment_id, round__version__case=case)
    try:
        services.accuracy_respond(comment=found, by=request.user, response=request.POST.get("response", ""))
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, "Your response has been recorded")
    return redirect("reports:round", case.reference, found.round_id)


# --- Quality assurance, sign-off, decision ---------------------------------------------------------


@require_http_methods(["GET", "POST"])
def quality(request: HttpRequest, reference: str) -> HttpResponse:
    case = _case(request, reference)
    if not rules.checks_quality(request.user, case):
        raise PermissionDenied
    rows = queries.quality_rows(case)
    errors = {}
    if request.method == "POST":
        for marker, _ in rows:
            met = request.POST.get(f"met_{marker.pk}") == "yes"
            evidence = request.POST.get(f"evidence_{marker.pk}", "")
            try:
                services.quality_check_save(case=case, by=request.user, marker=marker, met=met, evidence=evidence)
            except ValidationError as error:
                errors.update({k: v[0] for k, v in error.message_dict.items()})
        if not errors:
            messages.success(request, "The quality assurance checklist has been saved")
            return redirect("reports:overview", case.reference)
        rows = queries.quality_rows(case)
    return render(request, "reports/quality.html", {"case": case, "rows": rows,
                                                    "errors": errors, "posted": request.POST})


@require_http_methods(["GET", "POST"])
def approve(request: HttpRequest, reference: str) -> HttpResponse:
    case = _case(request, reference)
    if rules.partner_role_of(request.user, case) is None:
        raise PermissionDenied
    latest = queries.latest_version(case)
    if latest is None:
        raise Http404
    form = ApprovalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.approval_record(case=case, by=request.user, version=latest,
                                     comment=form.cleaned_data["comment"])
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, f"Your approval of version {latest.number} has been recorded")
            return redirect("reports:overview", case.reference)
    return _form_page(request, case, form, heading=f"Approve version {latest.number}", button="Approve",
                      intro="Approve only if this version is final. Any later change withdraws every approval.")


@require_http_methods(["GET", "POST"])
def decision(request: HttpRequest, reference: str) -> HttpResponse:
    case = _case(request, reference)
    if not (rules.is_business_unit(request.user, case) or rules.partner_role_of(request.user, case) is not None):
        raise PermissionDenied
    existing = getattr(case, "publication_decision", None)
    form = PublicationDecisionForm(request.POST or None, initial={
        name: getattr(existing, name) for name in ("form", "reason", "foreword", "response", "glossary")
    } if existing else None)
    form.fields["response"].label = frameworks.of(case).response_title
    if request.method == "POST" and form.is_valid():
        try:
            services.publication_decision_save(case=case, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "The publication decision has been recorded")
            return redirect("reports:overview", case.reference)
    return _form_page(request, case, form, heading="Publication decision", button="Save")


# --- Anonymisation and publication -------------------------------------------------------------------


@never_cache
@require_http_methods(["GET", "POST"])
def anonymisation(request: HttpRequest, reference: str) -> HttpResponse:
    case = _writer_case(request, reference)
    latest = queries.latest_version(case)
    if latest is None:
        raise Http404
    audit_record(action=Action.VIEW_IDENTITY, actor=request.user, target=case, case=case, partnership=case.partnership,
                 code="reports.anonymisation_checked", params={"version": latest.number})
    found = services.findings_for(case, latest)
    decisions = {d.key: d for d in case.redactions.all()}
    form, failed_key = RedactionForm(request.POST or None), None
    kind = request.POST.get("kind", "") if request.method == "POST" else ""
    if kind and form.is_valid():
        label = anonymise.KIND_LABELS.get(kind, "finding").lower()
        try:
            made = services.redaction_decide_kind(case=case, by=request.user, kind=kind,
                                                  **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
            failed_key = f"kind:{kind}"
        else:
            messages.success(request, f"Decided {len(made)} {label} {'finding' if len(made) == 1 else 'findings'} "
                                      "at once")
            return redirect(reverse("reports:anonymisation", args=[case.reference]) + "#findings")
    elif kind:
        failed_key = f"kind:{kind}"
    elif request.method == "POST" and form.is_valid():
        key = request.POST.get("key", "")
        match = next((f for _, f in found if f.key == key), None)
        if match is None:
            messages.error(request, "That finding is no longer in the report")
            return redirect("reports:anonymisation", case.reference)
        try:
            services.redaction_decide(case=case, by=request.user, key=key, kind=match.kind, example=match.text, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
            failed_key = key
        else:
            messages.success(request, f"Decided: the {match.kind_label.lower()} “{match.text}”")
            return redirect(reverse("reports:anonymisation", args=[case.reference]) + "#findings")
    groups: dict = {}
    for section, finding in found:
        group = groups.setdefault(finding.key, {"finding": finding, "contexts": [], "sections": set(),
                                                "decision": decisions.get(finding.key)})
        group["contexts"].append(finding.context)
        group["sections"].add(section["title"])
    waiting: dict[str, int] = {}
    for group in groups.values():
        if group["decision"] is None:
            waiting[group["finding"].kind] = waiting.get(group["finding"].kind, 0) + 1
    kinds = [{"kind": k, "label": anonymise.KIND_LABELS[k], "count": n, "suggestion": anonymise.KIND_REPLACEMENTS[k]}
             for k, n in waiting.items() if n > 1]
    return render(request, "reports/anonymisation.html", {
        "case": case, "version": latest, "groups": list(groups.values()), "form": form, "failed_key": failed_key,
        "open": sum(waiting.values()), "kinds": kinds})


def redaction_log_download(request: HttpRequest, reference: str, fmt: str) -> HttpResponse:
    case = _writer_case(request, reference)
    return _download(request, case, papers.redaction_log(case), fmt, "redaction-log")


@require_http_methods(["GET", "POST"])
def publish(request: HttpRequest, reference: str) -> HttpResponse:
    case = _bu_case(request, reference)
    form = PublishForm(request.POST or None)
    problems = services.publication_problems(case)
    if request.method == "POST" and form.is_valid():
        try:
            publication = services.publish(case=case, by=request.user,
                                           site_url=settings.SITE_URL, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, f"Published. The report is in the public library: {publication.title}")
            return redirect("reports:overview", case.reference)
    return _form_page(request, case, form, heading="Publish the report", button="Publish",
                      intro="The anonymised, approved version goes to the public library as a web page and a "
                            "tagged PDF.", extra={"problems": problems})


@require_http_methods(["GET", "POST"])
def correction(request: HttpRequest, reference: str, publication_id: int) -> HttpResponse:
    case = _bu_case(request, reference)
    publication = get_object_or_404(PublishedReport, pk=publication_id, case=case)
    form = CorrectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            corrected = services.correction_publish(publication=publication, by=request.user,
                                                    note=form.cleaned_data["note"])
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, f"Edition {corrected.edition} has been published with your note")
            return redirect("reports:overview", case.reference)
    return _form_page(request, case, form, heading="Publish a correction", button="Publish correction",
                      intro="The published edition stays as it was; the correction becomes a new edition.")




# --- The partnership's templates and checklist (part of the process pack) ------------------------------


def _pack_partnership(request: HttpRequest, slug: str):

    partnership = get_object_or_404(Partnership, slug=slug)
    if not has_capability(request.user, partnership.pk, "manage_process_pack"):
        raise PermissionDenied
    return partnership


@require_http_methods(["GET", "POST"])
def template_edit(request: HttpRequest, slug: str, route_kind: str) -> HttpResponse:
    partnership = _pack_partnership(request, slug)
    if route_kind not in RouteKind.values:
        raise Http404
    template = queries.report_template(partnership, route_kind)
    text = "\n".join(f"{s['title']}: {s['guidance']}" if s.get("guidance") else s["title"]
                     for s in (template.sections if template else []))
    form = LinesForm(request.POST or None, initial={"text": text}, label="Sections, one per line",
                     hint="Write “Title: guidance for the author”. Renaming a section starts it afresh in new "
                          "versions; earlier versions keep their text.")
    if request.method == "POST" and form.is_valid():
        try:
            services.template_save(partnership=partnership, route_kind=route_kind, by=request.user,
                                   text=form.cleaned_data["text"])
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "The report sections have been saved")
            return redirect("process:overview", partnership.slug)
    return render(request, "reports/pack_form.html", {
        "partnership": partnership, "form": form, "button": "Save sections",
        "heading": f"Report sections: {RouteKind(route_kind).label}"})


@require_http_methods(["GET", "POST"])
def markers_edit(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = _pack_partnership(request, slug)
    # Each framework keeps its own checklist: SCIE's markers for adults' reviews.
    framework = request.GET.get("framework", frameworks.CHILDREN)
    if framework not in enabled_frameworks(partnership.pk):
        raise Http404
    text = "\n".join(f"{m.text}: {m.guidance}" if m.guidance else m.text
                     for m in partnership.quality_markers.filter(active=True, framework=framework))
    form = LinesForm(request.POST or None, initial={"text": text}, label="Quality markers, one per line",
                     hint="Write “Marker: what counts as evidence”. A marker you remove is retired; past checks stay.")
    if request.method == "POST" and form.is_valid():
        try:
            services.quality_markers_save(partnership=partnership, by=request.user, text=form.cleaned_data["text"],
                                          framework=framework)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "The quality assurance checklist has been saved")
            return redirect("process:overview", partnership.slug)
    return render(request, "reports/pack_form.html", {"partnership": partnership, "form": form,
                                                      "heading": f"Quality assurance checklist: "
                                                                 f"{frameworks.get(framework).label}",
                                                      "button": "Save"})
