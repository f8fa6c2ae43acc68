"""Reads of a case's documents."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.urls import reverse

from casereview.casefiles.models import Audience, CaseDocument, DocumentVersion, Scan
from casereview.casefiles.rules import keeps_documents
from casereview.cases.checklist import HeldFile
from casereview.cases.models import Case


def visible_documents(user, case: Case) -> QuerySet[CaseDocument]:
    """The case's documents this person may see (the caller has checked they may see the case)."""
    documents = CaseDocument.objects.filter(case=case).select_related("stage")
    if not keeps_documents(user, case):
        documents = documents.filter(audience=Audience.CASE)
    return documents.prefetch_related(Prefetch("versions", queryset=DocumentVersion.objects
                                               .select_related("uploaded_by").order_by("-number")))


def latest(document: CaseDocument) -> DocumentVersion | None:
    versions = list(document.versions.all())  # prefetched, newest first
    return versions[0] if versions else None


def latest_ready(document: CaseDocument) -> DocumentVersion | None:
    return next((v for v in document.versions.all() if v.downloadable), None)


def held(case: Case, stage, user) -> dict[str, list[HeldFile]]:
    """For the stage checklist on the case's page: the files answering each expected document."""
    found: dict[str, list[HeldFile]] = {}
    for document in visible_documents(user, case).filter(stage=stage):
        newest = latest(document)
        found.setdefault(document.expected, []).append(HeldFile(
            title=document.title, href=reverse("casefiles:document", args=[case.reference, document.pk]),
            state=newest.get_scan_display() if newest else "No file",
            ready=latest_ready(document) is not None))
    return found


def missing_required(case: Case) -> list[str]:
    """The current stage's required documents with no file that passed the scan."""
    if case.stage_id is None:
        return []
    required = case.stage.required
    if not required:
        return []
    held_ok = set(CaseDocument.objects.filter(
        case=case, stage=case.stage, expected__in=required,
        versions__scan__in=[Scan.CLEAN, Scan.NOT_SCANNED]).values_list("expected", flat=True))
    return [document for document in required if document not in held_ok]


def expected_choices(case: Case) -> list[tuple[str, str]]:
    """Every expected document of the case's route, as (stage id:line number, words): the current
    stage's first, because that is what the business unit is usually filing."""
    if case.route_id is None:
        return []
    stages = list(case.route.stages.filter(active=True).order_by("order", "pk"))
    stages.sort(key=lambda s: s.pk != case.stage_id)
    return [(f"{stage.pk}:{index}", f"{document} ({stage.name}{', required' if document in stage.required else ''})")
            for stage in stages for index, document in enumerate(stage.documents)]


def expected_from(case: Case, value: str):
    """(stage, document) from an expected_choices value; (None, "") for none or a stale choice."""
    stage_id, _, index = (value or "").partition(":")
    if not stage_id.isdigit() or not index.isdigit() or case.route_id is None:
        return None, ""
    stage = case.route.stages.filter(pk=int(stage_id)).first()
    if stage is None or int(index) >= len(stage.documents):
        return None, ""
    return stage, stage.documents[int(index)]


def expected_value(document: CaseDocument) -> str:
    if document.stage is None or document.expected not in document.stage.documents:
        return ""
    return f"{document.stage_id}:{document.stage.documents.index(document.expected)}"
