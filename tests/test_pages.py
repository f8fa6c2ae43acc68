"""Security headers, the strict CSP, no inline code on any page, and design-system error pages."""

import re

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from tests.factories import sign_in
from tests.test_access_by_role import EXPECTED, _kwargs


def _assert_headers(response):
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert re.search(r"script-src 'self'( 'nonce-[^']+')?;", csp)
    assert "style-src 'self';" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] in {"same-origin", "no-referrer", "strict-origin"}
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "camera=()" in response.headers["Permissions-Policy"]


def _assert_no_inline_code(html: str, name: str):
    soup = BeautifulSoup(html, "html.parser")
    for script in soup.find_all("script"):
        if script.get("type") == "application/json":
            continue  # a data block, never executed
        assert script.get("src"), f"{name}: inline <script>"
    assert not soup.find_all("style"), f"{name}: <style> element"
    assert not soup.select("[style]"), f"{name}: style attribute"
    for tag in soup.find_all(True):
        assert not [a for a in tag.attrs if a.lower().startswith("on")], f"{name}: inline event handler"


def test_every_page_has_the_headers_and_no_inline_code(client, world):
    sign_in(client, world.people["bu_manager"])
    checked = 0
    for name, (_, method) in EXPECTED.items():
        if method != "get" or name.startswith("otp_webauthn"):
            continue
        response = client.get(reverse(name, kwargs=_kwargs(name, world, "bu_manager")))
        if response.status_code in (301, 302):
            response = client.get(response["Location"])
        _assert_headers(response)
        if "text/html" in response.headers.get("Content-Type", ""):
            _assert_no_inline_code(response.content.decode(), name)
            checked += 1
    assert checked >= 20


@pytest.mark.django_db  # the privacy notice prints each partnership's retention schedule
@pytest.mark.parametrize("path", ["/", "/sign-in/", "/accessibility/", "/privacy/", "/cookies/"])
def test_public_pages_have_exit_this_page(client, path):
    soup = BeautifulSoup(client.get(path).content, "html.parser")
    exit_button = soup.select_one('[data-module="govuk-exit-this-page"] a')
    if path == "/sign-in/":
        assert exit_button is None  # staff pages, not read by people at risk
    else:
        assert exit_button is not None and exit_button["href"] == "https://www.bbc.co.uk/weather"


def test_exit_this_page_destination_is_configurable(client, settings):
    settings.EXIT_THIS_PAGE_URL = "https://www.example.com/"
    soup = BeautifulSoup(client.get("/").content, "html.parser")
    assert soup.select_one('[data-module="govuk-exit-this-page"] a')["href"] == "https://www.example.com/"


def test_not_found_page_is_the_design_system_one(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    _assert_headers(response)


def test_access_denied_page_explains_what_to_do(client, world):
    sign_in(client, world.people["agency_rep_elsewhere"])
    response = client.get(reverse("cases:detail", args=[world.case.reference]))
    assert response.status_code == 403
    body = response.content.decode()
    assert "You do not have access to this page" in body and "Child A" not in body


def test_server_error_page(rf, db):
    from casereview.govuk.errors import server_error

    request = rf.get("/")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    response = server_error(request)
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in response.content.decode()


def test_forms_show_the_error_summary_linked_to_fields(client, db):
    response = client.post(reverse("accounts:sign-in"), {"email": "", "password": ""})
    soup = BeautifulSoup(response.content, "html.parser")
    summary = soup.select_one(".govuk-error-summary")
    assert summary is not None
    links = [a["href"] for a in summary.select("a")]
    assert links == ["#id_email", "#id_password"]
    assert soup.title.text.startswith("Error: ")
    assert soup.select_one("#id_email-error")


def test_healthz_is_readiness_and_does_not_fail_for_the_task_queue(client, db):
    for url in ("/healthz", "/healthz/ready"):
        response = client.get(url)
        assert response.status_code == 200
        assert response.json() == {"status": "ok", "database": "ok", "file_store": "ok"}
    assert client.get("/healthz/live").json() == {"status": "ok"}


def test_logs_do_not_carry_identifying_details():
    from casereview.govuk.logging import redact

    line = redact('GET /cases/?q=smith HTTP/1.1 jane.doe@example.org lives at AB1 2CD')
    assert "smith" not in line and "jane.doe" not in line and "AB1 2CD" not in line
