"""Writes for safeguarding adults reviews. Each is one transaction and writes its audit event; the
lifecycle's steps are cases.lifecycle.case_transition with this framework's table."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from casereview.adults import rules
from casereview.adults.models import AdultInvolvement, FindingNotActedOn, SarReferral
from casereview.audit.models import Action
from casereview.audit.services import audit_record
from casereview.cases import frameworks
from casereview.cases.models import Case, CaseStatus, Referral, Subject, SubjectIdentity, SubjectKind
from casereview.govuk.wording import problem
from casereview.learning.models import Finding
from casereview.partnerships.access import has_capability

REFERRAL_FIELDS = ("referrer_role", "senior_lead_agreed", "incident_kind", "incident_date", "abuse_or_neglect",
                   "abuse_kinds", "description", "aware_date")
ANSWER_FIELDS = ("care_and_support_needs", "working_together_concern")
SUBJECT_FIELDS = ("age", "sex", "ethnicity")
IDENTITY_FIELDS = ("full_name", "date_of_birth")
ADULT_LABEL = "The adult"


def _stale(what: str) -> ValidationError:
    return problem("%(what)s was changed in another window. Nothing has "
                   "been saved: reload the page and make your changes "
                   "again.", "stale", what=what)


def _own_draft(case: Case, by) -> Case:
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.status != CaseStatus.DRAFT or case.created_by_id != by.pk or case.framework != frameworks.ADULTS:
        raise PermissionDenied
    if not has_capability(by, case.partnership_id, "refer_case"):
        raise PermissionDenied
    return case


@transaction.atomic
def sar_referral_start(*, partnership, by) -> Case:
    if not has_capability(by, partnership.pk, "refer_case") or not rules.runs_sars(partnership.pk):
        raise PermissionDenied
    case = Case.objects.create(partnership=partnership, status=CaseStatus.DRAFT, created_by=by,
                               framework=frameworks.ADULTS)
    Referral.objects.create(case=case)
    SarReferral.objects.create(case=case)
    audit_record(action=Action.CREATE, actor=by, target=case, partnership=partnership,
                 code="adults.referral_started")
    return case


@transaction.atomic
def sar_referral_save(*, case: Case, by, data: dict, expected_version: int | None = None) -> Referral:
    """Saves the draft: the referral, the referrer's section 44 answers and the adult, whose name
    and date of birth go to SubjectIdentity, apart from everything else."""
    case = _own_draft(case, by)
    referral = Referral.objects.select_for_update().get(case=case)
    if expected_version is not None and referral.lock_version != expected_version:
        raise _stale("This draft")
    for name in REFERRAL_FIELDS:
        value = data.get(name)
        if name == "abuse_kinds":
            value = list(value or [])
        elif value is None and not name.endswith("_date"):
            value = ""
        setattr(referral, name, value)
    referral.lock_version += 1
    referral.save()
    answers, _ = SarReferral.objects.get_or_create(case=case)
    for name in ANSWER_FIELDS:
        setattr(answers, name, data.get(name) or "")
    answers.save()
    case.local_authority = data.get("local_authority")
    case.save(update_fields=["local_authority", "updated_at"])
    case.agencies.set(data.get("agencies") or [])
    adult = case.subjects.filter(kind=SubjectKind.ADULT).first() or Subject(
        case=case, kind=SubjectKind.ADULT, label=ADULT_LABEL, order=0)
    adult.age = data.get("age")
    adult.sex, adult.ethnicity = data.get("sex") or "", data.get("ethnicity") or ""
    adult.local_authority = data.get("local_authority")
    adult.save()
    if (data.get("full_name") or "").strip() or SubjectIdentity.objects.filter(subject=adult).exists():
        identity, _ = SubjectIdentity.objects.get_or_create(subject=adult, defaults={"full_name": ""})
        identity.full_name = (data.get("full_name") or "").strip()
        identity.date_of_birth = data.get("date_of_birth")
        identity.save()
    audit_record(action=Action.UPDATE, actor=by, target=case, partnership=case.partnership,
                 code="adults.referral_saved")
    return referral


@transaction.atomic
def involvement_save(*, case: Case, by, data: dict, expected_version: int | None = None) -> AdultInvolvement:
    """Records how the adult, an advocate and the family take part; kept current through the review."""
    if not rules.manages_sar(by, case):
        raise PermissionDenied
    Case.objects.select_for_update().get(pk=case.pk)
    involvement = AdultInvolvement.objects.select_for_update().filter(case=case).first()
    if involvement is not None and expected_version is not None and involvement.lock_version != expected_version:
        raise _stale("The record of involvement")
    created = involvement is None
    involvement = involvement or AdultInvolvement(case=case)
    for name, value in data.items():
        setattr(involvement, name, value if value is not None or name.endswith("_on") else "")
    involvement.lock_version = (involvement.lock_version or 0) + (0 if created else 1)
    involvement.updated_by = by
    involvement.save()
    audit_record(action=Action.CREATE if created else Action.UPDATE, actor=by, target=involvement, case=case,
                 partnership=case.partnership,
                 code="adults.involvement", params={"consent": involvement.consent})
    return involvement


@transaction.atomic
def finding_not_acted_on_record(*, finding: Finding, by, reason: str, decided_on) -> FindingNotActedOn:
    """The board's reason for not acting on a finding, which its annual report must give."""
    case = finding.case
    if case.framework != frameworks.ADULTS or not rules.manages_sar(by, case):
        raise PermissionDenied
    if not reason.strip():
        raise ValidationError({"reason": problem("Give the reason", "give_the_reason")})
    if finding.recommendations.filter(actions__isnull=False).exists():
        raise ValidationError({"reason": problem("This finding already has actions: record their progress instead",
                                                 "this_finding_already_has_actions")})
    record, created = FindingNotActedOn.objects.update_or_create(
        finding=finding, defaults={"reason": reason.strip(), "decided_on": decided_on, "recorded_by": by})
    audit_record(action=Action.CREATE if created else Action.UPDATE, actor=by, target=record, case=case,
                 partnership=case.partnership,
                 code="adults.not_acting", params={"number": finding.number})
    return record
