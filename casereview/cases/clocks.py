"""Keeps a case's clocks in step with its milestones, holds and route.

Called by the lifecycle service inside its transaction after every change, by the daily
sweep (so paused clocks move on) and when someone adopts a new version of a rule.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from casereview.audit.models import Action
from casereview.audit.services import audit_record
from casereview.cases.models import Case, CaseClock, open_statuses
from casereview.partnerships.access import has_capability
from casereview.process import workdays
from casereview.process.calendar import closed_days
from casereview.process.clocks import HoldSpan, deadline
from casereview.process.models import ClockRule


def clocks_recompute(case: Case, *, closed: Collection[date] | None = None, today: date | None = None,
                     adopt: ClockRule | None = None) -> list[CaseClock]:
    """Creates, updates and removes the case's clocks; refreshes the tracker's summary columns.

    A clock keeps the rule version it was made with, unless ``adopt`` names a newer version
    of its rule: that is how open clocks move to a changed rule, and only when asked.
    """
    today = today or timezone.localdate()
    closed = closed_days(case.partnership_id) if closed is None else closed
    milestones = dict(case.milestones.values_list("event", "on"))
    holds = [HoldSpan(h.started_on, h.ended_on) for h in case.holds.all()]
    # A joint review's other frameworks bring their route's clocks too (a SAR's completion).
    route_kinds = {case.route.kind} if case.route_id else set()
    route_kinds |= set(case.framework_runs.values_list("route_kind", flat=True))
    current = {rule.key: rule for rule in ClockRule.objects.current().filter(partnership_id=case.partnership_id)}
    existing = {clock.key: clock for clock in case.clocks.select_related("rule")}
    kept: list[CaseClock] = []
    for key in set(current) | set(existing):
        clock = existing.get(key)
        rule = clock.rule if clock is not None else current.get(key)
        if adopt is not None and adopt.key == key and clock is not None and clock.met_on is None:
            rule = adopt
        applies = (rule is not None and rule.anchor in milestones
                   and (not rule.route_kind or rule.route_kind in route_kinds))
        if not applies:
            if clock is not None and clock.met_on is None:
                clock.delete()  # no longer this case's deadline, e.g. after a re-route
            elif clock is not None:
                kept.append(clock)
            continue
        met_on = milestones.get(rule.met_by)
        result = deadline(rule=rule, anchor_on=milestones[rule.anchor], holds=holds, closed=closed, today=today,
                          met_on=met_on)
        if clock is None:
            clock = CaseClock(case=case, key=key)
        clock.rule = rule
        clock.anchor_on = milestones[rule.anchor]
        clock.base_due_on, clock.due_on = result.base_due_on, result.due_on
        clock.held_units, clock.paused = result.held_units, result.paused
        clock.met_on = met_on
        clock.save()
        kept.append(clock)
    _summarise(case, kept, closed)
    return sorted(kept, key=lambda c: (c.due_on, c.key))


def _summarise(case: Case, clocks: list[CaseClock], closed: Collection[date]) -> None:
    running = [c for c in clocks if c.met_on is None and not c.paused] if case.is_open else []
    nxt = min(running, key=lambda c: c.due_on, default=None)
    case.next_due_date = nxt.due_on if nxt else None
    case.next_clock_name = nxt.rule.name if nxt else ""
    case.next_due_soon_from = (workdays.add_working_days(nxt.due_on, -nxt.rule.reminder_working_days, closed)
                               if nxt else None)
    case.clocks_met = sum(1 for c in clocks if c.met_on is not None)
    case.clocks_met_late = sum(1 for c in clocks if c.met_late)
    Case.objects.filter(pk=case.pk).update(
        next_due_date=case.next_due_date, next_clock_name=case.next_clock_name,
        next_due_soon_from=case.next_due_soon_from, clocks_met=case.clocks_met, clocks_met_late=case.clocks_met_late)


def open_clocks_on_older_versions(rule: ClockRule):
    """Clocks still running on an earlier version of this rule: what a change offers to recompute."""
    return CaseClock.objects.filter(
        case__partnership_id=rule.partnership_id, key=rule.key, met_on__isnull=True,
        case__status__in=open_statuses(), rule__version__lt=rule.version,
    ).select_related("case", "rule")


@transaction.atomic
def clocks_adopt_rule(*, rule: ClockRule, by) -> int:
    """Moves every open clock on an older version of the rule to this version. Audited per case."""
    if not has_capability(by, rule.partnership_id, "manage_process_pack"):
        raise PermissionDenied
    if rule.retired_at is not None:
        raise ValueError("only the current version of a rule can be adopted")
    closed = closed_days(rule.partnership_id)
    moved = 0
    for clock in open_clocks_on_older_versions(rule):
        case = Case.objects.select_for_update().get(pk=clock.case_id)
        before = clock.due_on
        old_version = clock.rule.version
        clocks_recompute(case, closed=closed, adopt=rule)
        clock.refresh_from_db()
        audit_record(action=Action.UPDATE, actor=by, target=clock, case=case,
                     partnership=case.partnership,
                     code="cases.clock_recomputed",
                     params={"clock": rule.name, "version": rule.version, "was": old_version,
                             "before_on": before.isoformat(), "after_on": clock.due_on.isoformat()},
                     changes={"due_on": [before.isoformat(), clock.due_on.isoformat()]})
        moved += 1
    return moved
