"""The partnership's meetings about cases: rapid review meetings, review panels and the case review
group. A meeting has its attendees (invited, then present or sending apologies), an agenda whose
items name cases and carry papers from the case documents, minutes, decisions and actions. A
decision may move the case on: the item then points to the lifecycle steps it took."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

USER = settings.AUTH_USER_MODEL


class MeetingKind(models.TextChoices):
    RAPID_REVIEW = "rapid_review", "Rapid review meeting"
    REVIEW_PANEL = "review_panel", "Review panel meeting"
    CASE_REVIEW_GROUP = "case_review_group", "Case review group"


class MeetingState(models.TextChoices):
    PLANNED = "planned", "Planned"
    HELD = "held", "Held: minutes being written"
    CLOSED = "closed", "Minutes agreed"
    CANCELLED = "cancelled", "Cancelled"


class Meeting(models.Model):
    partnership = models.ForeignKey("partnerships.Partnership", on_delete=models.PROTECT, related_name="meetings")
    kind = models.CharField(max_length=30, choices=MeetingKind.choices)
    starts_at = models.DateTimeField()
    duration_minutes = models.PositiveSmallIntegerField(default=90)
    # "Microsoft Teams", a room: never an address that would place a family.
    location = models.CharField(max_length=200)
    chair = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    state = models.CharField(max_length=20, choices=MeetingState.choices, default=MeetingState.PLANNED)
    notes = models.TextField(blank=True, help_text="Minutes that belong to no one agenda item.")
    # The calendar's identity for this meeting, and how many times its time or place changed.
    uid = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
    sequence = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    lock_version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-starts_at", "-pk"]
        indexes = [models.Index(fields=["partnership", "starts_at"], name="meeting_partnership_start")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}, {self.starts_at:%Y-%m-%d}"

    @property
    def papers_open(self) -> bool:
        """Attendees read the papers while the meeting is ahead or its minutes are being written."""
        return self.state in (MeetingState.PLANNED, MeetingState.HELD)


class Attendance(models.TextChoices):
    INVITED = "invited", "Invited"
    PRESENT = "present", "Attended"
    APOLOGIES = "apologies", "Sent apologies"
    ABSENT = "absent", "Did not attend"


class Attendee(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendees")
    person = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="meeting_places")
    attendance = models.CharField(max_length=20, choices=Attendance.choices, default=Attendance.INVITED)
    # The meeting's sequence the last invitation carried: lower than the meeting's means the person
    # has not yet been sent the current time and place.
    invited_sequence = models.IntegerField(default=-1)
    added_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["person__full_name", "pk"]
        constraints = [models.UniqueConstraint(fields=["meeting", "person"], name="one_place_per_meeting")]

    def __str__(self) -> str:
        return f"{self.person} at {self.meeting}"


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField()
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, null=True, blank=True,
                             related_name="agenda_items")
    title = models.CharField(max_length=200)
    papers = models.ManyToManyField("casefiles.CaseDocument", blank=True, related_name="agenda_items")
    minutes = models.TextField(blank=True)
    decision = models.TextField(blank=True)
    # The lifecycle steps the decision took: a rapid review meeting records the meeting and the
    # partners' agreement, then sends the review to the Panel.
    steps = models.ManyToManyField("cases.CaseTransition", blank=True, related_name="+")
    lock_version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["meeting", "position", "pk"]

    def __str__(self) -> str:
        return self.title


class MeetingAction(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="actions")
    item = models.ForeignKey(AgendaItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="actions")
    description = models.CharField(max_length=300)
    owner = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="meeting_actions")
    due_on = models.DateField()
    done_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["owner", "done_on"], name="meeting_action_owner")]

    def __str__(self) -> str:
        return self.description
