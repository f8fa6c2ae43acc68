"""Small helpers for signing in, shared by the views and django-axes."""

from django.conf import settings
from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme


def axes_username(request: HttpRequest, credentials: dict | None = None) -> str:
    """The email address typed in, normalised, so "A@x" and "a@x " lock the same account."""
    if credentials:
        value = credentials.get("username") or credentials.get("email") or ""
    else:
        value = request.POST.get("email", "")
    return str(value).strip().lower()


def safe_next(request: HttpRequest, default: str) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default


def session_timeout_minutes() -> int:
    return max(1, settings.SESSION_COOKIE_AGE // 60)
