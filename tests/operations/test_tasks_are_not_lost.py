"""Tasks survive dead workers and database outages, and email goes once (ADR 0017)."""

from __future__ import annotations

import contextlib
import smtplib
from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.db.utils import OperationalError
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from casereview.notifications.models import Notification
from casereview.notifications.tasks import email_notification
from casereview.once.mail import Email, deliver_once, message_id
from casereview.once.models import EmailDelivery
from casereview.operations.models import WorkerHeartbeat
from casereview.operations.worker import Backoff, ReliableWorker, abandoned_tasks_requeue, heartbeat_beat

pytestmark = pytest.mark.django_db


def _worker(**overrides) -> ReliableWorker:
    options = {"queue_names": ["default"], "interval": 0, "batch": True, "backend_name": "default",
               "startup_delay": False, "max_tasks": None, "worker_id": "worker-b", "excluded_queue_names": [],
               "lease_seconds": 30, "heartbeat_seconds": 10, "max_attempts": 3}
    options.update(overrides)
    return ReliableWorker(**options)


def _notification(world) -> Notification:
    return Notification.objects.create(recipient=world.people["bu_officer"], kind=Notification.Kind.NEW_REFERRAL,
                                       message="A referral is waiting", path="/your-work/")


def _claimed_by(task_id, worker_id: str, *, seen_seconds_ago: float) -> None:
    heartbeat_beat(worker_id, started_at=timezone.now())
    WorkerHeartbeat.objects.filter(worker_id=worker_id).update(
        seen_at=timezone.now() - timedelta(seconds=seen_seconds_ago))
    DBTaskResult.objects.filter(pk=task_id).update(status=TaskResultStatus.RUNNING, started_at=timezone.now(),
                                                   worker_ids=[worker_id])


def test_a_task_left_running_by_a_dead_worker_runs_again_and_emails_once(world):
    notification = _notification(world)
    result = email_notification.enqueue(notification.pk)
    _claimed_by(result.id, "worker-a", seen_seconds_ago=120)  # worker-a died mid-task two minutes ago

    _worker().run()

    task = DBTaskResult.objects.get(pk=result.id)
    assert task.status == TaskResultStatus.SUCCESSFUL and task.worker_ids == ["worker-a", "worker-b"]
    assert len(mail.outbox) == 1 and mail.outbox[0].extra_headers["Message-ID"] == message_id(
        f"notification:{notification.pk}")
    notification.refresh_from_db()
    assert notification.emailed_at is not None


def test_a_task_held_by_a_live_worker_is_left_alone(world):
    result = email_notification.enqueue(_notification(world).pk)
    _claimed_by(result.id, "worker-a", seen_seconds_ago=5)
    assert abandoned_tasks_requeue(lease_seconds=30, max_attempts=3) == 0
    assert DBTaskResult.objects.get(pk=result.id).status == TaskResultStatus.RUNNING


def test_a_task_whose_workers_keep_dying_is_given_up_and_says_why(world):
    result = email_notification.enqueue(_notification(world).pk)
    _claimed_by(result.id, "worker-a", seen_seconds_ago=120)
    DBTaskResult.objects.filter(pk=result.id).update(worker_ids=["w1", "w2", "worker-a"])
    abandoned_tasks_requeue(lease_seconds=30, max_attempts=3)
    task = DBTaskResult.objects.get(pk=result.id)
    assert task.status == TaskResultStatus.FAILED and task.exception_class_path.endswith("WorkerLost")


def test_running_the_email_task_twice_sends_once(world):
    notification = _notification(world)
    assert email_notification.call(notification.pk) is True
    Notification.objects.filter(pk=notification.pk).update(emailed_at=None)  # even if the record lagged
    assert email_notification.call(notification.pk) is False
    assert len(mail.outbox) == 1
    assert EmailDelivery.objects.get(key=f"notification:{notification.pk}").attempts == 1


def test_an_email_is_recorded_as_sent_only_once_the_server_accepts_it(world):
    notification = _notification(world)
    with mock.patch("django.core.mail.backends.locmem.EmailBackend.send_messages",
                    side_effect=smtplib.SMTPServerDisconnected("gone")), pytest.raises(smtplib.SMTPServerDisconnected):
        email_notification.call(notification.pk)
    delivery = EmailDelivery.objects.get(key=f"notification:{notification.pk}")
    assert delivery.accepted_at is None and delivery.attempts == 1
    notification.refresh_from_db()
    assert notification.emailed_at is None
    assert email_notification.call(notification.pk) is True  # the next run sends it
    assert len(mail.outbox) == 1


def test_an_unreachable_mail_server_puts_the_task_back_for_later(world):
    result = email_notification.enqueue(_notification(world).pk)
    with mock.patch("django.core.mail.backends.locmem.EmailBackend.send_messages",
                    side_effect=ConnectionRefusedError("no mail server")):
        _worker(max_tasks=1).run()
    task = DBTaskResult.objects.get(pk=result.id)
    assert task.status == TaskResultStatus.READY and task.run_after > timezone.now()
    assert not mail.outbox


def test_an_invitation_sent_twice_by_the_task_makes_one_email(world):
    from casereview.partnerships.models import Invitation
    from casereview.partnerships.tasks import send_invitation

    invitation = Invitation.objects.create(partnership=world.partnership, email="new.person@example.org",
                                           full_name="New Person", agency=world.agencies["police"],
                                           created_by=world.people["bu_officer"],
                                           expires_at=timezone.now() + timedelta(days=7))
    assert send_invitation.call(invitation.pk) is True
    assert send_invitation.call(invitation.pk) is False
    assert len(mail.outbox) == 1


def test_content_that_changes_each_attempt_gets_a_new_message_id(db):
    ids = []
    calls = iter([ConnectionResetError("dropped"), None])

    def send(self):
        ids.append(self.extra_headers["Message-ID"])
        error = next(calls)
        if error:
            raise error
        return 1

    with mock.patch("django.core.mail.EmailMessage.send", send):
        for _ in range(2):
            with contextlib.suppress(ConnectionResetError):
                deliver_once("invitation:1:1", lambda: Email("a@example.org", "s", "b"), same_content=False)
    assert len(set(ids)) == 2


def test_the_worker_waits_out_a_database_outage_instead_of_exiting(db, monkeypatch):
    worker = _worker(batch=False)
    outcomes = iter([OperationalError("server closed the connection"), OperationalError("could not connect"),
                     False, False])
    pauses = []

    def step():
        outcome = next(outcomes, None)
        if outcome is None:
            worker.running = False
            return False
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    monkeypatch.setattr(worker, "step", step)
    monkeypatch.setattr("casereview.operations.worker.time.sleep", pauses.append)
    worker.run()
    assert len(pauses) >= 2 and 0.75 <= pauses[0] <= 1.25 and 1.5 <= pauses[1] <= 2.5
    assert worker.outage.failures == 0  # reset once the database answered


def test_backoff_grows_to_a_ceiling():
    backoff = Backoff(ceiling=30)
    pauses = [backoff.next_pause() for _ in range(8)]
    assert pauses[0] <= 1.25 and all(p <= 37.5 for p in pauses) and pauses[-1] >= 22.5
