"""Rows that make things happen once (moved from operations; their tables keep their names)."""

from django.db import models


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
    # GOV.UK Notify's id for the message, and the last status its callback reported
    # ("delivered", "permanent-failure", "temporary-failure", "technical-failure").
    provider_id = models.CharField(max_length=64, blank=True, db_index=True)
    status = models.CharField(max_length=30, blank=True)
    status_at = models.DateTimeField(null=True, blank=True)

    FAILED = ("permanent-failure", "temporary-failure", "technical-failure")

    class Meta:
        db_table = "operations_emaildelivery"  # made by the operations app, which held it first
        verbose_name_plural = "email deliveries"

    def __str__(self) -> str:
        return self.key

    @property
    def failed(self) -> bool:
        return self.status in self.FAILED


class SubmissionKey(models.Model):
    """A form that creates something carries a one-time key; its first successful submission is
    recorded here in the same transaction as what it created, with where it led. A second POST with
    the key (a double click, a retry after a lost response, a reload) lands there instead of
    creating it again (ADR 0018)."""

    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=32)
    result_url = models.CharField(max_length=400, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        db_table = "operations_submissionkey"  # made by the operations app, which held it first
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="one_use_per_submission_key")]

    def __str__(self) -> str:
        return self.key
