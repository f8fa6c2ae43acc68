"""Tokens for the read-only API, one partnership each. Only a digest of each token is kept: the
token itself is shown once, to the business unit manager who issues it, and never again."""

from __future__ import annotations

from django.conf import settings
from django.db import models

USER = settings.AUTH_USER_MODEL


class Scope(models.TextChoices):
    CASES = "cases", "Cases and their clocks (pseudonymised)"
    ACTIONS = "actions", "Improvement actions"
    DASHBOARD = "dashboard", "Dashboard figures"
    RETURNS = "returns", "The NHS Safeguarding Case Review Tracker return"


class ApiToken(models.Model):
    partnership = models.ForeignKey("partnerships.Partnership", on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100, help_text="Who uses it and for what, e.g. “Performance team's Power BI”.")
    # The first characters of the token, shown so people can tell their tokens apart.
    prefix = models.CharField(max_length=16)
    digest = models.CharField(max_length=64, unique=True)
    scopes = models.JSONField(default=list)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_on = models.DateField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def scope_labels(self) -> list[str]:
        return [str(Scope(s).label) for s in self.scopes if s in Scope.values]
