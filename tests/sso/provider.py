"""Driving the test OpenID Connect provider (scripts/oidc_test_provider): registering redirect
addresses and people, and signing in at it over HTTP as a browser would."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import requests

ROOT = Path(__file__).resolve().parents[2]
CLIENT_ID, CLIENT_SECRET = "casereview-test", "casereview-test-secret"  # noqa: S105 (the test provider's)
PASSWORD = "provider password"  # noqa: S105


def setup(issuer: str, *, redirect: str | None = None, users: tuple[str, ...] = ()) -> None:
    """Registers a redirect address and people ("email" or "email:mfa") at the provider."""
    port = urlsplit(issuer).port
    args = [sys.executable, str(ROOT / "scripts" / "oidc_test_provider" / "manage.py"), "test_setup"]
    if redirect:
        args += ["--redirect", redirect]
    for user in users:
        email, _, mfa = user.partition(":")
        args += ["--user", f"{email}:{PASSWORD}" + (":mfa" if mfa else "")]
    env = {**os.environ, "OIDC_TEST_STATE": str(ROOT / "var" / "oidc" / str(port)),
           "OIDC_TEST_SITE_URL": f"http://127.0.0.1:{port}"}
    subprocess.run(args, check=True, env=env, capture_output=True, timeout=60)  # noqa: S603


def sign_in_at_provider(authorize_url: str, email: str, back_to: str) -> str:
    """Follows the provider's pages from the authorisation address, signing in as `email`, until it
    sends the browser back to `back_to`; returns that address with its code and state."""
    session = requests.Session()
    url = authorize_url
    for _ in range(10):
        response = session.get(url, allow_redirects=False, timeout=10)
        if response.status_code == 200 and "csrfmiddlewaretoken" in response.text:
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.text)[1]
            next_url = re.search(r'name="next" value="([^"]*)"', response.text)[1]
            response = session.post(url, data={"csrfmiddlewaretoken": token, "username": email,
                                               "password": PASSWORD, "next": next_url.replace("&amp;", "&")},
                                    headers={"Referer": url}, allow_redirects=False, timeout=10)
        location = urljoin(url, response.headers.get("Location", ""))
        if location.startswith(back_to):
            return location
        if response.status_code not in (301, 302):
            raise AssertionError(f"The provider answered {response.status_code}: {response.text[:300]}")
        url = location
    raise AssertionError("The provider never sent the browser back")
