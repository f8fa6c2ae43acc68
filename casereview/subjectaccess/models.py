"""A subject access request: the person asking, as they named themselves, kept apart like the
identifying details of a case, and what was released to them. The audit trail names the request by
its number, never the person."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models

from casereview.process.workdays import add_months

USER = settings.AUTH_USER_MODEL


def one_month_after(day: date) -> date:
    """The ICO's calendar month: the same day next month, or its last day where there is no such day."""
    return add_months(day, 1)


class SubjectAccessRequest(models.Model):
    partnership = models.ForeignKey("partnerships.Partnership", on_delete=models.PROTECT,
                                    related_name="subject_access_requests")
    full_name = models.CharField(max_length=200)
    other_names = models.CharField(max_length=300, blank=True, help_text="Aliases and previous names, separated by "
                                                                         "commas.")
    date_of_birth = models.DateField(null=True, blank=True)
    received_on = models.DateField(help_text="The one-month time limit runs from this day.")
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    exported_at = models.DateTimeField(null=True, blank=True)
    exported_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    exports = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-received_on", "-pk"]

    def __str__(self) -> str:
        return f"Subject access request {self.pk}"

    @property
    def names(self) -> list[str]:
        return [n for n in [self.full_name.strip(), *(a.strip() for a in self.other_names.split(","))] if n]
