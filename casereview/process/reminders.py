"""One reminder and escalation engine for every deadline someone has to meet: a case's clocks,
agencies' requests and improvement actions.

Each app describes what it chases as a `Subject` (what is waiting, who to tell and in what words);
the engine decides, from the partnership's `ReminderRule` and its calendar, which of three steps is
due and sends each once: a reminder before the due date, a notice once it has passed, and an
escalation to the business unit after the rule's delay. The decision is `steps_due`, a pure
function, so every subject counts days the same way (ADR 0030)."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from django.db import transaction

from casereview.process import defaults, workdays
from casereview.process.calendar import closed_days_by_partnership
from casereview.process.models import ClockUnit, ReminderRule, ReminderSubject


class Step(StrEnum):
    REMIND = "remind"
    OVERDUE = "overdue"
    ESCALATE = "escalate"


@dataclass(frozen=True)
class Days:
    """An amount of days in a unit, for sums and for words."""

    amount: int
    unit: str = ClockUnit.WORKING_DAYS

    @property
    def words(self) -> str:
        noun = "working day" if self.unit == ClockUnit.WORKING_DAYS else "day"
        return f"{self.amount} {noun}{'' if self.amount == 1 else 's'}"


def days_words(params) -> str:
    """A stored notification's `days` and `unit` in words."""
    return Days(params["days"], params["unit"]).words


def shift(day: date, days: Days, closed: Collection[date], *, back: bool = False) -> date:
    amount = -days.amount if back else days.amount
    if days.unit == ClockUnit.WORKING_DAYS:
        return workdays.add_working_days(day, amount, closed)
    return workdays.add_calendar_days(day, amount)


def between(start: date, end: date, unit: str, closed: Collection[date]) -> Days:
    if unit == ClockUnit.WORKING_DAYS:
        return Days(workdays.working_days_between(start, end, closed), unit)
    return Days((end - start).days, unit)


def steps_due(*, due_on: date, today: date, remind_from: date, escalate_from: date | None,
              sent: Collection[Step]) -> list[Step]:
    """The steps to take today. Up to and on the due date only a reminder can be due; after it, the
    overdue notice and, once `escalate_from` is reached, the escalation. Nothing is sent twice."""
    if due_on >= today:
        return [Step.REMIND] if Step.REMIND not in sent and remind_from <= today else []
    steps = [] if Step.OVERDUE in sent else [Step.OVERDUE]
    if escalate_from is not None and Step.ESCALATE not in sent and escalate_from <= today:
        steps.append(Step.ESCALATE)
    return steps


@dataclass(frozen=True)
class Rule:
    """A partnership's reminder rule, or the default where it has none."""

    unit: str
    remind_before: int
    escalate_after: int | None


def _default_rule(subject: ReminderSubject) -> Rule:
    for kind, unit, before, escalate in defaults.REMINDER_RULES:
        if kind == subject:
            return Rule(unit, before, escalate)
    raise LookupError(subject)


def rules_for(subject: ReminderSubject, partnership_ids: Iterable[int]) -> dict[int, Rule]:
    found = {r.partnership_id: Rule(r.unit, r.remind_before, r.escalate_after)
             for r in ReminderRule.objects.filter(subject=subject, partnership_id__in=list(partnership_ids))}
    fallback = _default_rule(subject)
    return {pid: found.get(pid, fallback) for pid in partnership_ids}


@dataclass(frozen=True)
class Notice:
    """What the subject is told to send: the step, and the days left or late in the rule's unit."""

    step: Step
    due_on: date
    days: Days


@dataclass
class Subject:
    """What one app chases. `waiting` gives the items not yet met, with their model's due_on;
    `send` words and sends one notice; `own_lead` is the reminder an item's own clock rule sets,
    in working days, if any; `marks` names the item's field recording each step's day."""

    kind: ReminderSubject
    waiting: Callable[[], Iterable]
    partnership_id: Callable[[object], int]
    send: Callable[[object, Notice], None]
    own_lead: Callable[[object], int | None] = lambda item: None
    marks: dict[Step, str] = field(default_factory=lambda: {
        Step.REMIND: "reminded_on", Step.OVERDUE: "overdue_notified_on", Step.ESCALATE: "escalated_on"})


def sweep(subject: Subject, today: date) -> dict[Step, int]:
    """Sends what is due today for every waiting item, one transaction per item, and counts it."""
    items = list(subject.waiting())
    partnership_ids = {subject.partnership_id(item) for item in items}
    rules = rules_for(subject.kind, partnership_ids)
    calendars = closed_days_by_partnership(partnership_ids)
    counts = dict.fromkeys(Step, 0)
    for item in items:
        rule, closed = rules[subject.partnership_id(item)], calendars[subject.partnership_id(item)]
        own = subject.own_lead(item)
        lead = Days(own, ClockUnit.WORKING_DAYS) if own is not None else Days(rule.remind_before, rule.unit)
        escalate_from = (shift(item.due_on, Days(rule.escalate_after, rule.unit), closed)
                         if rule.escalate_after is not None else None)
        sent = {step for step, name in subject.marks.items() if getattr(item, name) is not None}
        steps = steps_due(due_on=item.due_on, today=today, remind_from=shift(item.due_on, lead, closed, back=True),
                          escalate_from=escalate_from, sent=sent)
        if not steps:
            continue
        with transaction.atomic():
            for step in steps:
                days = (between(today, item.due_on, lead.unit, closed) if step is Step.REMIND
                        else between(item.due_on, today, rule.unit, closed))
                subject.send(item, Notice(step, item.due_on, days))
                type(item).objects.filter(pk=item.pk).update(**{subject.marks[step]: today})
                counts[step] += 1
    return counts
