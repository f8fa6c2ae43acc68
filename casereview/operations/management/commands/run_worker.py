"""`manage.py run_worker`: django-tasks-db's worker with heartbeat, leases and outage recovery (ADR 0017)."""

from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from casereview.operations.worker import ReliableWorker, worker_settings


class Command(DbWorkerCommand):
    help = "Run the task worker: survives database outages and reruns tasks whose worker died"

    def handle(self, *, verbosity, queue_name, interval, batch, backend_name, startup_delay, reload,
               max_tasks, worker_id, exclude_queues, **options) -> None:
        self.configure_logging(verbosity)
        worker = ReliableWorker(
            queue_names=queue_name.split(","), interval=interval, batch=batch, backend_name=backend_name,
            startup_delay=startup_delay, max_tasks=max_tasks, worker_id=worker_id,
            excluded_queue_names=exclude_queues.split(",") if exclude_queues else [], **worker_settings())
        worker.configure_signals()
        worker.run()
