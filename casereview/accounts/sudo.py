"""Re-entering the password before changing what protects an account or who holds which role.

For ten minutes after a person types their password (at sign-in or on the confirm page) they
may change second factors, recovery codes and roles; after that they are asked again. A
session taken over while someone is away from their desk cannot then lock them out or give
itself more power."""

from __future__ import annotations

import time
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

SUDO_SECONDS = 600
_KEY = "sudo_until"


def sudo_grant(request: HttpRequest) -> None:
    request.session[_KEY] = int(time.time()) + SUDO_SECONDS


def sudo_active(request: HttpRequest) -> bool:
    return int(request.session.get(_KEY, 0)) > time.time()


def sudo_redirect(request: HttpRequest, next_url: str | None = None) -> HttpResponse | None:
    """None when the password was entered recently; otherwise the way to the confirm page. Views
    call it after their own permission check, so a refusal is never disguised as a prompt."""
    if sudo_active(request):
        return None
    target = next_url or request.get_full_path()
    return redirect(f"{reverse('accounts:confirm-password')}?{urlencode({'next': target})}")
