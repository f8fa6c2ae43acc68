"""Changes to the schedule, legal holds, and disposal batches: proposed by the daily task, approved
(or not) by the business unit manager, carried out in one transaction and certified."""

from __future__ import annotations

import logging
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, transaction
from django.utils import timezone

from casereview.audit import retention as audit_retention
from casereview.audit.models import Action
from casereview.audit.services import audit_record
from casereview.cases.models import Case
from casereview.govuk.wording import problem
from casereview.partnerships.access import has_capability
from casereview.partnerships.models import Partnership
from casereview.retention import disposal, schedule
from casereview.retention.models import (
    BatchState,
    DisposalBatch,
    DisposalItem,
    LegalHold,
    RecordKind,
    RetentionRule,
    Trigger,
)

logger = logging.getLogger(__name__)


def governs(user, partnership_id: int) -> bool:
    return has_capability(user, partnership_id, "approve_disposal")


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


@transaction.atomic
def rule_change(*, rule: RetentionRule, by, trigger: str, years: int, expected_version: int | None) -> RetentionRule:
    _require(governs(by, rule.partnership_id))
    rule = RetentionRule.objects.select_for_update().get(pk=rule.pk)
    if expected_version is not None and expected_version != rule.lock_version:
        raise problem("Someone else changed this rule while you were editing it. Nothing has been saved: check it "
                      "and try again.", "stale")
    if trigger not in Trigger.values:
        raise ValidationError({"trigger": problem("Select when the period starts", "select_trigger")})
    if years is None or not 0 <= years <= 100:
        raise ValidationError({"years": problem("Enter a number of years from 0 to 100", "retention_years")})
    if (trigger, years) == (rule.trigger, rule.years):
        return rule
    before = rule.period_words
    rule.trigger, rule.years, rule.updated_by = trigger, years, by
    rule.lock_version += 1
    rule.save()
    audit_record(action=Action.UPDATE, actor=by, target=rule, partnership_id=rule.partnership_id,
                 code="retention.rule_changed", params={"kind": rule.kind, "before": before, "after": rule.period_words})
    return rule


@transaction.atomic
def hold_place(*, partnership: Partnership, by, case: Case | None, reason: str) -> LegalHold:
    _require(governs(by, partnership.pk))
    if case is not None and case.partnership_id != partnership.pk:
        raise ValidationError({"case": problem("Choose one of this partnership's cases", "choose_partnership_case")})
    if not reason.strip():
        raise ValidationError({"reason": problem("Say why the records must be kept", "hold_reason")})
    hold = LegalHold.objects.create(partnership=partnership, case=case, reason=reason.strip()[:300], placed_by=by)
    audit_record(action=Action.CREATE, actor=by, target=hold, partnership=partnership, case=case,
                 code="retention.hold_placed", params={"reason": hold.reason,
                                                       "reference": case.reference if case else ""})
    return hold


@transaction.atomic
def hold_lift(*, hold: LegalHold, by) -> LegalHold:
    _require(governs(by, hold.partnership_id))
    hold = LegalHold.objects.select_for_update().get(pk=hold.pk)
    if hold.lifted_at is None:
        hold.lifted_at, hold.lifted_by = timezone.now(), by
        hold.save(update_fields=["lifted_at", "lifted_by"])
        audit_record(action=Action.UPDATE, actor=by, target=hold, partnership_id=hold.partnership_id,
                     case=hold.case, code="retention.hold_lifted",
                     params={"reason": hold.reason, "reference": hold.case.reference if hold.case else ""})
    return hold


@transaction.atomic
def batch_propose(*, partnership: Partnership, today: date) -> DisposalBatch | None:
    """What the daily task does: the records past their period, as one batch for approval. While a
    batch waits, no other is proposed, so the manager never approves the same record twice."""
    if DisposalBatch.objects.filter(partnership=partnership, state=BatchState.PROPOSED).exists():
        return None
    found = schedule.due(partnership, today)
    if not found:
        return None
    batch = DisposalBatch.objects.create(partnership=partnership, proposed_on=today)
    DisposalItem.objects.bulk_create([
        DisposalItem(batch=batch, kind=d.kind, case=d.case, reference=d.case.reference if d.case else "",
                     due_on=d.due_on, rule=f"{d.rule.get_kind_display()}: {d.rule.period_words}",
                     removed={"due": d.count} if d.kind == RecordKind.AUDIT else {}) for d in found])
    audit_record(action=Action.CREATE, target=batch, partnership=partnership, code="retention.batch_proposed",
                 params={"count": len(found)})
    return batch


def batches_propose(today: date | None = None) -> int:
    """For the daily sweep: a batch for every partnership with records due."""
    today = today or timezone.localdate()
    return sum(1 for p in Partnership.objects.all() if batch_propose(partnership=p, today=today))


@transaction.atomic
def batch_approve(*, batch: DisposalBatch, by) -> DisposalBatch:
    """Carries out every item no legal hold now stops, and certifies each: what, when, under which
    rule, approved by whom. An item a hold stops is kept and said so on the certificate."""
    _require(governs(by, batch.partnership_id))
    batch = DisposalBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.state != BatchState.PROPOSED:
        raise problem("This batch has already been decided", "batch_decided")
    now = timezone.now()
    for item in batch.items.select_related("case").order_by("pk"):
        if item.kind == RecordKind.AUDIT:
            _audit_trail_dispose(batch, item, by, now)
            continue
        hold = schedule.held(item.case)
        if hold is not None:
            item.skipped = f"Kept: legal hold “{hold.reason}”"
            item.save(update_fields=["skipped"])
            continue
        item.removed = disposal.dispose(item.kind, item.case)
        item.disposed_at = now
        item.save(update_fields=["removed", "disposed_at"])
        audit_record(action=Action.DELETE, actor=by, target=item.case, partnership_id=batch.partnership_id,
                     code="retention.disposed", params={"kind": item.kind, "reference": item.reference,
                                                        "rule": item.rule, "rows": item.removed["rows"],
                                                        "files": item.removed["files"], "batch": batch.pk})
    batch.state, batch.decided_by, batch.decided_at = BatchState.DISPOSED, by, now
    batch.save()
    audit_record(action=Action.STATE_CHANGE, actor=by, target=batch, partnership_id=batch.partnership_id,
                 code="retention.batch_approved", params={"batch": batch.pk,
                                                          "count": batch.items.filter(skipped="").count()})
    return batch


def _audit_trail_dispose(batch: DisposalBatch, item: DisposalItem, by, now) -> None:
    """The partnership's audit events past the rule's period, as the rule reads now; a hold on the
    whole partnership keeps them all, and a hold on a case keeps that case's."""
    if LegalHold.objects.filter(partnership_id=batch.partnership_id, case=None, lifted_at=None).exists():
        item.skipped = "Kept: a legal hold on every record of the partnership"
        item.save(update_fields=["skipped"])
        return
    rule = RetentionRule.objects.get(partnership_id=batch.partnership_id, kind=RecordKind.AUDIT)
    held_cases = set(LegalHold.objects.filter(partnership_id=batch.partnership_id, lifted_at=None)
                     .exclude(case=None).values_list("case_id", flat=True))
    try:
        with transaction.atomic():
            rows = audit_retention.events_dispose(partnership_id=batch.partnership_id,
                                                  before=schedule.audit_cutoff(rule, timezone.localdate()),
                                                  keep_case_ids=held_cases)
    except DatabaseError as error:
        # The database's account may not lift the trigger: the events stay, and the certificate says so.
        logger.warning("Audit events of partnership %s could not be disposed of: %s", batch.partnership_id,
                       type(error).__name__)
        item.skipped = "Kept: the database refused to remove audit events; ask your database administrator"
        item.save(update_fields=["skipped"])
        return
    item.removed, item.disposed_at = {"rows": rows, "files": 0}, now
    item.save(update_fields=["removed", "disposed_at"])
    audit_record(action=Action.DELETE, actor=by, target=batch, partnership_id=batch.partnership_id,
                 code="retention.disposed", params={"kind": item.kind, "reference": "", "rule": item.rule,
                                                    "rows": rows, "files": 0, "batch": batch.pk})


@transaction.atomic
def batch_reject(*, batch: DisposalBatch, by, note: str) -> DisposalBatch:
    _require(governs(by, batch.partnership_id))
    batch = DisposalBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.state != BatchState.PROPOSED:
        raise problem("This batch has already been decided", "batch_decided")
    if not note.strip():
        raise ValidationError({"note": problem("Say why the batch is not approved", "batch_reject_reason")})
    batch.state, batch.decided_by, batch.decided_at, batch.note = BatchState.REJECTED, by, timezone.now(), note[:300]
    batch.save()
    audit_record(action=Action.STATE_CHANGE, actor=by, target=batch, partnership_id=batch.partnership_id,
                 code="retention.batch_rejected", params={"batch": batch.pk, "note": batch.note})
    return batch
