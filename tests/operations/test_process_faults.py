"""Real processes, real faults: a worker killed mid-task, a database stopped under the worker, a
frozen database behind the readiness probe. PostgreSQL only: the faults are injected by a TCP proxy
between the process and the server (SQLite has no connection to break), and CI runs PostgreSQL."""

from __future__ import annotations

import json
import signal
import socket
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.db import connection
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from casereview.notifications.models import Notification
from casereview.notifications.tasks import email_notification
from tests.factories import build_world
from tests.operations.faults import DatabaseProxy, database_url_via, service_process, wait_for

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif("connection.vendor != 'postgresql'", reason="faults are injected into a PostgreSQL connection"),
]

WORKER = ["manage.py", "run_worker", "--no-startup-delay", "--interval", "0.2", "--no-reload"]
FAST_LEASE = {"TASK_HEARTBEAT_SECONDS": "1", "TASK_LEASE_SECONDS": "3", "DJANGO_ENV": "development",
              "EMAIL_BACKEND": "tests.operations.recording_mail.EmailBackend"}


@pytest.fixture
def proxy():
    settings = connection.settings_dict
    proxy = DatabaseProxy(settings.get("HOST") or "127.0.0.1", int(settings.get("PORT") or 5432))
    yield proxy
    proxy.close()


@pytest.fixture
def processes():
    started = []
    yield started
    for process in started:
        if process.poll() is None:
            process.kill()
        process.wait(10)


def _status(task_id) -> str:
    return DBTaskResult.objects.get(pk=task_id).status


def _notification() -> Notification:
    world = build_world()
    return Notification.objects.create(recipient=world.people["bu_officer"], kind=Notification.Kind.NEW_REFERRAL,
                                       message="A referral is waiting", path="/your-work/")


def test_a_worker_killed_while_sending_an_email_leaves_it_to_another_which_sends_it_once(tmp_path, processes):
    settings = connection.settings_dict
    url = (f"postgres://{settings.get('USER') or 'postgres'}@{settings.get('HOST') or '127.0.0.1'}:"
           f"{settings.get('PORT') or 5432}/{settings['NAME']}")
    record = tmp_path / "sent.txt"
    notification = _notification()
    task = email_notification.enqueue(notification.pk)

    first = service_process(WORKER, database_url=url, log=tmp_path / "first.log",
                            extra_env={**FAST_LEASE, "RECORDING_MAIL_FILE": str(record), "RECORDING_MAIL_HOLD": "1"})
    processes.append(first)
    wait_for(lambda: Path(f"{record}.sending").exists(), 60, "the first worker to start sending")
    assert _status(task.id) == TaskResultStatus.RUNNING
    first.send_signal(signal.SIGKILL)  # no chance to tidy up, as with a machine that loses power
    first.wait(10)
    assert _status(task.id) == TaskResultStatus.RUNNING  # stuck, as it was for ever before

    second = service_process(WORKER, database_url=url, log=tmp_path / "second.log",
                             extra_env={**FAST_LEASE, "RECORDING_MAIL_FILE": str(record)})
    processes.append(second)
    wait_for(lambda: _status(task.id) == TaskResultStatus.SUCCESSFUL, 60, "the task to be run again",)
    time.sleep(3)  # long enough for a second sending, if there were going to be one
    sent = record.read_text().splitlines()
    assert len(sent) == 1, (tmp_path / "second.log").read_text()
    assert len(DBTaskResult.objects.get(pk=task.id).worker_ids) == 2
    notification.refresh_from_db()
    assert notification.emailed_at is not None


def test_the_worker_reconnects_after_the_database_stops_and_comes_back(tmp_path, proxy, processes):
    record = tmp_path / "sent.txt"
    worker = service_process(WORKER, database_url=database_url_via(proxy, connection.settings_dict),
                             log=tmp_path / "worker.log", extra_env={**FAST_LEASE, "RECORDING_MAIL_FILE": str(record)})
    processes.append(worker)
    before = email_notification.enqueue(_notification().pk)
    wait_for(lambda: _status(before.id) == TaskResultStatus.SUCCESSFUL, 60, "the first task")

    proxy.set_mode("down")
    wait_for(lambda: "did not answer" in (tmp_path / "worker.log").read_text(), 30, "the worker to notice")
    time.sleep(6)  # several failed attempts, with growing pauses
    assert worker.poll() is None, "the worker exited on a database error"
    after = email_notification.enqueue(Notification.objects.create(
        recipient=Notification.objects.get().recipient, kind=Notification.Kind.NEW_REFERRAL,
        message="Another referral", path="/your-work/").pk)
    proxy.set_mode("open")
    wait_for(lambda: _status(after.id) == TaskResultStatus.SUCCESSFUL, 60, "a task after the outage")
    assert worker.poll() is None
    assert len(record.read_text().splitlines()) == 2


def test_readiness_answers_503_within_two_seconds_while_the_database_is_frozen(tmp_path, proxy, processes):
    with socket.create_server(("127.0.0.1", 0)) as probe:
        port = probe.getsockname()[1]
    server = service_process(
        ["-m", "gunicorn", "casereview.wsgi", "--config", "gunicorn.conf.py", "--bind", f"127.0.0.1:{port}",
         "--workers", "1", "--threads", "4"],
        database_url=database_url_via(proxy, connection.settings_dict), log=tmp_path / "gunicorn.log",
        extra_env={"DJANGO_ENV": "development"})
    processes.append(server)

    def get(path: str) -> tuple[int, dict, float]:
        started = time.monotonic()
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=30) as response:  # noqa: S310
                status, body = response.status, response.read()
        except urllib.error.HTTPError as error:
            status, body = error.code, error.read()
        return status, json.loads(body), time.monotonic() - started

    wait_for(lambda: _answers(get), 60, "gunicorn to start")
    assert get("/healthz/ready")[0] == 200

    proxy.set_mode("frozen")
    status, body, seconds = get("/healthz/ready")
    assert status == 503 and body["database"] == "timed out"
    assert seconds < 2.0, f"readiness took {seconds:.2f} s with the database frozen"
    status, _, seconds = get("/healthz/live")
    assert status == 200 and seconds < 2.0
    status, body, seconds = get("/healthz/tasks")
    assert status == 503 and seconds < 2.0

    proxy.set_mode("open")
    wait_for(lambda: get("/healthz/ready")[0] == 200, 30, "readiness to recover")


def _answers(get) -> bool:
    try:
        return get("/healthz/live")[0] == 200
    except OSError:
        return False
