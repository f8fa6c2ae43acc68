"""The audit record: append-only. The application has no way to change or delete an event.

Model.save refuses updates, delete refuses, the queryset refuses bulk update and delete,
and a database trigger (PostgreSQL and SQLite) refuses UPDATE and DELETE underneath.
"""

from django.conf import settings
from django.db import models

from casereview.audit.context import COMMAND, VIA, WORKER


class AuditLogIsAppendOnly(Exception):
    pass


class AuditQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AuditLogIsAppendOnly("Audit events cannot be changed.")

    def delete(self):
        raise AuditLogIsAppendOnly("Audit events cannot be deleted.")

    def bulk_update(self, *args, **kwargs):
        raise AuditLogIsAppendOnly("Audit events cannot be changed.")

    def update_or_create(self, *args, **kwargs):
        raise AuditLogIsAppendOnly("Audit events cannot be changed.")


class Action(models.TextChoices):
    CREATE = "create", "Created"
    UPDATE = "update", "Changed"
    DELETE = "delete", "Removed"
    STATE_CHANGE = "state_change", "Moved to a new stage"
    SIGN_IN = "sign_in", "Signed in"
    SIGN_IN_FAILED = "sign_in_failed", "Failed sign-in"
    SIGN_IN_LOCKED = "sign_in_locked", "Sign-in locked"
    SECOND_FACTOR = "second_factor", "Second factor passed"
    SECOND_FACTOR_FAILED = "second_factor_failed", "Second factor failed"
    SIGN_OUT = "sign_out", "Signed out"
    SESSION_TIMEOUT = "session_timeout", "Session timed out"
    EXPORT = "export", "Exported"
    VIEW_CASE = "view_case", "Viewed case"
    VIEW_IDENTITY = "view_identity", "Viewed identifying details"
    VIEW_AUDIT = "view_audit", "Viewed audit log"
    ACCESS_DENIED = "access_denied", "Access refused"


# What changes the record (rather than reading it): the latest of these names the data's state.
CHANGES = frozenset({Action.CREATE, Action.UPDATE, Action.DELETE, Action.STATE_CHANGE})


class AuditEvent(models.Model):
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Kept as text too, so the record still reads correctly if the person's name changes.
    actor_label = models.CharField(max_length=200, blank=True)
    action = models.CharField(max_length=30, choices=Action.choices, db_index=True)
    object_type = models.CharField(max_length=100, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    # Events recorded before wording moved out of the database (ADR 0035) keep their description
    # here; newer ones leave it empty and hold `code` and `params`, worded when shown.
    summary = models.CharField(max_length=500, blank=True)
    changes = models.JSONField(default=dict, blank=True)
    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    # "installation" for changes to what every partnership shares (bank holidays, the National
    # Panel's documents, the theme vocabulary, closed accounts): every partnership's log shows them.
    # Nullable so the column is added without rebuilding the append-only table.
    scope = models.CharField(max_length=20, null=True, blank=True, db_index=True)
    # Where the action came from (audit.context.VIA): the web service, the task worker or a command.
    # Nullable for the same reason as scope; empty on records made before it was kept.
    via = models.CharField(max_length=10, null=True, blank=True)
    # What was done, as a code registered by the app that did it (govuk.wording.AUDIT), and its
    # parameters: references, counts, choice codes and ISO dates, never identifying details of a
    # child or family. Nullable, as above, so the columns are added without a rebuild.
    code = models.CharField(max_length=60, null=True, blank=True, db_index=True)
    params = models.JSONField(null=True, blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["case", "-at"], name="audit_case_at"),
            models.Index(fields=["partnership", "-at"], name="audit_partnership_at"),
            # The latest change, read once per request by audit.kept.
            models.Index(fields=["-id"], condition=models.Q(action__in=sorted(CHANGES)), name="audit_changes"),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} by {self.actor_label or 'nobody'} at {self.at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AuditLogIsAppendOnly("Audit events cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditLogIsAppendOnly("Audit events cannot be deleted.")

    @property
    def who(self) -> str:
        if self.actor_label:
            return self.actor_label
        return "The service itself" if self.via in (WORKER, COMMAND) else "Not signed in"

    @property
    def came_from(self) -> str:
        """The address of a request, or what else made the record (audit.context.VIA)."""
        if self.ip_address:
            return self.ip_address
        return VIA[self.via] if self.via in (WORKER, COMMAND) else ""


class RefusedAccess(models.Model):
    """Refused requests, counted rather than listed: one row per person, URL pattern and hour.

    A probe of thousands of addresses makes a handful of rows, not thousands of audit events.
    Not part of the append-only record, because its count goes up."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    url_pattern = models.CharField(max_length=120, help_text="The URL's name, never the address itself.")
    hour = models.DateTimeField()
    count = models.PositiveIntegerField(default=1)
    last_at = models.DateTimeField()

    class Meta:
        ordering = ["-hour", "-last_at"]
        constraints = [models.UniqueConstraint(fields=["person", "url_pattern", "hour"], name="one_refusal_row_per_hour")]

    def __str__(self) -> str:
        return f"{self.count} refused on {self.url_pattern}"
