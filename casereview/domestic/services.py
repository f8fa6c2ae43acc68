"""Writes for domestic abuse related death reviews. Each is one transaction with its audit event."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from casereview.audit.models import Action
from casereview.audit.services import audit_record
from casereview.cases import frameworks, lifecycle
from casereview.cases.models import Case, CaseStatus, Referral, Subject, SubjectIdentity, SubjectKind
from casereview.domestic import rules
from casereview.domestic.models import CommissionerCopy, FamilyInvolvement, PoliceNotification, QaFeedback
from casereview.govuk.wording import problem


@transaction.atomic
def notification_record(*, partnership, by, data: dict) -> Case:
    """The police's notification, recorded by the partnership's coordinator: the case is made and
    submitted at once, so the decision's clock starts from the notification's date."""
    if not rules.records_notifications(by, partnership.pk):
        raise PermissionDenied
    case = Case.objects.create(partnership=partnership, status=CaseStatus.DRAFT, created_by=by,
                               framework=frameworks.DOMESTIC_ABUSE, local_authority=data["local_authority"])
    Referral.objects.create(case=case, incident_date=data["date_of_death"], aware_date=data["notified_on"],
                            incident_kind="death", description="Notified by the police.")
    PoliceNotification.objects.create(case=case, notified_on=data["notified_on"],
                                      police_reference=data.get("police_reference", ""),
                                      death_kind=data["death_kind"], relationship=data["relationship"],
                                      criminal_proceedings=bool(data.get("criminal_proceedings")), recorded_by=by)
    person = Subject.objects.create(case=case, kind=SubjectKind.ADULT, label="The person who died", age=data["age"],
                                    sex=data["sex"], local_authority=data["local_authority"])
    SubjectIdentity.objects.create(subject=person, full_name=data["full_name"].strip())
    audit_record(action=Action.CREATE, actor=by, target=case, partnership=partnership,
                 code="domestic.notified")
    return lifecycle.case_transition(case=case, name="submit", by=by)


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


@transaction.atomic
def family_save(*, case: Case, by, data: dict, chosen_name: str = "",
                expected_version: int | None = None) -> FamilyInvolvement:
    """The family's involvement and, if they chose one, the name the report will use."""
    _require(rules.manages_dardr(by, case))
    case = Case.objects.select_for_update().get(pk=case.pk)
    family = FamilyInvolvement.objects.select_for_update().filter(case=case).first()
    if family is not None and expected_version is not None and family.lock_version != expected_version:
        raise problem("The record of the family's involvement was changed in another "
                      "window. Nothing has been saved: reload the page and try again.", "stale")
    chosen = chosen_name.strip()
    if chosen and chosen != case.pseudonym:
        real = " ".join(SubjectIdentity.objects.filter(subject__case=case).values_list("full_name", flat=True))
        if any(part.lower() in {w.lower() for w in real.split()} for part in chosen.split()):
            raise ValidationError({"chosen_name": problem("Choose a name that is not part of the person's real name",
                                                          "choose_a_name_that_is")})
        if Case.objects.filter(partnership_id=case.partnership_id, pseudonym=chosen).exclude(pk=case.pk).exists():
            raise ValidationError({"chosen_name": problem("Another case in this partnership already uses that name",
                                                          "another_case_in_this_partnership")})
        before = case.pseudonym
        case.pseudonym = chosen
        case.lock_version += 1
        case.save(update_fields=["pseudonym", "lock_version", "updated_at"])
        audit_record(action=Action.UPDATE, actor=by, target=case, case=case, partnership=case.partnership,
                     code="domestic.family_name", changes={"pseudonym": [before, chosen]})
    created = family is None
    family = family or FamilyInvolvement(case=case)
    for name, value in data.items():
        setattr(family, name, value)
    family.lock_version = (family.lock_version or 0) + (0 if created else 1)
    family.updated_by = by
    family.save()
    audit_record(action=Action.CREATE if created else Action.UPDATE, actor=by, target=family, case=case,
                 partnership=case.partnership,
                 code="domestic.family", params={"advocacy": family.advocacy})
    return family


@transaction.atomic
def qa_feedback_add(*, case: Case, by, data: dict) -> QaFeedback:
    _require(rules.manages_dardr(by, case))
    feedback = QaFeedback.objects.create(case=case, recorded_by=by, **data)
    audit_record(action=Action.CREATE, actor=by, target=feedback, case=case, partnership=case.partnership,
                 code="domestic.qa_letter", params={"outcome": feedback.outcome})
    return feedback


@transaction.atomic
def commissioner_copy_record(*, case: Case, by, sent_on) -> CommissionerCopy:
    _require(rules.manages_dardr(by, case))
    published = case.milestones.filter(event="published").values_list("on", flat=True).first()
    if published is not None and sent_on < published:
        raise ValidationError({"sent_on": problem("The copy to the Commissioner is of the "
                                                  "final report: not before it was "
                                                  "published", "the_copy_to_the_commissioner")})
    copy, _ = CommissionerCopy.objects.update_or_create(case=case, defaults={"sent_on": sent_on, "recorded_by": by})
    lifecycle.set_milestone(case, "commissioner_copy_sent", sent_on)
    audit_record(action=Action.UPDATE, actor=by, target=copy, case=case, partnership=case.partnership,
                 code="domestic.commissioner_copy")
    return copy
