"""The one reminder and escalation engine: when each step is due, the partnership's rules driving
it for case deadlines, requests to agencies and improvement actions, and the page that sets them."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from casereview.cases.reminders import deadlines_sweep
from casereview.contributions.reminders import requests_sweep
from casereview.notifications.models import Notification
from casereview.process import services
from casereview.process.models import ReminderRule
from casereview.process.reminders import Days, Step, steps_due
from tests.cases.journey import referred_case
from tests.contributions.helpers import ask_three
from tests.factories import audit_said, sign_in

DUE = date(2026, 6, 10)


@pytest.mark.parametrize(("today", "sent", "escalate_from", "expected"), [
    (date(2026, 6, 4), set(), None, []),                                   # before the reminder
    (date(2026, 6, 5), set(), None, [Step.REMIND]),                        # reminders start
    (DUE, set(), None, [Step.REMIND]),                                      # still not late on the day
    (DUE, {Step.REMIND}, None, []),                                         # sent once
    (date(2026, 6, 11), {Step.REMIND}, None, [Step.OVERDUE]),
    (date(2026, 6, 11), set(), date(2026, 6, 11), [Step.OVERDUE, Step.ESCALATE]),  # escalate at once
    (date(2026, 6, 12), {Step.REMIND, Step.OVERDUE}, date(2026, 6, 15), []),
    (date(2026, 6, 15), {Step.REMIND, Step.OVERDUE}, date(2026, 6, 15), [Step.ESCALATE]),
    (date(2026, 7, 1), {Step.REMIND, Step.OVERDUE}, None, []),              # a rule that never escalates
    (date(2026, 7, 1), {Step.REMIND, Step.OVERDUE, Step.ESCALATE}, date(2026, 6, 15), []),
])
def test_steps_due(today, sent, escalate_from, expected):
    assert steps_due(due_on=DUE, today=today, remind_from=date(2026, 6, 5), escalate_from=escalate_from,
                     sent=sent) == expected


def test_days_in_words():
    assert Days(1).words == "1 working day" and Days(3).words == "3 working days"
    assert Days(10, "calendar_days").words == "10 days"


def test_every_partnership_starts_with_the_rules_it_had_before_they_were_rules(world):
    rules = {r.subject: (r.unit, r.remind_before, r.escalate_after)
             for r in ReminderRule.objects.filter(partnership=world.partnership)}
    assert rules == {"clock": ("working_days", 3, None), "agency_request": ("working_days", 3, 3),
                     "action": ("calendar_days", 7, 10)}


def test_a_partnership_can_escalate_missed_case_deadlines(world):
    with time_machine.travel(date(2026, 5, 5), tick=False):
        late = referred_case(world, aware=date(2026, 5, 1))  # notification due 11 May
    rule = ReminderRule.objects.get(partnership=world.partnership, subject="clock")
    services.reminder_rule_change(rule=rule, by=world.people["bu_manager"], escalate_after=2)
    Notification.objects.all().delete()
    assert deadlines_sweep(today=date(2026, 5, 12))["escalated"] == 0
    assert deadlines_sweep(today=date(2026, 5, 13))["escalated"] == 1  # two working days after 11 May
    assert deadlines_sweep(today=date(2026, 5, 14))["escalated"] == 0
    escalated = Notification.objects.filter(kind="deadline_escalated", case=late)
    assert {n.recipient for n in escalated} == {world.people["bu_manager"], world.people["bu_officer"]}
    assert "“Notify the National Panel” is 2 working days past its due date of 11 May 2026" in escalated[0].text
    # The other partnership kept its rule: nothing of its own was escalated, and its rule is unchanged.
    assert ReminderRule.objects.get(partnership=world.other_partnership, subject="clock").escalate_after is None


def test_the_escalation_delay_for_requests_is_the_partnerships_rule(client, world):
    with time_machine.travel(date(2026, 6, 1), tick=False):
        ask_three(world)  # due Monday 29 June 2026
    sign_in(client, world.people["bu_manager"])
    url = reverse("process:reminders", args=[world.partnership.slug, "agency_request"])
    rule = ReminderRule.objects.get(partnership=world.partnership, subject="agency_request")
    response = client.post(url, {"remind_before": "3", "escalate_after": "1", "unit": "working_days",
                                 "lock_version": rule.lock_version})
    assert response.url.endswith("#reminders")
    counts = requests_sweep(today=date(2026, 6, 30))
    assert counts["overdue"] == 3 and counts["escalated"] == 3  # with the default of 3 days: none yet
    assert any(s.startswith("Changed the reminders for requests to agencies") for s in audit_said())
    overview = client.get(reverse("process:overview", args=[world.partnership.slug])).content.decode()
    assert "1 working day after the due date" in overview


def test_a_rule_with_no_escalation_never_escalates(world):
    with time_machine.travel(date(2026, 6, 1), tick=False):
        ask_three(world)
    rule = ReminderRule.objects.get(partnership=world.partnership, subject="agency_request")
    services.reminder_rule_change(rule=rule, by=world.people["bu_manager"], escalate_after=None)
    assert requests_sweep(today=date(2026, 9, 1)) == {"reminded": 0, "overdue": 3, "escalated": 0}


def test_the_reminder_page_explains_rejects_bad_input_and_stale_edits(client, world):
    sign_in(client, world.people["bu_manager"])
    rule = ReminderRule.objects.get(partnership=world.partnership, subject="action")
    url = reverse("process:reminders", args=[world.partnership.slug, "action"])
    page = client.post(url, {"remind_before": "soon", "escalate_after": "-1", "unit": "",
                             "lock_version": rule.lock_version}).content.decode()
    assert "govuk-error-summary" in page
    for message in ("Enter a whole number", "Enter 0 or more", "Choose working days or calendar days"):
        assert message in page
    services.reminder_rule_change(rule=rule, by=world.people["bu_manager"], remind_before=5)
    page = client.post(url, {"remind_before": "2", "escalate_after": "", "unit": "calendar_days",
                             "lock_version": rule.lock_version}).content.decode()
    assert "Someone else changed this while you were editing it" in page
    rule.refresh_from_db()
    assert (rule.remind_before, rule.escalate_after) == (5, 10)
    # Case deadlines are reminded by each deadline rule, so their page does not ask.
    clock_page = client.get(reverse("process:reminders", args=[world.partnership.slug, "clock"])).content.decode()
    assert "Remind people this long before" not in clock_page and "deadline rule" in clock_page


def test_only_the_business_unit_manager_changes_reminders(world):
    rule = ReminderRule.objects.get(partnership=world.partnership, subject="action")
    with pytest.raises(PermissionDenied):
        services.reminder_rule_change(rule=rule, by=world.people["bu_officer"], remind_before=1)
    rule.refresh_from_db()
    assert rule.remind_before == 7
