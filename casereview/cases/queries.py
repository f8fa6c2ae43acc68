"""Reads for case pages. Each takes the viewing user and returns only what they may see."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest

from casereview.audit.models import Action, AuditEvent
from casereview.audit.services import audit_record
from casereview.cases.models import Case, CaseMembership, SubjectIdentity
from casereview.partnerships.access import partnership_ids_where


def cases_visible_to(user) -> QuerySet[Case]:
    if not (user.is_authenticated and user.is_active):
        return Case.objects.none()
    wide = partnership_ids_where(user, "view_all_cases")
    by_membership = partnership_ids_where(user, "view_member_cases")
    return Case.objects.filter(
        Q(partnership_id__in=wide)
        | Q(partnership_id__in=by_membership, memberships__person=user)
    ).distinct()


def case_list_for(user, *, search: str = "") -> QuerySet[Case]:
    cases = cases_visible_to(user).select_related("partnership", "local_authority").annotate(
        member_count=Count("memberships", distinct=True)
    )
    search = search.strip()
    if search:
        cases = cases.filter(Q(reference__icontains=search) | Q(pseudonym__icontains=search))
    return cases.order_by("-created_at")


def case_members(case: Case) -> QuerySet[CaseMembership]:
    return case.memberships.select_related("person", "person__agency").order_by("role", "person__full_name")


def subject_identities_for(*, user, case: Case, request: HttpRequest | None) -> list[SubjectIdentity]:
    """Identifying details of the case's children and family. Every call is audited as a view."""
    if not user.has_perm("cases.view_identity", case):
        raise PermissionError("not allowed to see identifying details")
    identities = list(
        SubjectIdentity.objects.filter(subject__case=case).select_related("subject").order_by(
            "subject__order", "subject__pk")
    )
    audit_record(action=Action.VIEW_IDENTITY, actor=user, request=request, target=case, case=case,
                 partnership=case.partnership, summary=f"Viewed identifying details of {len(identities)} people")
    return identities


def case_access_log(case: Case) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(case=case).select_related("actor").order_by("-at", "-pk")
