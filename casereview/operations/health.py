"""Health checks that answer quickly even when the database does not.

Each check runs its database work in a short-lived thread with its own connection and waits at
most HEALTH_DATABASE_TIMEOUT_SECONDS for it, so a frozen database gives a prompt "unavailable"
instead of a probe that hangs until the load balancer gives up (ADR 0017)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import connections
from django.utils import timezone

TIMED_OUT = object()


def within_timeout(work: Callable[[], Any], seconds: float | None = None) -> Any:
    """The result of `work()`, or TIMED_OUT if it took longer than `seconds`, or the exception it raised."""
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["value"] = work()
        except Exception as error:  # noqa: BLE001 (any failure means "not healthy")
            outcome["value"] = error
        finally:
            connections.close_all()

    thread = threading.Thread(target=run, name="health-check", daemon=True)
    thread.start()
    thread.join(settings.HEALTH_DATABASE_TIMEOUT_SECONDS if seconds is None else seconds)
    return outcome.get("value", TIMED_OUT)


def _database_answers() -> bool:
    from django.db import connection

    with connection.cursor() as cursor:
        # A real table, so SQLite reads its file rather than answering from memory.
        cursor.execute("SELECT COUNT(*) FROM django_migrations")
        cursor.fetchone()
    return True


def readiness() -> dict:
    """Whether this web instance can serve: its database answers in time and its file store is writable."""
    answer = within_timeout(_database_answers)
    database = "ok" if answer is True else ("timed out" if answer is TIMED_OUT else "unavailable")
    uploads = "ok" if _writable(settings.MEDIA_ROOT) else "not writable"
    ready = database == "ok" and uploads == "ok"
    return {"status": "ok" if ready else "unavailable", "database": database, "file_store": uploads}


def _writable(path) -> bool:
    import os
    from pathlib import Path

    path = Path(path)
    while not path.exists() and path != path.parent:
        path = path.parent  # not made yet: the first upload creates it where its parent allows
    return path.is_dir() and os.access(path, os.W_OK)


def _queue_state() -> dict:
    from django_tasks_db.models import DBTaskResult

    from casereview.operations.models import WorkerHeartbeat

    now = timezone.now()
    lease = timedelta(seconds=settings.TASK_LEASE_SECONDS)
    live_workers = WorkerHeartbeat.objects.filter(stopped_at=None, seen_at__gte=now - lease)
    newest_beat = WorkerHeartbeat.objects.order_by("-seen_at").values_list("seen_at", flat=True).first()
    oldest = DBTaskResult.objects.ready().order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
    live_ids = set(live_workers.values_list("worker_id", flat=True))
    stuck = sum(1 for ids in DBTaskResult.objects.running().values_list("worker_ids", flat=True)
                if not ids or ids[-1] not in live_ids)
    return {
        "workers": len(live_ids),
        "last_heartbeat_seconds": int((now - newest_beat).total_seconds()) if newest_beat else None,
        "waiting": DBTaskResult.objects.ready().count(),
        "oldest_waiting_seconds": int((now - oldest).total_seconds()) if oldest else 0,
        "stuck_running": stuck,
        "failed_last_day": DBTaskResult.objects.failed().filter(finished_at__gte=now - timedelta(days=1)).count(),
    }


def task_health() -> dict:
    """The task worker's state: its heartbeat, the oldest waiting task, tasks stuck running, failures."""
    state = within_timeout(_queue_state)
    if state is TIMED_OUT or isinstance(state, Exception):
        return {"status": "unavailable", "database": "timed out" if state is TIMED_OUT else "unavailable"}
    problems = []
    if not state["workers"]:
        problems.append("no worker has sent a heartbeat within the lease")
    if state["oldest_waiting_seconds"] > settings.TASK_QUEUE_STALE_SECONDS:
        problems.append("a task has waited longer than TASK_QUEUE_STALE_SECONDS")
    if state["stuck_running"]:
        problems.append("a task is held by a worker that stopped (it will be run again)")
    return {"status": "unhealthy" if problems else "ok", "problems": problems, **state}
