"""The process pack: a partnership's routes, their stages and the rules that set every deadline.

All of it is data that a business unit manager edits in the service. The lifecycle in
cases.lifecycle keys its behaviour off the fixed ``RouteKind`` and ``Milestone`` values, so a
partnership can rename, reorder, add or retire stages without breaking a guard.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from casereview.govuk.formatting import format_date


class RouteKind(models.TextChoices):
    LCSPR = "lcspr", "Local child safeguarding practice review"
    LOCAL_LEARNING = "local_learning", "Local learning review"
    NATIONAL_REVIEW = "national_review", "Support for a national review"
    RAPID_REVIEW_LEARNING = "rapid_review_learning", "Learning from the rapid review only"
    NO_FURTHER_ACTION = "no_further_action", "No further action"
    # Safeguarding adults reviews (Care Act 2014 s44): the adults framework's routes.
    SAR = "sar", "Safeguarding adults review"
    SAR_ALTERNATIVE = "sar_alternative", "Proportionate alternative learning (adults)"
    SAR_NONE = "sar_none", "No safeguarding adults review"
    # Domestic abuse related death reviews (formerly domestic homicide reviews): the domestic abuse framework's.
    DARDR = "dardr", "Domestic abuse related death review"
    DARDR_NOT_HELD = "dardr_not_held", "No domestic abuse related death review"


class Milestone(models.TextChoices):
    """What a stage means to the lifecycle. A stage with no milestone is the partnership's own step."""

    COMMISSIONED = "commissioned", "Commissioned"
    INFORMATION_GATHERING = "information_gathering", "Information gathering"
    ANALYSIS = "analysis", "Analysis and learning events"
    DRAFTING = "drafting", "Drafting"
    QUALITY_ASSURANCE = "quality_assurance", "Quality assurance"
    APPROVED = "approved", "Approved"
    PRE_PUBLICATION_NOTICE = "pre_publication_notice", "Pre-publication notice"
    # The Home Office's quality assurance panel reads a domestic abuse related death review before publication.
    HOME_OFFICE_QA = "home_office_qa", "Home Office quality assurance"
    PUBLISHED = "published", "Published"
    EMBEDDING_LEARNING = "embedding_learning", "Embedding learning"


class Route(models.Model):
    partnership = models.ForeignKey("partnerships.Partnership", on_delete=models.CASCADE, related_name="routes")
    kind = models.CharField(max_length=30, choices=RouteKind.choices)
    name = models.CharField(max_length=120, help_text="What your partnership calls it, for example “MARL”.")
    description = models.TextField(blank=True)
    statutory = models.BooleanField(default=False)
    order = models.PositiveSmallIntegerField(default=0)
    lock_version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["order", "pk"]
        constraints = [models.UniqueConstraint(fields=["partnership", "kind"], name="one_route_of_each_kind")]

    def __str__(self) -> str:
        return self.name


class Stage(models.Model):
    route = models.ForeignKey(Route, on_delete=models.CASCADE, related_name="stages")
    name = models.CharField(max_length=120)
    milestone = models.CharField(max_length=30, choices=Milestone.choices, blank=True)
    description = models.TextField(blank=True, help_text="What happens in this stage.")
    expected_documents = models.TextField(blank=True, help_text="One document per line.")
    # Lines of expected_documents that must be uploaded as a file before the stage can be completed.
    required_documents = models.TextField(blank=True, help_text="One document per line.")
    order = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(default=True)
    lock_version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["route", "milestone"], condition=~models.Q(milestone=""),
                                    name="one_stage_per_milestone"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def documents(self) -> list[str]:
        return [line.strip() for line in self.expected_documents.splitlines() if line.strip()]

    @property
    def required(self) -> list[str]:
        expected = set(self.documents)
        return [line.strip() for line in self.required_documents.splitlines() if line.strip() in expected]


class CaseEvent(models.TextChoices):
    """Dated events on a case that start or stop a clock."""

    AWARE = "aware", "the local authority became aware"
    NOTIFIED = "notified", "the notification to the National Panel"
    RAPID_REVIEW_SENT = "rapid_review_sent", "the rapid review was sent to the Panel"
    DECIDED = "decided", "the decision"
    TERMS_OF_REFERENCE = "terms_of_reference", "the terms of reference were agreed"
    PUBLICATION_PLANNED = "publication_planned", "the planned publication"
    NOTICE_SENT = "notice_sent", "the pre-publication notice was sent"
    PUBLISHED = "published", "publication"
    REVIEW_COMPLETED = "review_completed", "the review was completed"
    # Safeguarding adults reviews: no national notification; the board's own clocks start here.
    REFERRAL_RECEIVED = "referral_received", "the board received the referral"
    ACKNOWLEDGED = "acknowledged", "the referral was acknowledged"
    INFORMATION_COMPLETE = "information_complete", "the agencies' information was complete"
    SUBGROUP_RECOMMENDED = "subgroup_recommended", "the SAR subgroup's recommendation"
    RAPID_TIME_COMMISSIONED = "rapid_time_commissioned", "a SAR in rapid time was commissioned"
    # Domestic abuse related death reviews: the police tell the community safety partnership.
    POLICE_NOTIFIED = "police_notified", "the police notified the community safety partnership"
    HOME_OFFICE_TOLD = "home_office_told", "the Home Office was told of the decision"
    HO_QA_SUBMITTED = "ho_qa_submitted", "the report went to the Home Office's quality assurance panel"
    COMMISSIONER_COPY_SENT = "commissioner_copy_sent", "the report was sent to the Domestic Abuse Commissioner"
    # Anchors for requests to agencies: each request keeps its own dates, not the case.
    REQUEST_SENT = "request_sent", "the request was sent"
    REQUEST_SUBMITTED = "request_submitted", "the agency submitted its return"


class ClockUnit(models.TextChoices):
    WORKING_DAYS = "working_days", "working days"
    CALENDAR_DAYS = "calendar_days", "calendar days"
    CALENDAR_MONTHS = "calendar_months", "calendar months"


class ClockRuleQuerySet(models.QuerySet):
    def current(self):
        return self.filter(retired_at__isnull=True)


class ClockRule(models.Model):
    """One version of one deadline rule. Versions are never edited: a change retires this row
    and adds the next version, so a clock can always say which rule set its date."""

    partnership = models.ForeignKey("partnerships.Partnership", on_delete=models.CASCADE, related_name="clock_rules")
    key = models.SlugField(max_length=40)
    version = models.PositiveIntegerField(default=1)
    name = models.CharField(max_length=120)
    anchor = models.CharField(max_length=30, choices=CaseEvent.choices)
    offset = models.IntegerField(help_text="Negative for a deadline before the anchor.")
    unit = models.CharField(max_length=20, choices=ClockUnit.choices)
    met_by = models.CharField(max_length=30, choices=CaseEvent.choices)
    route_kind = models.CharField(max_length=30, choices=RouteKind.choices, blank=True,
                                  help_text="Only cases on this route get the clock. Blank: every case.")
    statutory = models.BooleanField(default=False)
    paused_by_holds = models.BooleanField(default=False)
    reminder_working_days = models.PositiveSmallIntegerField(default=3)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    change_reason = models.CharField(max_length=300, blank=True)
    retired_at = models.DateTimeField(null=True, blank=True)

    objects = ClockRuleQuerySet.as_manager()

    class Meta:
        ordering = ["partnership", "key", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "key", "version"], name="unique_rule_version"),
            models.UniqueConstraint(fields=["partnership", "key"], condition=models.Q(retired_at__isnull=True),
                                    name="one_current_version_per_rule"),
        ]

    def __str__(self) -> str:
        return f"{self.name} (version {self.version})"

    @property
    def describe(self) -> str:
        """“15 working days after the notification to the National Panel”."""
        amount = abs(self.offset)
        unit = self.get_unit_display()
        if amount == 1:
            unit = unit.removesuffix("s")
        direction = "before" if self.offset < 0 else "after"
        return f"{amount} {unit} {direction} {self.get_anchor_display()}"


class ReminderSubject(models.TextChoices):
    """What the reminder engine (process.reminders) chases: each has its own rule per partnership."""

    CLOCK = "clock", "Case deadlines"
    AGENCY_REQUEST = "agency_request", "Requests to agencies"
    ACTION = "action", "Improvement actions"


class ReminderRule(models.Model):
    """When a partnership reminds people of a deadline, and whether and when an unmet one goes to
    the business unit. A deadline whose own clock rule sets a reminder keeps that reminder."""

    partnership = models.ForeignKey("partnerships.Partnership", on_delete=models.CASCADE,
                                    related_name="reminder_rules")
    subject = models.CharField(max_length=20, choices=ReminderSubject.choices)
    unit = models.CharField(max_length=20, choices=[(ClockUnit.WORKING_DAYS, "working days"),
                                                    (ClockUnit.CALENDAR_DAYS, "calendar days")],
                            default=ClockUnit.WORKING_DAYS)
    remind_before = models.PositiveSmallIntegerField(default=3)
    escalate_after = models.PositiveSmallIntegerField(null=True, blank=True,
                                                      help_text="Blank: an unmet deadline is never escalated.")
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    lock_version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["partnership", "subject"]
        constraints = [models.UniqueConstraint(fields=["partnership", "subject"], name="one_reminder_rule_per_subject")]

    def __str__(self) -> str:
        return self.get_subject_display()

    def _amount(self, amount: int) -> str:
        unit = self.get_unit_display()
        return f"{amount} {unit.removesuffix('s') if amount == 1 else unit}"

    @property
    def describe_reminder(self) -> str:
        return f"{self._amount(self.remind_before)} before the due date"

    @property
    def describe_escalation(self) -> str:
        if self.escalate_after is None:
            return "Never"
        if self.escalate_after == 0:
            return "The day after the due date"
        return f"{self._amount(self.escalate_after)} after the due date"


class NonWorkingDay(models.Model):
    """A day that is not a working day: an England and Wales bank holiday (for every
    partnership) or a partnership's own closure day."""

    class Kind(models.TextChoices):
        BANK_HOLIDAY = "bank_holiday", "Bank holiday"
        LOCAL_CLOSURE = "local_closure", "Local closure day"

    date = models.DateField()
    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.BANK_HOLIDAY)
    partnership = models.ForeignKey("partnerships.Partnership", on_delete=models.CASCADE, null=True, blank=True,
                                    related_name="non_working_days")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")

    class Meta:
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["date"], condition=models.Q(partnership__isnull=True),
                                    name="one_national_entry_per_date"),
            models.UniqueConstraint(fields=["date", "partnership"], name="one_local_entry_per_date"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({format_date(self.date)})"
