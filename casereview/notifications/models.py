"""Messages to people in the service. They name a case by its reference only."""

from django.conf import settings
from django.db import models


class Notification(models.Model):
    class Kind(models.TextChoices):
        NEW_REFERRAL = "new_referral", "New referral"
        TRANSITION = "transition", "Case moved on"
        DEADLINE_APPROACHING = "deadline_approaching", "Deadline approaching"
        DEADLINE_MISSED = "deadline_missed", "Deadline missed"
        DEADLINE_ESCALATED = "deadline_escalated", "Missed deadline escalated"
        RULE_CHANGED = "rule_changed", "Clock rule changed"
        NEW_REQUEST = "new_request", "New request for information"
        REQUEST_REMINDER = "request_reminder", "Request due soon"
        REQUEST_OVERDUE = "request_overdue", "Request overdue"
        REQUEST_ESCALATED = "request_escalated", "Overdue request escalated"
        REQUEST_CHASED = "request_chased", "Reminder from the business unit"
        REQUEST_DUE_CHANGED = "request_due_changed", "Request due date changed"
        ACTION_DUE_SOON = "action_due_soon", "Improvement action due soon"
        ACTION_OVERDUE = "action_overdue", "Improvement action overdue"
        ACTION_ESCALATED = "action_escalated", "Overdue improvement action escalated"
        DECISION_WAITING = "decision_waiting", "Decision waiting for the partners"
        APPROVAL_WAITING = "approval_waiting", "Report waiting for approval"
        QUALITY_WAITING = "quality_waiting", "Report waiting for quality assurance"
        SCREENING_OUTCOME = "screening_outcome", "Your referral was screened"
        CONTRIBUTION_SUBMITTED = "contribution_submitted", "Contribution submitted"
        CONTRIBUTION_RETURNED = "contribution_returned", "Contribution returned for more"
        CONTRIBUTION_USED = "contribution_used", "Your contribution was used"
        ROLE_PROPOSED = "role_proposed", "Role waiting for confirmation"
        ROLE_DECIDED = "role_decided", "Role confirmed or declined"
        EXPORT_READY = "export_ready", "Your export is ready"

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    message = models.CharField(max_length=300)
    path = models.CharField(max_length=200, help_text="Where the message points, inside the service.")
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return self.message
