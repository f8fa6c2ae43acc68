"""The task worker, made safe to kill and to run through database outages (ADR 0017).

django-tasks-db claims a task by marking it RUNNING and never looks at it again, so a worker that
dies mid-task leaves it RUNNING for ever; and its loop exits on the first database error. This
module adds what a statutory reminder needs on top of its claim and run:

- a heartbeat, written by a thread every few seconds while the worker lives (including while a
  long task runs);
- a lease: a RUNNING task whose worker's heartbeat is older than the lease is put back in the
  queue and run again (tasks are idempotent: email goes through `once.mail.deliver_once`);
- a loop that survives the database going away: it waits with growing pauses and reconnects;
- transient failures (database or mail server unreachable) are tried again later, a few times,
  instead of being recorded as failed at the first attempt.
"""

from __future__ import annotations

import contextlib
import logging
import os
import random
import socket
import threading
import time
from datetime import timedelta

from django.conf import settings
from django.db import close_old_connections, connection, connections, transaction
from django.db.utils import DatabaseError, InterfaceError, OperationalError
from django.utils import timezone
from django_tasks_db.compat import TaskContext, TaskResultStatus, task_finished, task_started
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction, is_locked_database_exception

from casereview.operations.models import WorkerHeartbeat

logger = logging.getLogger(__name__)

# Errors that say "not now" rather than "never": the task is run again after a pause.
# OSError covers refused and reset connections and timeouts (mail servers included).
TRANSIENT_ERRORS = (OperationalError, InterfaceError, OSError)


class WorkerLost(Exception):
    """Recorded on a task given up after its workers died too many times while running it."""


class Backoff:
    """Pauses of 1, 2, 4 ... seconds up to a ceiling, with jitter so restarted workers spread out."""

    def __init__(self, ceiling: float = 30.0) -> None:
        self.ceiling = ceiling
        self.failures = 0

    def next_pause(self) -> float:
        self.failures += 1
        base = min(self.ceiling, 2 ** (self.failures - 1))
        return base * (0.75 + random.random() / 2)  # noqa: S311 (spreading, not secrecy)

    def reset(self) -> None:
        self.failures = 0


def heartbeat_beat(worker_id: str, *, started_at, stopped: bool = False) -> None:
    now = timezone.now()
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={"seen_at": now, "stopped_at": now if stopped else None, "started_at": started_at,
                  "host": socket.gethostname()[:100], "pid": os.getpid()})


class Heartbeat(threading.Thread):
    """Writes the worker's heartbeat every `every` seconds on its own database connection."""

    def __init__(self, worker_id: str, every: float) -> None:
        super().__init__(name="heartbeat", daemon=True)
        self.worker_id = worker_id
        self.every = every
        self.started_at = timezone.now()
        self.halt = threading.Event()

    def run(self) -> None:
        while not self.halt.is_set():
            try:
                heartbeat_beat(self.worker_id, started_at=self.started_at)
            except DatabaseError:
                logger.warning("Heartbeat not written: the database did not answer")
                connections.close_all()
            self.halt.wait(self.every)
        connections.close_all()

    def stop(self) -> None:
        self.halt.set()


def abandoned_tasks_requeue(*, lease_seconds: float, max_attempts: int, own_worker_id: str = "") -> int:
    """Puts back in the queue every RUNNING task whose worker has stopped beating.

    `own_worker_id` is the caller's: called between tasks, any task it still holds RUNNING was cut
    short (its result could not be recorded), so it is abandoned too. Returns how many were requeued."""
    running = list(DBTaskResult.objects.running().values_list("id", "worker_ids"))
    if not running:
        return 0
    holders = {ids[-1] for _, ids in running if ids}
    fresh = set(WorkerHeartbeat.objects.filter(
        worker_id__in=holders, stopped_at=None,
        seen_at__gte=timezone.now() - timedelta(seconds=lease_seconds)).values_list("worker_id", flat=True))
    fresh.discard(own_worker_id)
    requeued = 0
    for task_id, worker_ids in running:
        if worker_ids and worker_ids[-1] in fresh:
            continue
        with transaction.atomic():
            task = DBTaskResult.objects.select_for_update().filter(
                pk=task_id, status=TaskResultStatus.RUNNING).first()
            if task is None or task.worker_ids != worker_ids:
                continue  # finished or claimed again meanwhile
            if len(worker_ids) >= max_attempts:
                task.set_failed(WorkerLost(f"The worker died while running this task {len(worker_ids)} times"))
            else:
                task.status = TaskResultStatus.READY
                task.started_at = None
                task.save(update_fields=["status", "started_at"])
                requeued += 1
        logger.warning("Task %s was left running by a worker that stopped; %s", task_id,
                       "put back in the queue" if len(worker_ids) < max_attempts else "given up")
    return requeued


class ReliableWorker(Worker):
    def __init__(self, *, lease_seconds: float, heartbeat_seconds: float, max_attempts: int, **kwargs) -> None:
        super().__init__(**kwargs)
        self.lease_seconds = lease_seconds
        self.heartbeat_seconds = heartbeat_seconds
        self.max_attempts = max_attempts
        self.outage = Backoff()

    def run(self) -> None:
        logger.info("Starting worker %s (lease %ss, heartbeat every %ss)", self.worker_id,
                    self.lease_seconds, self.heartbeat_seconds)
        heart = Heartbeat(self.worker_id, self.heartbeat_seconds)
        heart.start()
        try:
            while self.running:
                try:
                    worked = self.step()
                    self.outage.reset()
                except TRANSIENT_ERRORS as error:
                    if isinstance(error, OperationalError) and is_locked_database_exception(error):
                        worked = False
                    else:
                        pause = self.outage.next_pause()
                        logger.warning("The database did not answer (%s); trying again in %.0f s",
                                       type(error).__name__, pause)
                        connections.close_all()
                        time.sleep(pause)
                        continue
                if self.batch and not worked:
                    return
                if self.max_tasks is not None and self._run_tasks >= self.max_tasks:
                    return
                if self.running and not worked:
                    time.sleep(self.interval)
        finally:
            heart.stop()
            # Its last beat must not land after the "stopped" one, nor outlive the worker.
            heart.join(timeout=10)
            with contextlib.suppress(DatabaseError):
                heartbeat_beat(self.worker_id, started_at=heart.started_at, stopped=True)

    def step(self) -> bool:
        """Requeues abandoned tasks, then claims and runs one task. True if a task ran."""
        _drop_stale_connections()
        abandoned_tasks_requeue(lease_seconds=self.lease_seconds, max_attempts=self.max_attempts,
                                own_worker_id=self.worker_id)
        tasks = DBTaskResult.objects.ready().filter(backend_name=self.backend_name)
        if not self.process_all_queues:
            tasks = tasks.filter(queue_name__in=self.queue_names)
        if self.excluded_queue_names:
            tasks = tasks.exclude(queue_name__in=self.excluded_queue_names)
        with exclusive_transaction(tasks.db):
            task_result = tasks.get_locked()
            if task_result is not None:
                task_result.claim(self.worker_id)
        if task_result is None:
            return False
        self.run_task(task_result)
        _drop_stale_connections()
        return True

    def run_task(self, db_task_result: DBTaskResult) -> None:
        """Runs the task; a transient failure puts it back in the queue for later instead of failing it."""
        try:
            self.running_task = True
            task = db_task_result.task
            result = db_task_result.task_result
            backend_type = task.get_backend()
            task_started.send(sender=backend_type, task_result=result)
            if task.takes_context:
                value = task.call(TaskContext(task_result=result), *result.args, **result.kwargs)
            else:
                value = task.call(*result.args, **result.kwargs)
            db_task_result.set_successful(value)
            task_finished.send(sender=backend_type, task_result=db_task_result.task_result)
        except TRANSIENT_ERRORS as error:
            if len(db_task_result.worker_ids) >= self.max_attempts:
                db_task_result.set_failed(error)
            else:
                # Raises in turn if the database is the thing that is down: the loop waits, and the
                # task, still RUNNING under this worker, is requeued by the next step.
                self._retry_later(db_task_result, error)
        except BaseException as error:  # noqa: BLE001 (recorded on the task, as django-tasks-db does)
            db_task_result.set_failed(error)
            logger.exception("Task %s failed", db_task_result.id)
        finally:
            self.running_task = False
            self._run_tasks += 1

    def _retry_later(self, db_task_result: DBTaskResult, error: BaseException) -> None:
        pause = min(600, 30 * 2 ** (len(db_task_result.worker_ids) - 1))
        db_task_result.status = TaskResultStatus.READY
        db_task_result.started_at = None
        db_task_result.run_after = timezone.now() + timedelta(seconds=pause)
        db_task_result.save(update_fields=["status", "started_at", "run_after"])
        logger.warning("Task %s could not finish (%s); trying again in %s s", db_task_result.id,
                       type(error).__name__, pause)


def _drop_stale_connections() -> None:
    # Never inside a transaction someone else holds (a test runs the worker inside one): Django
    # would drop that connection, and with it the transaction.
    if not connection.in_atomic_block:
        close_old_connections()


def worker_settings() -> dict:
    return {"lease_seconds": settings.TASK_LEASE_SECONDS, "heartbeat_seconds": settings.TASK_HEARTBEAT_SECONDS,
            "max_attempts": settings.TASK_MAX_ATTEMPTS}
