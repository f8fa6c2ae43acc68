"""Reads of a case's review documents: versions, sign-off, quality assurance and accuracy rounds.
Views read through these; writes are reports.services."""

from __future__ import annotations

from casereview.cases import frameworks
from casereview.cases.models import Case
from casereview.contributions.models import AgencyRequest
from casereview.partnerships.models import RoleAssignment
from casereview.reports.models import (
    AccuracyComment,
    AccuracyRound,
    Approval,
    QualityCheck,
    QualityMarker,
    ReportTemplate,
    ReportVersion,
)


def latest_version(case: Case) -> ReportVersion | None:
    return case.report_versions.order_by("-number").first()


def live_approvals(case: Case, version: ReportVersion | None = None) -> list[Approval]:
    """The approvals that count: not withdrawn, by an active person who still holds the partner role."""
    version = version or latest_version(case)
    if version is None:
        return []
    holders = set(RoleAssignment.objects.filter(partnership_id=case.partnership_id, role__in=signers(case),
                                                person__is_active=True).values_list("person_id", "role"))
    return [a for a in Approval.objects.filter(version=version, withdrawn_at=None).select_related("person")
            if (a.person_id, a.partner) in holders]


def signers(case: Case) -> tuple[str, ...]:
    """The roles whose approvals sign a report off, as the case's framework sets them: the three
    safeguarding partners for a children's review, the board's independent chair for a SAR."""
    return frameworks.signers_of(case)


def approvals_complete(case: Case) -> bool:
    live = live_approvals(case)
    wanted = signers(case)
    return {a.partner for a in live} == set(wanted) and len({a.person_id for a in live}) == len(wanted)


def approvals_of(case: Case) -> list[Approval]:
    """Every approval given on the case, newest first, withdrawn ones included."""
    return list(Approval.objects.filter(case=case).select_related("person", "version").order_by("-pk"))


def quality_rows(case: Case) -> list[tuple[QualityMarker, QualityCheck | None]]:
    """The partnership's quality markers in use, each with this case's check of it if there is one."""
    checks = {c.marker_id: c for c in QualityCheck.objects.filter(case=case)}
    return [(marker, checks.get(marker.pk))
            for marker in case.partnership.quality_markers.filter(active=True, framework__in=frameworks.keys_of(case))]


def accuracy_rounds(case: Case) -> list[AccuracyRound]:
    return list(AccuracyRound.objects.filter(version__case=case).select_related("version"))


def round_comments(accuracy_round: AccuracyRound, *, agency_id: int | None = None) -> list[AccuracyComment]:
    """The comments on a factual accuracy round; only one agency's when `agency_id` is given."""
    comments = accuracy_round.comments.select_related("by", "agency", "responded_by")
    if agency_id is not None:
        comments = comments.filter(agency_id=agency_id)
    return list(comments)


def report_template(partnership, route_kind: str) -> ReportTemplate | None:
    return ReportTemplate.objects.filter(partnership=partnership, route_kind=route_kind).first()


def agencies_asked(case: Case) -> list[int]:
    """The agencies sent any request on the case: the first guess at who the terms of reference name."""
    return list(AgencyRequest.objects.filter(case=case).values_list("agency_id", flat=True).distinct())
