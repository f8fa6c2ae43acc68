"""Writes for draft referrals. A draft is a Case in the DRAFT status that only its author sees;
submitting it is the lifecycle's "submit" transition."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction

from casereview.audit.models import Action
from casereview.audit.services import audit_record
from casereview.cases.models import Case, CaseStatus, Referral, Subject, SubjectIdentity, SubjectKind
from casereview.cases.referral_forms import REFERRAL_FIELDS
from casereview.govuk.wording import problem
from casereview.partnerships.access import has_capability

IDENTITY_FIELDS = ("full_name", "other_names", "date_of_birth", "address", "postcode")
SUBJECT_FIELDS = ("relationship", "age", "sex", "ethnicity", "disability", "local_authority", "legal_status")


def _own_draft(case: Case, by) -> Case:
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.status != CaseStatus.DRAFT or case.created_by_id != by.pk:
        raise PermissionDenied
    if not has_capability(by, case.partnership_id, "refer_case"):
        raise PermissionDenied
    return case


@transaction.atomic
def referral_start(*, partnership, by) -> Case:
    if not has_capability(by, partnership.pk, "refer_case"):
        raise PermissionDenied
    case = Case.objects.create(partnership=partnership, status=CaseStatus.DRAFT, created_by=by)
    Referral.objects.create(case=case)
    audit_record(action=Action.CREATE, actor=by, target=case, partnership=partnership,
                 code="cases.referral_started")
    return case


@transaction.atomic
def referral_save(*, case: Case, by, data: dict, expected_version: int | None = None) -> Referral:
    case = _own_draft(case, by)
    referral = Referral.objects.select_for_update().get(case=case)
    if expected_version is not None and referral.lock_version != expected_version:
        raise problem("This draft was changed in another window. Nothing has "
                      "been saved: reload the page and make your changes "
                      "again.", "stale")
    for name in REFERRAL_FIELDS:
        if name in data:
            setattr(referral, name, data[name] if data[name] is not None else (
                None if name.endswith("_date") else ""))
    referral.abuse_kinds = list(data.get("abuse_kinds") or [])
    referral.lock_version += 1
    referral.save()
    case.local_authority = data.get("local_authority")
    case.save(update_fields=["local_authority", "updated_at"])
    if "agencies" in data:
        case.agencies.set(data["agencies"] or [])
    audit_record(action=Action.UPDATE, actor=by, target=case, partnership=case.partnership,
                 code="cases.referral_saved")
    return referral


@transaction.atomic
def referral_person_save(*, case: Case, by, kind: str, data: dict, subject: Subject | None = None) -> Subject:
    case = _own_draft(case, by)
    if subject is None:
        count = case.subjects.filter(kind=kind).count() + 1
        base = "Child" if kind == SubjectKind.CHILD else "Family member"
        label = f"{base} {count}"
        while case.subjects.filter(label=label).exists():
            count += 1
            label = f"{base} {count}"
        subject = Subject(case=case, kind=kind, label=label, order=case.subjects.count())
    elif subject.case_id != case.pk:
        raise PermissionDenied
    for name in SUBJECT_FIELDS:
        if name in data:
            value = data[name]
            setattr(subject, name, value if value is not None or name in ("age", "local_authority") else "")
    if "legal_status" in data:
        subject.legal_status = list(data["legal_status"] or [])
    subject.save()
    identity, _ = SubjectIdentity.objects.get_or_create(subject=subject, defaults={"full_name": data["full_name"]})
    for name in IDENTITY_FIELDS:
        if name in data:
            setattr(identity, name, data[name] if data[name] is not None or name == "date_of_birth" else "")
    identity.save()
    audit_record(action=Action.UPDATE, actor=by, target=subject, partnership=case.partnership,
                 case=None, code="cases.referral_person_saved", params={"label": subject.label})
    return subject


@transaction.atomic
def referral_person_remove(*, case: Case, by, subject: Subject) -> None:
    case = _own_draft(case, by)
    if subject.case_id != case.pk:
        raise PermissionDenied
    label = subject.label
    subject.delete()
    audit_record(action=Action.DELETE, actor=by, target=case, partnership=case.partnership,
                 code="cases.referral_person_removed", params={"label": label})


@transaction.atomic
def referral_discard(*, case: Case, by) -> None:
    case = _own_draft(case, by)
    partnership = case.partnership
    audit_record(action=Action.DELETE, actor=by, partnership=partnership,
                 code="cases.referral_discarded", params={"draft": case.pk})
    case.delete()
