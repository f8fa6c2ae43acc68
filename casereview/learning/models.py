"""Learning into practice: findings, recommendations, actions with evidence, briefings and
their dissemination, and the secret calendar links people subscribe to."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from casereview.documents.stored_pdf import stored_pdf, write_pending

USER = settings.AUTH_USER_MODEL


class Finding(models.Model):
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="findings")
    number = models.PositiveSmallIntegerField()
    text = models.TextField()
    themes = models.JSONField(default=list, blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["case", "number"]
        constraints = [models.UniqueConstraint(fields=["case", "number"], name="one_finding_number")]

    def __str__(self) -> str:
        return f"Finding {self.number}"


class Source(models.TextChoices):
    REVIEW = "review", "The case's review"
    RAPID_REVIEW = "rapid_review", "The rapid review (no further review)"
    NATIONAL_REVIEW = "national_review", "A national review"
    LIBRARY = "library", "A National Panel report"


class Recommendation(models.Model):
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="recommendations")
    finding = models.ForeignKey(Finding, on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="recommendations")
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.REVIEW)
    source_detail = models.CharField(max_length=300, blank=True, help_text="For example, the national report's title.")
    # The National Panel report in the library it answers, when it comes from one.
    library_document = models.ForeignKey("library.LibraryDocument", on_delete=models.PROTECT, null=True, blank=True,
                                         related_name="local_recommendations")
    text = models.TextField()
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["case", "pk"]

    def __str__(self) -> str:
        return self.text[:60]


class ActionStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    ASSURED = "assured", "Assured: impact evidenced"


class Action(models.Model):
    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="actions")
    description = models.TextField()
    agency = models.ForeignKey("partnerships.Agency", on_delete=models.PROTECT, related_name="actions")
    lead = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="led_actions")
    start_on = models.DateField()
    due_on = models.DateField(db_index=True)
    success_measure = models.TextField(help_text="How the partnership will know it worked.")
    status = models.CharField(max_length=20, choices=ActionStatus.choices, default=ActionStatus.NOT_STARTED)
    done_on = models.DateField(null=True, blank=True)
    assured_on = models.DateField(null=True, blank=True)
    assured_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    reminded_on = models.DateField(null=True, blank=True)
    overdue_notified_on = models.DateField(null=True, blank=True)
    escalated_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    lock_version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.description[:60]

    @property
    def case(self):
        return self.recommendation.case

    @property
    def is_open(self) -> bool:
        return self.status in (ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS)

    def is_overdue(self, today) -> bool:
        return self.is_open and self.due_on < today


def evidence_path(instance, filename):
    import uuid

    return f"evidence/{instance.action_id}/{uuid.uuid4().hex}"


class ActionUpdate(models.Model):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    text = models.TextField()
    impact = models.BooleanField(default=False, help_text="This is evidence of impact on practice.")
    file = models.FileField(upload_to=evidence_path, blank=True)
    file_name = models.CharField(max_length=200, blank=True)
    file_type = models.CharField(max_length=100, blank=True)
    by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"Update on {self.action}"


SEVEN_MINUTE_HEADINGS = [
    ("background", "Background"), ("why_it_matters", "Why it matters"), ("what_happened", "What happened"),
    ("key_learning", "Key learning"), ("what_to_do", "What you should do"),
    ("questions", "Questions for reflection"), ("further_reading", "Further reading"),
]
PRACTITIONER_HEADINGS = [
    ("summary", "Summary"), ("the_case", "The case"), ("findings", "What the review found"),
    ("practice", "What this means for your practice"), ("resources", "Resources and contacts"),
]


class Briefing(models.Model):
    class Kind(models.TextChoices):
        SEVEN_MINUTE = "seven_minute", "Seven-minute briefing"
        PRACTITIONER = "practitioner", "Practitioner briefing"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        APPROVED = "approved", "Approved"
        PUBLISHED = "published", "Published"

    # A briefing is written on a local case, or on a report in the library (a National Panel
    # report) with no case at all; either way it belongs to one partnership.
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="briefings", null=True, blank=True)
    partnership = models.ForeignKey("partnerships.Partnership", on_delete=models.CASCADE, related_name="briefings",
                                    null=True)
    source = models.ForeignKey("library.LibraryDocument", on_delete=models.PROTECT, related_name="briefings",
                               null=True, blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=200)
    sections = models.JSONField(default=dict)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    approved_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    approved_on = models.DateField(null=True, blank=True)
    slug = models.SlugField(max_length=120, blank=True)
    published_on = models.DateField(null=True, blank=True)
    published_html = models.TextField(blank=True)
    published_file = models.FileField(max_length=200, blank=True)
    partnership_name = models.CharField(max_length=200, blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    lock_version = models.PositiveIntegerField(default=1)

    published_pdf = stored_pdf("published_file")

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        write_pending(self, "published_file", "briefings")
        super().save(*args, **kwargs)

    @property
    def headings(self):
        return SEVEN_MINUTE_HEADINGS if self.kind == self.Kind.SEVEN_MINUTE else PRACTITIONER_HEADINGS


class Dissemination(models.Model):
    class Kind(models.TextChoices):
        SENT = "sent", "Sent to"
        ACKNOWLEDGED = "acknowledged", "Acknowledged by"
        EVENT = "event", "Learning event"
        TRAINING = "training", "Training session"
        SURVEY = "survey", "Follow-up survey"

    briefing = models.ForeignKey(Briefing, on_delete=models.CASCADE, related_name="dissemination")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    agency = models.ForeignKey("partnerships.Agency", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="+")
    team = models.CharField(max_length=200, blank=True)
    on = models.DateField()
    attendance = models.PositiveIntegerField(default=0)
    responses = models.PositiveIntegerField(default=0, help_text="Survey responses.")
    changed = models.TextField(blank=True, help_text="What changed in practice, from the survey.")
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.on}"


class CalendarFeed(models.Model):
    """A secret link to a person's deadlines. Only a hash of the token is kept; revoking ends it."""

    person = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="calendar_feeds")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Calendar feed {self.pk}"
