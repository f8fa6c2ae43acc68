"""What the case documents give the case engine, from CasefilesConfig.ready(): the link from the
case's page, the files beside the stage checklist (cases.checklist) and the check that a stage's
required documents are uploaded before it is completed (cases.gates)."""

from __future__ import annotations

from django.urls import reverse

from casereview.casefiles import queries
from casereview.casefiles.rules import keeps_documents, sees_documents
from casereview.cases import checklist, gates, page_links
from casereview.cases.models import Case
from casereview.govuk.blockers import Blocker


def _upload_href(case: Case, stage, document: str) -> str:
    return f"{reverse('casefiles:upload', args=[case.reference])}?for={stage.pk}:{stage.documents.index(document)}"


def upload_href(case: Case, stage, document: str, user) -> str | None:
    return _upload_href(case, stage, document) if keeps_documents(user, case) else None


def required_blockers(case: Case) -> list[Blocker]:
    return [Blocker(f"Upload “{document}”: the stage cannot be completed without it",
                    _upload_href(case, case.stage, document)) for document in queries.missing_required(case)]


def register() -> None:
    page_links.register(page_links.CaseLink(
        15, "Case documents: letters, minutes and the files each stage expects", "casefiles:list", sees_documents))
    checklist.register(checklist.Source(held=queries.held, upload_href=upload_href))
    gates.register_check(gates.STAGE_COMPLETE, required_blockers)
