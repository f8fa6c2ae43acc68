"""Messages to people in the service. They name a case by its reference only, and are stored as a
kind and parameters, worded when shown (notifications.wording)."""

from django.conf import settings
from django.db import models

from casereview.notifications.wording import words_of


class Notification(models.Model):
    class Kind(models.TextChoices):
        NEW_REFERRAL = "new_referral", "New referral"
        TRANSITION = "transition", "Case moved on"
        DEADLINE_APPROACHING = "deadline_approaching", "Deadline approaching"
        DEADLINE_MISSED = "deadline_missed", "Deadline missed"
        DEADLINE_ESCALATED = "deadline_escalated", "Missed deadline escalated"
        NEW_REQUEST = "new_request", "New request for information"
        REQUEST_REMINDER = "request_reminder", "Request due soon"
        REQUEST_OVERDUE = "request_overdue", "Request overdue"
        REQUEST_ESCALATED = "request_escalated", "Overdue request escalated"
        REQUEST_CHASED = "request_chased", "Reminder from the business unit"
        REQUEST_DUE_CHANGED = "request_due_changed", "Request due date changed"
        ACTION_DUE_SOON = "action_due_soon", "Improvement action due soon"
        ACTION_OVERDUE = "action_overdue", "Improvement action overdue"
        ACTION_ESCALATED = "action_escalated", "Overdue improvement action escalated"
        ACTION_ASSIGNED = "action_assigned", "Improvement action for you to lead"
        DECISION_WAITING = "decision_waiting", "Decision waiting for the partners"
        APPROVAL_WAITING = "approval_waiting", "Report waiting for approval"
        QUALITY_WAITING = "quality_waiting", "Report waiting for quality assurance"
        REPORT_CHANGED = "report_changed", "Report changed after your approval"
        FACT_CHECK_REQUESTED = "fact_check_requested", "Report waiting for your factual accuracy check"
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
    params = models.JSONField(default=dict, blank=True,
                              help_text="What the wording of this kind needs: codes, references and ISO dates.")
    message = models.CharField(max_length=300, blank=True,
                               help_text="Only on rows made before notifications were worded when shown.")
    path = models.CharField(max_length=200, help_text="Where the message points, inside the service.")
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        return words_of(self)
