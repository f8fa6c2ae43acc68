"""Signing in through an organisation's identity provider with OpenID Connect (Authlib, BSD): the
authorisation code flow with a nonce and state, the ID token's signature checked against the
provider's published keys. Who the person is comes from the token's email, which must be in one of
the provider's domains and belong to an active account here. Their second factor counts only if the
token's `amr` says the provider checked one."""

from __future__ import annotations

from authlib.integrations.django_client import OAuth
from django.contrib.auth import login
from django_otp import login as otp_login

from casereview.accounts.models import User
from casereview.accounts.sudo import sudo_grant
from casereview.audit.models import Action
from casereview.audit.services import audit_record
from casereview.sso.models import IdentityProvider, ProviderSecondFactor

SESSION_KEY = "sso_provider"
BACKEND = "django.contrib.auth.backends.ModelBackend"


class Refused(Exception):
    """A sign-in this service does not accept, with the reason to show and record."""


def client_for(provider: IdentityProvider):
    # A registry per sign-in, so a changed provider is read afresh; discovery is fetched lazily.
    return OAuth().register(name=f"provider{provider.pk}", client_id=provider.client_id,
                            client_secret=provider.client_secret, server_metadata_url=provider.discovery_url,
                            client_kwargs={"scope": "openid email profile", "timeout": 15})


def person_for(provider: IdentityProvider, claims: dict) -> User:
    email = str(claims.get("email") or claims.get("preferred_username") or "").strip().lower()
    if not email or email.rpartition("@")[2] not in provider.domains:
        raise Refused("the provider did not name an email address in its domains")
    if claims.get("email_verified") is False:
        raise Refused("the provider has not verified the email address")
    user = User.objects.filter(email__iexact=email, is_active=True).first()
    if user is None:
        raise Refused("no active account has that email address")
    return user


def provider_checked_second_factor(claims: dict) -> bool:
    return "mfa" in [str(a).lower() for a in claims.get("amr") or []]


def sign_in(request, provider: IdentityProvider, claims: dict) -> bool:
    """Signs the person in; returns whether their second factor is already satisfied."""
    user = person_for(provider, claims)
    login(request, user, backend=BACKEND)
    sudo_grant(request)
    mfa = provider_checked_second_factor(claims)
    if mfa:
        device, _ = ProviderSecondFactor.objects.get_or_create(
            user=user, provider=provider, defaults={"name": provider.name, "confirmed": True})
        otp_login(request, device)
    audit_record(action=Action.SIGN_IN, actor=user, target=user, partnership_id=provider.partnership_id,
                 code="sso.signed_in", params={"provider": provider.name, "mfa": mfa})
    return mfa
