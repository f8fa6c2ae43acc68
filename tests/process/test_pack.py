"""The process pack as data: rule versions, recomputing open clocks, stages, the calendar, reminders."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from casereview.audit.models import AuditEvent
from casereview.cases.clocks import clocks_adopt_rule
from casereview.cases.reminders import deadlines_sweep
from casereview.notifications.models import Notification
from casereview.process import services
from casereview.process.models import ClockRule, NonWorkingDay, Route, Stage
from tests.cases.journey import referred_case, screened_and_notified
from tests.factories import audit_said, sign_in


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(date(2026, 6, 1), tick=False):
        yield


def _rule(world, key):
    return ClockRule.objects.current().get(partnership=world.partnership, key=key)


def test_every_new_partnership_gets_the_default_pack(world):
    routes = set(Route.objects.filter(partnership=world.partnership).values_list("kind", flat=True))
    assert routes == {"lcspr", "local_learning", "national_review", "rapid_review_learning", "no_further_action"}
    lcspr = Route.objects.get(partnership=world.partnership, kind="lcspr")
    assert [s.milestone for s in lcspr.stages.all()] == [
        "commissioned", "information_gathering", "analysis", "drafting", "quality_assurance", "approved",
        "pre_publication_notice", "published", "embedding_learning"]
    rules = {r.key: r for r in ClockRule.objects.current().filter(partnership=world.partnership)}
    assert (rules["notification"].offset, rules["notification"].unit, rules["notification"].statutory) == (
        5, "working_days", True)
    assert (rules["rapid_review"].offset, rules["rapid_review"].anchor) == (15, "notified")
    assert (rules["lcspr_publication"].offset, rules["lcspr_publication"].unit) == (6, "calendar_months")
    assert (rules["pre_publication_notice"].offset, rules["pre_publication_notice"].anchor) == (
        -7, "publication_planned")
    assert (rules["local_learning_review"].offset, rules["local_learning_review"].route_kind) == (3, "local_learning")


def test_changing_a_rule_makes_a_new_version_and_leaves_open_clocks_alone(world):
    manager = world.people["bu_manager"]
    old_case = screened_and_notified(world, referred_case(world, aware=date(2026, 5, 4)), on=date(2026, 5, 5))
    old_clock = old_case.clocks.get(key="rapid_review")
    assert old_clock.due_on == date(2026, 5, 27)  # 15 working days after 5 May, over the 25 May bank holiday

    successor = services.clock_rule_change(rule=_rule(world, "rapid_review"), by=manager,
                                           reason="Local agreement to count from awareness", anchor="aware",
                                           offset=20)
    assert successor.version == 2 and ClockRule.objects.filter(key="rapid_review",
                                                               partnership=world.partnership).count() == 2
    old_clock.refresh_from_db()
    assert (old_clock.rule.version, old_clock.due_on) == (1, date(2026, 5, 27))

    new_case = screened_and_notified(world, referred_case(world, aware=date(2026, 5, 11)), on=date(2026, 5, 12))
    new_clock = new_case.clocks.get(key="rapid_review")
    assert new_clock.rule.version == 2
    assert new_clock.explanation.startswith("20 working days after the local authority became aware on 11 May 2026")

    assert clocks_adopt_rule(rule=successor, by=manager) == 1
    old_clock.refresh_from_db()
    assert old_clock.rule.version == 2 and old_clock.due_on == date(2026, 6, 2)  # 20 working days after 4 May
    event = AuditEvent.objects.filter(case=old_case, code="cases.clock_recomputed").get()
    assert "recomputed with version 2" in audit_said([event])[0]
    assert event.changes == {"due_on": ["2026-05-27", "2026-06-02"]}


def test_a_rule_change_needs_a_reason_and_a_change(world):
    manager = world.people["bu_manager"]
    with pytest.raises(ValidationError, match="Say why"):
        services.clock_rule_change(rule=_rule(world, "notification"), by=manager, reason=" ", offset=6)
    with pytest.raises(ValidationError, match="Nothing has changed"):
        services.clock_rule_change(rule=_rule(world, "notification"), by=manager, reason="x", offset=5)
    with pytest.raises(PermissionDenied):
        services.clock_rule_change(rule=_rule(world, "notification"), by=world.people["bu_officer"], reason="x",
                                   offset=6)


def test_a_retired_version_cannot_be_changed_again(world):
    manager = world.people["bu_manager"]
    first = _rule(world, "notification")
    services.clock_rule_change(rule=first, by=manager, reason="x", offset=6)
    with pytest.raises(ValidationError, match="Someone else changed this rule"):
        services.clock_rule_change(rule=first, by=manager, reason="y", offset=7)


def test_rule_page_saves_a_version_then_offers_to_recompute(client, world):
    screened_and_notified(world, referred_case(world, aware=date(2026, 5, 4)), on=date(2026, 5, 5))
    sign_in(client, world.people["bu_manager"])
    rule = _rule(world, "rapid_review")
    form = {"name": rule.name, "offset": "10", "unit": "working_days", "direction": "after", "anchor": "notified",
            "met_by": "rapid_review_sent", "route_kind": "", "reminder_working_days": "3", "reason": "Pilot"}
    response = client.post(reverse("process:rule", args=[world.partnership.slug, rule.pk]), form)
    successor = _rule(world, "rapid_review")
    assert response.url == reverse("cases:rule-recompute", args=[world.partnership.slug, successor.pk])
    page = client.get(response.url).content.decode()
    assert "1 open clock uses an earlier version" in page
    client.post(response.url)
    assert not successor.clocks.exclude(rule=successor).exists()
    response = client.post(reverse("process:rule", args=[world.partnership.slug, successor.pk]),
                           {**form, "met_by": "notified"})
    assert "The deadline cannot be met by the same event it counts from" in response.content.decode()


def test_stages_can_be_added_renamed_moved_and_retired_but_not_the_lifecycle_ones(world):
    manager = world.people["bu_manager"]
    route = Route.objects.get(partnership=world.partnership, kind="local_learning")
    added = services.stage_save(route=route, by=manager, name="Family feedback", description="",
                                expected_documents="Family feedback note", active=True)
    names = list(route.stages.values_list("name", flat=True))
    assert names[-2:] == ["Family feedback", "Embedding learning"]
    services.stage_move(stage=added, by=manager, direction=-1)
    assert list(route.stages.values_list("name", flat=True))[-3:] == ["Family feedback", "Approved",
                                                                      "Embedding learning"]
    with pytest.raises(ValidationError, match="always the last stage"):
        services.stage_move(stage=route.stages.get(milestone="approved"), by=manager, direction=1)
    drafting = route.stages.get(milestone="drafting")
    with pytest.raises(ValidationError, match="cannot be retired"):
        services.stage_save(route=route, stage=drafting, by=manager, name="Drafting", description="",
                            expected_documents="", active=False)
    services.stage_save(route=route, stage=drafting, by=manager, name="Writing the learning report",
                        description="", expected_documents="Learning report", active=True,
                        expected_version=drafting.lock_version)
    with pytest.raises(ValidationError, match="Someone else changed this"):
        services.stage_save(route=route, stage=drafting, by=manager, name="Again", description="",
                            expected_documents="", active=True, expected_version=drafting.lock_version)
    services.stage_save(route=route, stage=added, by=manager, name="Family feedback", description="",
                        expected_documents="", active=False)
    assert not Stage.objects.get(pk=added.pk).active


def test_a_closure_day_moves_new_deadlines(world):
    manager = world.people["bu_manager"]
    with pytest.raises(ValidationError, match="weekend"):
        services.non_working_day_add(partnership=world.partnership, by=manager, day=date(2026, 6, 6), name="x",
                                     kind="local_closure")
    services.non_working_day_add(partnership=world.partnership, by=manager, day=date(2026, 6, 2),
                                 name="Office move", kind="local_closure")
    case = referred_case(world, aware=date(2026, 5, 27))
    assert case.clocks.get(key="notification").due_on == date(2026, 6, 4)  # one day later than without it
    assert NonWorkingDay.objects.filter(partnership=world.partnership).count() == 1
    # The other partnership's calendar is untouched.
    from casereview.process.calendar import closed_days

    assert date(2026, 6, 2) not in closed_days(world.other_partnership.pk)


def test_the_daily_sweep_reminds_and_warns_once(world, settings, django_capture_on_commit_callbacks):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    late = referred_case(world, aware=date(2026, 5, 1))  # due 11 May: the 4 May bank holiday does not count
    soon = referred_case(world, aware=date(2026, 5, 27))  # due 3 June, reminders from 1 June
    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        counts = deadlines_sweep()
    assert counts["missed"] == 1 and counts["approaching"] == 1
    missed = Notification.objects.filter(kind="deadline_missed", case=late)
    assert missed.exists() and "was due on 11 May 2026" in missed.first().text
    assert Notification.objects.filter(kind="deadline_approaching", case=soon).exists()
    assert mail.outbox and all("Jordan" not in m.body for m in mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        again = deadlines_sweep()
    assert again["missed"] == 0 and again["approaching"] == 0
