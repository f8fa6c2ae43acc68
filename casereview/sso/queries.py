from __future__ import annotations

from urllib.parse import urlsplit

from casereview.sso.models import IdentityProvider


def sso_offered() -> bool:
    """Whether the sign-in page offers "sign in with your organisation's account"."""
    return IdentityProvider.objects.filter(active=True).exists()


def provider_origins() -> list[str]:
    origins = set()
    for issuer in IdentityProvider.objects.filter(active=True).values_list("issuer", flat=True):
        parts = urlsplit(issuer)
        origins.add(f"{parts.scheme}://{parts.netloc}")
    return sorted(origins)


def provider_for(email: str) -> IdentityProvider | None:
    domain = email.rpartition("@")[2].strip().lower()
    if not domain:
        return None
    for provider in IdentityProvider.objects.filter(active=True).order_by("pk"):
        if domain in provider.domains:
            return provider
    return None
