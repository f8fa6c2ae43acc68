"""How long each kind of record is kept, what stops disposal, and what was disposed of.

The schedule is data, one rule per kind of record per partnership: a period after a trigger. A
legal hold on a case (or on the whole partnership) stops any disposal while it lasts. Each day the
records past their period are proposed as a batch; the business unit manager approves it; the
content is deleted and the batch with its items stays as the disposal certificate."""

from __future__ import annotations

from django.conf import settings
from django.db import models

USER = settings.AUTH_USER_MODEL


class RecordKind(models.TextChoices):
    CASE = "case", "A review's whole record"
    NOT_TAKEN_FORWARD = "not_taken_forward", "A referral that was not taken forward"
    IDENTITY = "identity", "Identifying details (names, dates of birth, addresses)"
    RETURNS = "returns", "Agency returns: requests, chronologies and reports"
    DOCUMENTS = "documents", "Case documents"
    AUDIT = "audit", "The audit trail"


class Trigger(models.TextChoices):
    CASE_CLOSED = "case_closed", "the case was closed"
    CASE_ENDED = "case_ended", "the referral was screened out, closed or withdrawn"
    PUBLISHED = "published", "the report was published"
    BIRTHDAY_25 = "birthday_25", "the child's 25th birthday"
    RECORDED = "recorded", "the record was made"


class RetentionRule(models.Model):
    partnership = models.ForeignKey("partnerships.Partnership", on_delete=models.CASCADE,
                                    related_name="retention_rules")
    kind = models.CharField(max_length=30, choices=RecordKind.choices)
    trigger = models.CharField(max_length=30, choices=Trigger.choices)
    years = models.PositiveSmallIntegerField()
    updated_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
    lock_version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["partnership", "kind"]
        constraints = [models.UniqueConstraint(fields=["partnership", "kind"], name="one_rule_per_record_kind")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.period_words}"

    @property
    def period_words(self) -> str:
        if self.trigger == Trigger.BIRTHDAY_25 and not self.years:
            return "until the child's 25th birthday"
        unit = "year" if self.years == 1 else "years"
        return f"{self.years} {unit} after {self.get_trigger_display()}"


class LegalHold(models.Model):
    """Stops disposal: of one case's records, or of the whole partnership's when no case is named."""

    partnership = models.ForeignKey("partnerships.Partnership", on_delete=models.CASCADE, related_name="legal_holds")
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, null=True, blank=True, related_name="legal_holds")
    reason = models.CharField(max_length=300, help_text="For example, “Public inquiry: hold all records”.")
    placed_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    placed_at = models.DateTimeField(auto_now_add=True)
    lifted_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    lifted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-placed_at", "-pk"]

    def __str__(self) -> str:
        return self.reason


class BatchState(models.TextChoices):
    PROPOSED = "proposed", "Waiting for approval"
    DISPOSED = "disposed", "Approved and disposed of"
    REJECTED = "rejected", "Not approved"


class DisposalBatch(models.Model):
    """Proposed by the daily task; once approved and carried out, it is the disposal certificate."""

    partnership = models.ForeignKey("partnerships.Partnership", on_delete=models.PROTECT,
                                    related_name="disposal_batches")
    state = models.CharField(max_length=20, choices=BatchState.choices, default=BatchState.PROPOSED)
    proposed_on = models.DateField()
    decided_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-proposed_on", "-pk"]

    def __str__(self) -> str:
        return f"Disposal batch {self.pk} ({self.proposed_on})"


class DisposalItem(models.Model):
    """One record's disposal. Names the case only by its reference, which is kept after disposal,
    and the rule as it read that day, so the certificate stays true if the schedule changes."""

    batch = models.ForeignKey(DisposalBatch, on_delete=models.PROTECT, related_name="items")
    kind = models.CharField(max_length=30, choices=RecordKind.choices)
    # None for the audit trail's item, which is about the partnership's log, not one case.
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    reference = models.CharField(max_length=20)
    due_on = models.DateField()
    rule = models.CharField(max_length=200)
    # What was removed, counted when it was carried out: {"rows": 42, "files": 3}.
    removed = models.JSONField(default=dict, blank=True)
    disposed_at = models.DateTimeField(null=True, blank=True)
    # Why it was not carried out: a legal hold placed after the batch was proposed.
    skipped = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["batch", "reference", "kind"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.reference}"
