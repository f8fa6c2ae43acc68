"""Notifications are stored as a kind and parameters and worded when shown: the database holds no
sentence about a case, and changing a wording changes every stored notification of that kind."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.core import mail

from casereview.cases.reminders import deadlines_sweep
from casereview.contributions.reminders import requests_sweep
from casereview.notifications import wording
from casereview.notifications.models import Notification
from casereview.notifications.services import notification_email, notify
from tests.cases.journey import referred_case, screened_and_notified
from tests.contributions.helpers import ask_three


def test_every_kind_of_notification_has_a_wording():
    assert set(Notification.Kind.values) == set(wording.registered())


def test_what_the_service_sends_is_stored_without_words_and_read_with_them(world):
    with time_machine.travel(date(2026, 5, 5), tick=False):
        case = referred_case(world, aware=date(2026, 5, 1))
        screened_and_notified(world, case, on=date(2026, 5, 5))
    with time_machine.travel(date(2026, 6, 1), tick=False):
        ask_three(world)
    deadlines_sweep(today=date(2026, 7, 20))
    requests_sweep(today=date(2026, 7, 20))
    sent = list(Notification.objects.all())
    kinds = {n.kind for n in sent}
    assert {"new_referral", "transition", "screening_outcome", "new_request", "request_overdue",
            "request_escalated"} <= kinds
    assert all(n.message == "" for n in sent)
    for n in sent:
        assert n.text and "{" not in n.text and n.text != n.get_kind_display()
        # Dates are kept as ISO dates and put into words only when read.
        assert all(date.fromisoformat(v) for k, v in n.params.items() if k.endswith("_on"))
    told = Notification.objects.filter(kind="request_overdue").first()
    assert told.params["request_kind"] == "chronology" and told.params["due_on"] == "2026-06-29"
    assert told.text.startswith("Your agency's chronology was due on 29 June 2026.")


def test_a_changed_wording_reaches_notifications_already_stored(world, monkeypatch):
    person = world.people["bu_manager"]
    [stored] = notify(recipients=[person], kind=Notification.Kind.REPORT_CHANGED, path="/", ref="NW-0001", version=3)
    assert Notification.objects.get(pk=stored.pk).text == (
        "NW-0001: the report changed after your approval; please look again at version 3")
    monkeypatch.setitem(wording.NOTIFICATIONS._wordings, Notification.Kind.REPORT_CHANGED, "Version {version} of {ref} is new")
    assert Notification.objects.get(pk=stored.pk).text == "Version 3 of NW-0001 is new"


def test_the_email_carries_the_words_and_not_the_parameters(world, settings):
    person = world.people["bu_manager"]
    [stored] = notify(recipients=[person], kind=Notification.Kind.ACTION_DUE_SOON, path="/actions/1/",
                      ref="NW-0002", due_on=date(2026, 9, 7))
    mail.outbox.clear()
    assert notification_email(notification_id=stored.pk)
    [email] = mail.outbox
    assert "NW-0002: an improvement action you lead is due on 7 September 2026." in email.body
    assert "2026-09-07" not in email.body


def test_a_notification_whose_parameters_do_not_fit_is_refused_when_sent_not_when_read(world):
    with pytest.raises(KeyError):
        notify(recipients=[world.people["bu_manager"]], kind=Notification.Kind.REPORT_CHANGED, path="/", ref="X")
    assert not Notification.objects.filter(kind="report_changed").exists()
    # A stored row that no longer fits (its wording changed since) reads as its kind, not as an error.
    odd = Notification.objects.create(recipient=world.people["bu_manager"], kind="report_changed", path="/",
                                      params={"ref": "NW-0003"})
    assert odd.text == "Report changed after your approval"


def test_rows_stored_before_wording_moved_keep_their_words(world):
    old = Notification.objects.create(recipient=world.people["bu_manager"], kind="transition", path="/",
                                      message="NW-0004: moved on (now at “Scoping”)")
    assert str(old) == "NW-0004: moved on (now at “Scoping”)"
