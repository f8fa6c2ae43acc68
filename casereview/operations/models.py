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


class EmailDelivery(models.Model):
    """One row per email the service means to send, keyed so that running a task twice sends once.

    Holds no address, subject or body: the email is built when it is sent (an invitation's link
    exists only in the email), so nothing identifying waits here."""

    key = models.CharField(max_length=120, unique=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    # Set only once the mail server (or Notify) has accepted the message.
    accepted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "email deliveries"

    def __str__(self) -> str:
        return self.key
