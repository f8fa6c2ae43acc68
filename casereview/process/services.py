"""Writes to the process pack. Each is one transaction and writes its audit event."""

from __future__ import annotations

from datetime import date
from io import BytesIO

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from PIL import Image

from casereview.audit.models import Action
from casereview.audit.services import audit_record
from casereview.documents import file_checks
from casereview.govuk.wording import problem
from casereview.process import defaults, rules
from casereview.process.calendar import england_and_wales_bank_holidays
from casereview.process.models import ClockRule, NonWorkingDay, ReminderRule, Route, Stage


def _require_pack_manager(user, partnership) -> None:
    if not rules.manages_pack(user, partnership):
        raise PermissionDenied


def _check_version(obj, expected: int | None) -> None:
    if expected is not None and obj.lock_version != expected:
        raise problem("Someone else changed this while you were editing it. Your "
                      "changes have not been saved: check the current version and try "
                      "again.", "stale")


@transaction.atomic
def pack_seed_default(*, partnership) -> None:
    """Gives a partnership the children's default routes, stages and clock rules. Safe to run twice."""
    pack_seed(partnership=partnership, routes=defaults.ROUTES, clock_rules=defaults.CLOCK_RULES)


@transaction.atomic
def pack_seed(*, partnership, routes, clock_rules) -> None:
    """Adds the routes and clock rules a framework brings, where the partnership lacks them; what it
    already has, perhaps edited, is left as it is. Safe to run twice."""
    start = Route.objects.filter(partnership=partnership).count()
    for order, (kind, name, statutory, description, stages) in enumerate(routes, start=start):
        route, created = Route.objects.get_or_create(
            partnership=partnership, kind=kind,
            defaults={"name": name, "statutory": statutory, "description": description, "order": order})
        if created:
            Stage.objects.bulk_create([
                Stage(route=route, name=s_name, milestone=milestone, description=s_description,
                      expected_documents="\n".join(documents), order=index)
                for index, (s_name, milestone, s_description, documents) in enumerate(stages)
            ])
    existing = set(ClockRule.objects.filter(partnership=partnership).values_list("key", flat=True))
    ClockRule.objects.bulk_create([
        ClockRule(partnership=partnership, key=key, name=name, anchor=anchor, offset=offset, unit=unit, met_by=met_by,
                  route_kind=route_kind, statutory=statutory, paused_by_holds=paused, reminder_working_days=reminder)
        for key, name, anchor, offset, unit, met_by, route_kind, statutory, paused, reminder in clock_rules
        if key not in existing
    ])
    reminders_seed_default(partnership=partnership)


def reminders_seed_default(*, partnership) -> None:
    """Gives a partnership the default reminder rules it lacks. Safe to run twice."""
    existing = set(ReminderRule.objects.filter(partnership=partnership).values_list("subject", flat=True))
    ReminderRule.objects.bulk_create([
        ReminderRule(partnership=partnership, subject=subject, unit=unit, remind_before=before,
                     escalate_after=escalate)
        for subject, unit, before, escalate in defaults.REMINDER_RULES if subject not in existing
    ])


def bank_holidays_seed(*, first_year: int, last_year: int) -> int:
    """Adds England and Wales bank holidays for the years given; leaves existing entries alone."""
    known = set(NonWorkingDay.objects.filter(partnership__isnull=True).values_list("date", flat=True))
    new = [NonWorkingDay(date=day, name=name, kind=NonWorkingDay.Kind.BANK_HOLIDAY)
           for day, name in england_and_wales_bank_holidays(range(first_year, last_year + 1)).items()
           if day not in known]
    NonWorkingDay.objects.bulk_create(new)
    return len(new)


@transaction.atomic
def route_update(*, route: Route, by, name: str, description: str, expected_version: int | None = None) -> Route:
    _require_pack_manager(by, route.partnership)
    route = Route.objects.select_for_update().get(pk=route.pk)
    _check_version(route, expected_version)
    changes = {k: [getattr(route, k), v] for k, v in (("name", name), ("description", description))
               if getattr(route, k) != v}
    route.name, route.description = name, description
    route.lock_version += 1
    route.save()
    audit_record(action=Action.UPDATE, actor=by, target=route, partnership=route.partnership,
                 code="process.route_changed", params={"route": route.name},
                 changes=changes)
    return route


@transaction.atomic
def stage_save(*, route: Route, by, name: str, description: str, expected_documents: str, active: bool,
               stage: Stage | None = None, expected_version: int | None = None,
               required_documents: str = "") -> Stage:
    """Adds a stage to the end of a route, or changes one."""
    _require_pack_manager(by, route.partnership)
    if stage is None:
        last = route.stages.order_by("-order").values_list("order", flat=True).first()
        # A new stage goes before embedding learning, which always ends a review.
        stage = Stage(route=route, order=(last or 0) + 1)
        embedding = route.stages.filter(milestone="embedding_learning").first()
        if embedding is not None:
            stage.order = embedding.order
            route.stages.filter(order__gte=embedding.order).update(order=F("order") + 1)
        action = Action.CREATE
    else:
        stage = Stage.objects.select_for_update().get(pk=stage.pk, route=route)
        _check_version(stage, expected_version)
        action = Action.UPDATE
        if not active and stage.milestone:
            raise ValidationError({"active": problem("This stage carries a step the lifecycle relies on, so it "
                                                     "cannot be retired. Rename it or change its documents "
                                                     "instead.", "this_stage_carries_a_step")})
        if not active and stage.cases.exists():
            raise ValidationError({"active": problem("Cases are in this stage now. Move them on before retiring it.",
                                                     "cases_are_in_this_stage")})
    stage.name, stage.description, stage.expected_documents, stage.active = (
        name, description, expected_documents, active)
    stage.required_documents = required_documents
    stage.lock_version += 1
    stage.save()
    audit_record(action=action, actor=by, target=stage, partnership=route.partnership,
                 code="process.stage_added" if action == Action.CREATE else "process.stage_changed",
                 params={"stage": stage.name, "route": route.name})
    return stage


@transaction.atomic
def stage_move(*, stage: Stage, by, direction: int) -> None:
    _require_pack_manager(by, stage.route.partnership)
    stages = list(Stage.objects.select_for_update().filter(route=stage.route).order_by("order", "pk"))
    index = next(i for i, s in enumerate(stages) if s.pk == stage.pk)
    other = index + direction
    if not 0 <= other < len(stages):
        return
    if "embedding_learning" in (stages[index].milestone, stages[other].milestone):
        raise problem("Embedding learning is always the last stage of a review.", "embedding_learning_is_always_the")
    stages[index], stages[other] = stages[other], stages[index]
    for order, s in enumerate(stages):
        if s.order != order:
            Stage.objects.filter(pk=s.pk).update(order=order)
    audit_record(action=Action.UPDATE, actor=by, target=stage, partnership=stage.route.partnership,
                 code="process.stage_moved_up" if direction < 0 else "process.stage_moved_down",
                 params={"stage": stage.name, "route": stage.route.name})


RULE_FIELDS = ("name", "anchor", "offset", "unit", "met_by", "route_kind", "statutory", "paused_by_holds",
               "reminder_working_days")


@transaction.atomic
def clock_rule_change(*, rule: ClockRule, by, reason: str,
                      **values) -> ClockRule:
    """Retires the current version of a rule and adds the next. Open clocks keep the version
    that set them until someone chooses to recompute them (cases.clocks.clocks_adopt_rule)."""
    _require_pack_manager(by, rule.partnership)
    current = ClockRule.objects.select_for_update().get(pk=rule.pk)
    if current.retired_at is not None:
        raise problem("Someone else changed this rule while you were editing it. Your "
                      "changes have not been saved: check the current version and try "
                      "again.", "stale")
    if not reason.strip():
        raise ValidationError({"reason": problem("Say why the rule is changing", "say_why_the_rule_is")})
    if values.get("offset") == 0:
        raise ValidationError({"offset": problem("The timescale must be at least 1", "the_timescale_must_be_at")})
    changes = {k: [getattr(current, k), v] for k, v in values.items() if k in RULE_FIELDS and getattr(current, k) != v}
    if not changes:
        raise problem("Nothing has changed", "nothing_has_changed")
    current.retired_at = timezone.now()
    current.save(update_fields=["retired_at"])
    successor = ClockRule.objects.create(
        partnership=current.partnership, key=current.key, version=current.version + 1, created_by=by,
        change_reason=reason.strip(), **{k: values.get(k, getattr(current, k)) for k in RULE_FIELDS})
    audit_record(action=Action.UPDATE, actor=by, target=successor, partnership=current.partnership,
                 code="process.clock_rule_changed",
                 params={"rule": successor.name, "version": successor.version, "reason": reason.strip()},
                 changes={k: [str(a), str(b)] for k, (a, b) in changes.items()})
    return successor


REMINDER_FIELDS = ("unit", "remind_before", "escalate_after")


@transaction.atomic
def reminder_rule_change(*, rule: ReminderRule, by, expected_version: int | None = None, **values) -> ReminderRule:
    """Changes when a partnership reminds and escalates. Takes effect at the next daily sweep; a
    reminder or escalation already sent is not sent again."""
    _require_pack_manager(by, rule.partnership)
    current = ReminderRule.objects.select_for_update().get(pk=rule.pk)
    _check_version(current, expected_version)
    changes = {k: [getattr(current, k), values[k]] for k in REMINDER_FIELDS
               if k in values and getattr(current, k) != values[k]}
    if not changes:
        raise problem("Nothing has changed", "nothing_has_changed")
    for key, (_, value) in changes.items():
        setattr(current, key, value)
    current.updated_by = by
    current.lock_version += 1
    current.save()
    audit_record(action=Action.UPDATE, actor=by, target=current, partnership=current.partnership,
                 code="process.reminders_changed",
                 params={name: getattr(current, name) for name in ("subject", "unit", "remind_before",
                                                                   "escalate_after")},
                 changes={k: [str(a), str(b)] for k, (a, b) in changes.items()})
    return current


def _require_day_owner(user, partnership, national: bool) -> None:
    if not rules.manages_day(user, partnership, national=national):
        raise PermissionDenied


@transaction.atomic
def non_working_day_add(*, partnership, by, day: date, name: str, kind: str) -> NonWorkingDay:
    """Adds a closure day to a partnership, or (partnership None, kind bank holiday) a national bank holiday."""
    national = kind == NonWorkingDay.Kind.BANK_HOLIDAY
    if national != (partnership is None):
        raise ValidationError({"kind": problem("A bank holiday applies to every partnership; a closure day to one",
                                               "a_bank_holiday_applies_to")})
    _require_day_owner(by, partnership, national)
    if day.weekday() >= 5:
        raise ValidationError({"day": problem("That date is a weekend, which is never a working day",
                                              "that_date_is_a_weekend")})
    if NonWorkingDay.objects.filter(date=day, partnership__isnull=True).exists() or (
            partnership is not None and NonWorkingDay.objects.filter(date=day, partnership=partnership).exists()):
        raise ValidationError({"day": problem("That date is already a non-working day", "that_date_is_already_a")})
    entry = NonWorkingDay.objects.create(date=day, name=name.strip(), kind=kind, created_by=by,
                                         partnership=partnership)
    audit_record(action=Action.CREATE, actor=by, target=entry, partnership=partnership,
                 shared=national, code="process.bank_holiday_added" if national else "process.closure_day_added",
                 params={"name": entry.name, "day_on": entry.date.isoformat()})
    return entry


@transaction.atomic
def non_working_day_remove(*, entry: NonWorkingDay, partnership, by) -> None:
    """Removes a closure day of the partnership given, or (partnership None) a national bank holiday."""
    national = entry.partnership_id is None
    if national != (partnership is None) or (not national and entry.partnership_id != partnership.pk):
        raise PermissionDenied
    _require_day_owner(by, partnership, national)
    params = {"name": entry.name, "day_on": entry.date.isoformat()}
    entry.delete()
    audit_record(action=Action.DELETE, actor=by, partnership=partnership, shared=national,
                 code="process.bank_holiday_removed" if national else "process.closure_day_removed", params=params)


LOGO_MAX_BYTES = 200 * 1024


@transaction.atomic
def partnership_logo_set(*, partnership, by, content: bytes | None) -> None:
    """Sets (or, given None, removes) the logo printed on the partnership's documents."""
    _require_pack_manager(by, partnership)
    if content is None:
        partnership.logo, partnership.logo_type = None, ""
    else:
        if len(content) > LOGO_MAX_BYTES:
            raise ValidationError({"logo": problem("The logo must be smaller than 200 KB", "the_logo_must_be_smaller")})
        kind = "png" if content.startswith(b"\x89PNG\r\n\x1a\n") else "jpeg" if content.startswith(b"\xff\xd8\xff") else ""
        if not kind:
            raise ValidationError({"logo": problem("The logo must be a PNG or JPEG image", "the_logo_must_be_a")})
        # The header's dimensions are checked before a pixel is decoded: a 17 KB PNG can claim
        # 12,000 by 12,000 pixels and cost every public PDF hundreds of megabytes.
        try:
            file_checks.check_image(content, file_checks.LOGO)
            with Image.open(BytesIO(content)) as image:
                image.verify()
        except file_checks.UnsafeFile as unsafe:
            raise ValidationError({"logo": str(unsafe)}) from None
        except (OSError, SyntaxError, ValueError):
            raise ValidationError({"logo": problem("The file is not an image we can read",
                                                   "the_file_is_not_an")}) from None
        partnership.logo, partnership.logo_type = content, kind
    partnership.save(update_fields=["logo", "logo_type"])
    audit_record(action=Action.UPDATE, actor=by, target=partnership, partnership=partnership,
                 code="process.logo_removed" if content is None else "process.logo_changed")
