"""What the reports app gives the case engine, from ReportsConfig.ready(): the checks of its gates
that read the review documents (cases.gates) and the link to those documents from the case's
page (cases.page_links)."""

from __future__ import annotations

from django.urls import reverse

from casereview.cases import frameworks, gates, page_links
from casereview.cases.models import Case
from casereview.govuk.blockers import Blocker
from casereview.reports.forms import RapidReviewRecordForm
from casereview.reports.models import (
    PublicationDecision,
    QualityCheck,
    QualityMarker,
    RapidReviewRecord,
    TermsOfReference,
)
from casereview.reports.queries import approvals_complete, latest_version
from casereview.reports.rules import sees_documents

# The headings of the rapid review record the Panel cannot do without (domain brief §2.4).
RR_RECORD_REQUIRED = ("circumstances", "agency_summaries", "immediate_actions", "learning")


def _fix(name: str, case: Case) -> str:
    return reverse(name, args=[case.reference])


def rapid_review_record_blockers(case: Case) -> list[Blocker]:
    record = RapidReviewRecord.objects.filter(case=case).first()
    fields = RapidReviewRecordForm.base_fields
    return [Blocker(f"Write “{fields[name].label}” in the rapid review record before sending it",
                    _fix("reports:rapid-review", case))
            for name in RR_RECORD_REQUIRED if not (getattr(record, name, "") or "").strip()]


def sign_off_blockers(case: Case) -> list[Blocker]:
    """The terms of reference agreed, every quality marker met and, once the report is written in
    the service, all three partners' approval of its latest version."""
    blockers = []
    if not TermsOfReference.objects.filter(case=case, agreed_on__isnull=False).exists():
        blockers.append(Blocker("Agree the terms of reference and record the date they were agreed",
                                _fix("reports:tor", case)))
    markers = set(QualityMarker.objects.filter(partnership_id=case.partnership_id, active=True,
                                               framework__in=frameworks.keys_of(case))
                  .values_list("pk", flat=True))
    met = set(QualityCheck.objects.filter(case=case, marker_id__in=markers, met=True)
              .values_list("marker_id", flat=True))
    if markers - met:
        blockers.append(Blocker(f"Complete the quality assurance checklist: {len(met)} of {len(markers)} quality "
                                "markers are met", _fix("reports:quality", case)))
    if latest_version(case) is not None and not approvals_complete(case):
        blockers.append(Blocker(" and ".join(f.sign_off_words[0].lower() + f.sign_off_words[1:] if i else f.sign_off_words
                                             for i, f in enumerate(frameworks.all_of(case)))
                                + " must approve the latest version of the report",
                                _fix("reports:overview", case) + "#sign-off"))
    return blockers


def not_published(case: Case) -> bool:
    """The partners decided that the report will not be published."""
    return PublicationDecision.objects.filter(case=case, form=PublicationDecision.Form.NOT_PUBLISHED).exists()


def register() -> None:
    page_links.register(page_links.CaseLink(
        20, "Review documents: rapid review, terms of reference, the report, sign-off and publication",
        "reports:overview", sees_documents))
    gates.register_check(gates.RAPID_REVIEW_SEND, rapid_review_record_blockers)
    gates.register_check(gates.SIGN_OFF, sign_off_blockers)
    gates.register_publication_waiver(not_published)
