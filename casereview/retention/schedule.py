"""The retention schedule and what falls due under it: when each trigger happened for a case, and
which of a partnership's records are past their period today, held records left out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from django.db.models import Q
from django.utils import timezone

from casereview.audit.models import AuditEvent
from casereview.casefiles.models import CaseDocument
from casereview.cases.models import Case, CaseStatus, CaseTransition, SubjectIdentity
from casereview.contributions.models import AgencyRequest
from casereview.process.workdays import add_months
from casereview.reports.models import PublishedReport
from casereview.retention.models import DisposalItem, LegalHold, RecordKind, RetentionRule, Trigger

# The service's suggestion; each partnership's information governance lead sets its own.
DEFAULTS: dict[str, tuple[str, int]] = {
    RecordKind.CASE: (Trigger.CASE_CLOSED, 6),
    RecordKind.NOT_TAKEN_FORWARD: (Trigger.CASE_ENDED, 2),
    RecordKind.IDENTITY: (Trigger.BIRTHDAY_25, 0),
    RecordKind.RETURNS: (Trigger.CASE_CLOSED, 2),
    RecordKind.DOCUMENTS: (Trigger.CASE_CLOSED, 6),
    RecordKind.AUDIT: (Trigger.RECORDED, 7),
}
ENDED = (CaseStatus.CLOSED, CaseStatus.WITHDRAWN)
# Kinds disposed of case by case; the audit trail is disposed of by age, for the whole partnership.
CASE_KINDS = [RecordKind.CASE, RecordKind.NOT_TAKEN_FORWARD, RecordKind.IDENTITY, RecordKind.RETURNS,
              RecordKind.DOCUMENTS]


def schedule_for(partnership) -> list[RetentionRule]:
    """The partnership's rules, one per kind of record, the service's defaults filled in first."""
    have = {rule.kind: rule for rule in RetentionRule.objects.filter(partnership=partnership)}
    for kind, (trigger, years) in DEFAULTS.items():
        if kind not in have:
            have[kind], _ = RetentionRule.objects.get_or_create(partnership=partnership, kind=kind,
                                                                defaults={"trigger": trigger, "years": years})
    return [have[kind] for kind in RecordKind.values]


def schedule_read(partnership) -> list[RetentionRule]:
    """The same rules without writing anything: the defaults stand, unsaved, where none is kept."""
    have = {rule.kind: rule for rule in RetentionRule.objects.filter(partnership=partnership)}
    return [have.get(kind) or RetentionRule(partnership=partnership, kind=kind, trigger=DEFAULTS[kind][0],
                                            years=DEFAULTS[kind][1]) for kind in RecordKind.values]


def add_years(day: date, years: int) -> date:
    return add_months(day, 12 * years)  # 29 February falls back to the 28th


def ended_on(case: Case, statuses=ENDED) -> date | None:
    moved = (CaseTransition.objects.filter(case=case, to_status__in=list(statuses)).order_by("-at", "-pk")
             .values_list("at", flat=True).first())
    return timezone.localdate(moved) if moved else None


def trigger_date(case: Case, trigger: str) -> date | None:
    if trigger == Trigger.CASE_CLOSED:
        return ended_on(case, (CaseStatus.CLOSED,)) if case.status == CaseStatus.CLOSED else None
    if trigger == Trigger.CASE_ENDED:
        return ended_on(case) if case.status in ENDED else None
    if trigger == Trigger.PUBLISHED:
        return case.milestones.filter(event="published").values_list("on", flat=True).first()
    if trigger == Trigger.BIRTHDAY_25:
        # The youngest child's: a sibling group's records are kept for the last of them.
        born = (SubjectIdentity.objects.filter(subject__case=case, subject__kind="child")
                .exclude(date_of_birth=None).order_by("-date_of_birth").values_list("date_of_birth", flat=True)
                .first())
        return add_years(born, 25) if born else None
    return None


def held(case: Case) -> LegalHold | None:
    return (LegalHold.objects.filter(partnership_id=case.partnership_id, lifted_at=None)
            .filter(Q(case=case) | Q(case=None)).first())


def _applies(kind: str, case: Case, reviewed: bool) -> bool:
    """Whether this kind of record exists for the case and may be disposed of under its rule;
    `reviewed` is whether a review was decided, asked once per case."""
    if kind == RecordKind.CASE:
        # The record behind a published report is kept; its parts go under their own rules.
        return reviewed and case.status == CaseStatus.CLOSED and not PublishedReport.objects.filter(case=case).exists()
    if kind == RecordKind.NOT_TAKEN_FORWARD:
        return not reviewed
    if kind == RecordKind.IDENTITY:
        return SubjectIdentity.objects.filter(subject__case=case).exists()
    if kind == RecordKind.RETURNS:
        return AgencyRequest.objects.filter(case=case).exists()
    if kind == RecordKind.DOCUMENTS:
        return CaseDocument.objects.filter(case=case).exists()
    return False


@dataclass(frozen=True)
class Due:
    kind: str
    case: Case | None
    due_on: date
    rule: RetentionRule
    count: int = 0  # the audit trail's: how many events are past their period


def audit_cutoff(rule: RetentionRule, today: date) -> datetime:
    """Events recorded before this are past the audit trail's period."""
    start = add_years(today, -rule.years)
    return timezone.make_aware(datetime.combine(start, time.min))


def audit_due(partnership, rule: RetentionRule, today: date) -> Due | None:
    held_cases = list(LegalHold.objects.filter(partnership=partnership, lifted_at=None).exclude(case=None)
                      .values_list("case_id", flat=True))
    old = (AuditEvent.objects.filter(partnership=partnership, at__lt=audit_cutoff(rule, today))
           .exclude(code__startswith="retention.").exclude(case_id__in=held_cases))
    count = old.count()
    if not count:
        return None
    oldest = timezone.localdate(old.order_by("at").values_list("at", flat=True).first())
    return Due(RecordKind.AUDIT, None, add_years(oldest, rule.years), rule, count)


def due(partnership, today: date) -> list[Due]:
    """Every record of the partnership past its period today, that no hold stops and no batch
    already holds. A case disposed of whole has nothing left to dispose of."""
    if LegalHold.objects.filter(partnership=partnership, case=None, lifted_at=None).exists():
        return []
    rules = {rule.kind: rule for rule in schedule_for(partnership)}
    taken = set(DisposalItem.objects.filter(case__partnership=partnership, skipped="")
                .exclude(batch__state="rejected").values_list("case_id", "kind"))
    whole = {case_id for case_id, kind in taken if kind in (RecordKind.CASE, RecordKind.NOT_TAKEN_FORWARD)}
    held_cases = set(LegalHold.objects.filter(partnership=partnership, lifted_at=None)
                     .values_list("case_id", flat=True))
    found = []
    for case in (Case.objects.filter(partnership=partnership, status__in=ENDED).exclude(reference=None)
                 .order_by("reference")):
        if case.pk in whole or case.pk in held_cases:
            continue
        reviewed = case.milestones.filter(event="decided").exists()
        for kind in CASE_KINDS:
            rule = rules[kind]
            if (case.pk, kind) in taken or not _applies(kind, case, reviewed):
                continue
            start = trigger_date(case, rule.trigger)
            if start is None:
                continue
            due_on = add_years(start, rule.years)
            if due_on <= today:
                found.append(Due(kind, case, due_on, rule))
    # A whole case going makes its parts' rules moot.
    whole_now = {d.case.pk for d in found if d.kind in (RecordKind.CASE, RecordKind.NOT_TAKEN_FORWARD)}
    found = [d for d in found if d.kind in (RecordKind.CASE, RecordKind.NOT_TAKEN_FORWARD)
             or d.case.pk not in whole_now]
    audit = audit_due(partnership, rules[RecordKind.AUDIT], today)
    return found + ([audit] if audit else [])
