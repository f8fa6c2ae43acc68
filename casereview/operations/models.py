from django.db import models


class WorkerHeartbeat(models.Model):
    """A running task worker says it is alive. A task held by a worker whose heartbeat has gone
    stale is run again by another (ADR 0017)."""

    worker_id = models.CharField(max_length=64, primary_key=True)
    started_at = models.DateTimeField()
    seen_at = models.DateTimeField(db_index=True)
    stopped_at = models.DateTimeField(null=True, blank=True)
    host = models.CharField(max_length=100, blank=True)
    pid = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"Worker {self.worker_id[:8]}"
