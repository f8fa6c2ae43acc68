"""Organisations' identity providers (Microsoft Entra ID first): who signs in through which, by
the domain of their email address. Roles stay in this service: the provider says who someone is,
never what they may do."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django_otp.models import Device

USER = settings.AUTH_USER_MODEL


class IdentityProvider(models.Model):
    partnership = models.ForeignKey("partnerships.Partnership", on_delete=models.CASCADE,
                                    related_name="identity_providers")
    name = models.CharField(max_length=120, help_text="What people see: “Wessex County Council staff account”.")
    issuer = models.URLField(max_length=300, help_text="For Microsoft Entra ID: "
                                                       "https://login.microsoftonline.com/<tenant id>/v2.0")
    client_id = models.CharField(max_length=200)
    client_secret = models.CharField(max_length=300)
    email_domains = models.CharField(max_length=500, help_text="The email domains whose people sign in here, "
                                                               "separated by commas.")
    active = models.BooleanField(default=True)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    lock_version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["partnership", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def domains(self) -> list[str]:
        return [d.strip().lower().lstrip("@") for d in self.email_domains.split(",") if d.strip()]

    @property
    def discovery_url(self) -> str:
        return f"{self.issuer.rstrip('/')}/.well-known/openid-configuration"


class ProviderSecondFactor(Device):
    """Marks a session whose second factor the identity provider checked (its token's `amr` says
    "mfa"). It verifies no code of its own: it exists so the sign-in records which factor passed."""

    provider = models.ForeignKey(IdentityProvider, on_delete=models.CASCADE, related_name="+")

    def verify_token(self, token) -> bool:
        return False
