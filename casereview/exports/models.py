import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# Why an export failed, as stored in `failure` ("code" or "code:detail"), in words.
FAILURES = {
    "no_access": _("You no longer have access to this information"),
    "build_failed": _("The file could not be made ({detail})"),
}


class Export(models.Model):
    """A file someone asked for, made by the task worker (ADR 0020).

    Holds the filters the person chose (the file is rebuilt from them, with their access checked
    again) and where the finished file is. Only the person who asked may see or download it."""

    class Kind(models.TextChoices):
        CHRONOLOGY = "chronology", "Merged chronology"
        YEARLY_REPORT = "yearly_report", "Yearly report figures"

    class Format(models.TextChoices):
        PDF = "pdf", "PDF"
        DOCX = "docx", "Word"
        XLSX = "xlsx", "Excel"
        HTML = "html", "Print layout"

    class Status(models.TextChoices):
        WAITING = "waiting", "Waiting to start"
        RUNNING = "running", "Being prepared"
        READY = "ready", "Ready to download"
        FAILED = "failed", "Could not be made"
        EXPIRED = "expired", "Expired"

    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    fmt = models.CharField(max_length=5, choices=Format.choices)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    partnership = models.ForeignKey("partnerships.Partnership", on_delete=models.CASCADE, related_name="+")
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    params = models.JSONField(default=dict)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WAITING)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    file_name = models.CharField(max_length=100, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    failure = models.CharField(max_length=200, blank=True)  # a code of FAILURES; older rows, words
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True, db_index=True)
    downloads = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["requested_by", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_fmt_display()})"

    @property
    def percent(self) -> int:
        if self.status == self.Status.READY:
            return 100
        return min(99, round(100 * self.done / self.total)) if self.total else 0

    @property
    def download_name(self) -> str:
        from casereview.exports.kinds import describe

        return describe(self).file_name

    @property
    def failure_words(self) -> str:
        code, _sep, detail = self.failure.partition(":")
        if code not in FAILURES:
            return self.failure  # an older row's own words, or nothing
        return str(FAILURES[code]).format(detail=detail)
