"""What agencies contribute to a case: requests, their versioned returns, chronology entries,
and the review team's reading of them (annotations, duplicate and conflict flags)."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from casereview.cases.models import YesNoUnknown
from casereview.govuk.formatting import format_date
from casereview.process.clocks import explain

# A return's use when the merged chronology was released: stored as this code, worded when shown.
MERGED = ":merged"


def used_words(used_for: str) -> str:
    return str(_("merged into the multi-agency chronology")) if used_for == MERGED else used_for


def due_words(rule, sent_on: date, due_on: date) -> str:
    """How a request's due date follows from the rule it was set by (no holds apply to a request)."""
    if rule is None:  # a partnership that deleted its rule
        return str(_("No timescale is set for this kind of request"))
    return explain(rule=rule, anchor_on=sent_on, base_due_on=due_on, held_units=0, due_on=due_on, paused=False)


class RequestKind(models.TextChoices):
    RAPID_REVIEW_SUMMARY = "rapid_review_summary", "Rapid review agency summary"
    CHRONOLOGY = "chronology", "Chronology"
    AGENCY_REPORT = "agency_report", "Agency report"
    FACTUAL_ACCURACY = "factual_accuracy", "Factual accuracy check"
    # A safeguarding adults board's request under the Care Act 2014 s45, which the agency must answer.
    S45_INFORMATION = "s45_information", "Information for a safeguarding adults review (Care Act section 45)"


# The clock rule in the process pack that sets each kind's due date.
RULE_KEYS = {kind: f"request_{kind}" for kind in RequestKind.values}


class RequestStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    SUBMITTED = "submitted", "Submitted"
    RETURNED = "returned", "Returned for more"


class AgencyRequest(models.Model):
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="agency_requests")
    agency = models.ForeignKey("partnerships.Agency", on_delete=models.PROTECT, related_name="requests")
    kind = models.CharField(max_length=30, choices=RequestKind.choices)
    status = models.CharField(max_length=20, choices=RequestStatus.choices, default=RequestStatus.NOT_STARTED)
    instructions = models.TextField(blank=True)
    lines_of_enquiry = models.TextField(blank=True, help_text="One per line.")
    scope_start = models.DateField(null=True, blank=True)
    scope_end = models.DateField(null=True, blank=True)
    sent_on = models.DateField()
    due_on = models.DateField()
    rule = models.ForeignKey("process.ClockRule", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    # Requests made before the explanation was worded when shown keep their words here.
    explanation_kept = models.CharField(max_length=400, blank=True)
    # The latest agreed change of due date: {"before_on", "after_on", "by", "reason"}.
    due_change = models.JSONField(null=True, blank=True)
    contributors = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="agency_requests")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    reminded_on = models.DateField(null=True, blank=True)
    overdue_notified_on = models.DateField(null=True, blank=True)
    escalated_on = models.DateField(null=True, blank=True)
    # The business unit's own reminders ("Chase"), beside the automatic ones above.
    chased_on = models.DateField(null=True, blank=True)
    chase_count = models.PositiveSmallIntegerField(default=0)
    lock_version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["case", "kind", "agency__name"]
        constraints = [models.UniqueConstraint(fields=["case", "agency", "kind"], name="one_request_per_agency_kind")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} from {self.agency}"

    @property
    def due_explanation(self) -> str:
        if self.explanation_kept:
            return self.explanation_kept
        if self.due_change:
            change = self.due_change
            return _("Changed from {before} to {after} by {by}: {reason}").format(
                before=format_date(date.fromisoformat(change["before_on"])),
                after=format_date(date.fromisoformat(change["after_on"])), by=change["by"], reason=change["reason"])
        return due_words(self.rule, self.sent_on, self.due_on)

    @property
    def lines(self) -> list[str]:
        return [line.strip() for line in self.lines_of_enquiry.splitlines() if line.strip()]


class Submission(models.Model):
    """One version of an agency's return. Submitted versions are never changed again."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"
        SUPERSEDED = "superseded", "Returned for more (superseded)"

    request = models.ForeignKey(AgencyRequest, on_delete=models.CASCADE, related_name="submissions")
    version = models.PositiveSmallIntegerField(default=1)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    data = models.JSONField(default=dict, blank=True)
    signed_off_by = models.CharField(max_length=200, blank=True,
                                     help_text="The agency manager who signed the return off.")
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+")
    submitted_at = models.DateTimeField(null=True, blank=True)
    returned_reason = models.TextField(blank=True)
    used_at = models.DateTimeField(null=True, blank=True)
    used_for = models.CharField(max_length=200, blank=True)  # what the business unit wrote, or MERGED
    lock_version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["request", "-version"]
        constraints = [models.UniqueConstraint(fields=["request", "version"], name="one_submission_per_version")]

    def __str__(self) -> str:
        return f"{self.request}, version {self.version}"

    @property
    def used_words(self) -> str:
        return used_words(self.used_for)

    @property
    def editable(self) -> bool:
        return self.status == self.Status.DRAFT


class DatePrecision(models.TextChoices):
    DAY = "day", "Exact day"
    MONTH = "month", "Month only"
    YEAR = "year", "Year only"


class ChronologyEntry(models.Model):
    """One fact an agency recorded. The agency and case are kept on the row so the merged
    chronology is one indexed query however many agencies contribute."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="entries")
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="chronology_entries")
    agency = models.ForeignKey("partnerships.Agency", on_delete=models.PROTECT, related_name="+")
    position = models.PositiveIntegerField(default=0, help_text="Orders entries on the same day.")
    on = models.DateField()
    precision = models.CharField(max_length=10, choices=DatePrecision.choices, default=DatePrecision.DAY)
    uncertain = models.BooleanField(default=False)
    at = models.TimeField(null=True, blank=True)
    source = models.CharField(max_length=200, help_text="The record this comes from, e.g. “Health visitor diary”.")
    practitioner_role = models.CharField(max_length=120, help_text="A role, never a name.")
    event = models.TextField()
    child_seen = models.CharField(max_length=20, choices=YesNoUnknown.choices, default=YesNoUnknown.NOT_KNOWN)
    child_voice = models.TextField(blank=True)
    action = models.TextField(blank=True)
    no_action_reason = models.TextField(blank=True)
    outcome = models.TextField(blank=True)
    significance = models.TextField(blank=True)
    lock_version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["on", "at", "position", "pk"]
        indexes = [models.Index(fields=["case", "on"])]
        verbose_name_plural = "chronology entries"

    def __str__(self) -> str:
        return f"{self.agency} entry on {self.on}"

    @property
    def date_text(self) -> str:
        if self.precision == DatePrecision.YEAR:
            text = f"{self.on:%Y}"
        elif self.precision == DatePrecision.MONTH:
            text = format_date(self.on, "month")
        else:
            text = format_date(self.on)
        return f"{text} (uncertain)" if self.uncertain else text


class EntryAnnotation(models.Model):
    """The review team's reading of an entry, kept apart from the agency's facts."""

    entry = models.OneToOneField(ChronologyEntry, on_delete=models.CASCADE, related_name="annotation")
    key_practice_episode = models.BooleanField(default=False)
    analysis = models.TextField(blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Analysis of {self.entry}"


class EntryFlag(models.Model):
    class Kind(models.TextChoices):
        DUPLICATE = "duplicate", "Likely duplicate"
        CONFLICT = "conflict", "Possible conflict"

    class Status(models.TextChoices):
        OPEN = "open", "To check"
        LINKED = "linked", "Linked: the same event"
        DISMISSED = "dismissed", "Dismissed: different events"

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="entry_flags")
    first = models.ForeignKey(ChronologyEntry, on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey(ChronologyEntry, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["first", "second"], name="one_flag_per_pair")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.first_id} and {self.second_id}"


class ChronologyRelease(models.Model):
    """Until this exists, agency representatives see only their own agency's entries."""

    case = models.OneToOneField("cases.Case", on_delete=models.CASCADE, related_name="chronology_release")
    released_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    released_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Chronology of {self.case} released"


def upload_path(instance: Upload, filename: str) -> str:
    # Never the uploader's file name on disk: it may name a child, and it is not ours to trust.
    import uuid

    return f"contributions/{instance.request_id}/{uuid.uuid4().hex}.{instance.detected_type}"


class Upload(models.Model):
    """A spreadsheet an agency uploaded, kept outside the web root and served only through a
    permission-checked view. Its name on disk is random; the name shown is the agency's."""

    request = models.ForeignKey(AgencyRequest, on_delete=models.CASCADE, related_name="uploads")
    file = models.FileField(upload_to=upload_path)
    original_name = models.CharField(max_length=200)
    detected_type = models.CharField(max_length=10)
    size = models.PositiveIntegerField()
    accepted = models.BooleanField(default=False)
    error_count = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return self.original_name


class RequestInvitation(models.Model):
    """Someone not yet in the service, invited to answer a request for their agency. When they
    accept, they become its contributor and a representative on that one case."""

    request = models.ForeignKey(AgencyRequest, on_delete=models.CASCADE, related_name="invitations")
    invitation = models.OneToOneField("partnerships.Invitation", on_delete=models.CASCADE,
                                      related_name="agency_request_link")

    def __str__(self) -> str:
        return f"Invitation for {self.request}"
