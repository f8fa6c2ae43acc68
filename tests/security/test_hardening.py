"""The small hardening of finding 7: control characters, logs, messages, re-entering the
password, the session key at the second factor, keep-alive, and refused requests counted."""

from __future__ import annotations

import io
import logging
from datetime import date

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse

from casereview.audit.models import Action, AuditEvent, RefusedAccess
from casereview.contributions.models import ChronologyEntry
from casereview.govuk.logging import RedactFilter
from casereview.partnerships.models import Role, RoleAssignment
from tests.contributions.helpers import ask_three, submit_entries
from tests.factories import sign_in
from tests.test_signin import current_code, password_step


def test_control_characters_are_dropped_from_what_people_post(client, world):
    sign_in(client, world.people["bu_manager"])
    client.post(reverse("partnerships:person", args=[world.partnership.slug, world.people["agency_rep"].pk]),
                {"roles": [Role.AGENCY_REPRESENTATIVE, Role.PARTNER_LA], "reason": "New\x0b DSP\x1b from May"})
    from casereview.partnerships.models import RoleProposal

    assert RoleProposal.objects.get().reason == "New DSP from May"


def test_merged_exports_survive_control_characters_already_stored(client, world):
    police = ask_three(world)["police"]
    submit_entries(world, police, "agency_rep", [{"on": date(2026, 1, 5)}])
    ChronologyEntry.objects.filter(case=world.case).update(event="Visit\x0b with\x1b escape", outcome="\x07x")
    sign_in(client, world.people["bu_officer"])
    for fmt in ("xlsx", "docx"):
        response = client.get(reverse("contributions:export", args=[world.case.reference, fmt]))
        assert response.status_code == 200, fmt
    from openpyxl import load_workbook

    response = client.get(reverse("contributions:export", args=[world.case.reference, "xlsx"]))
    values = [c for row in load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True) for c in row]
    assert "Visit with escape" in values


def test_an_exceptions_message_never_reaches_the_log():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RedactFilter())
    logger = logging.getLogger("tests.hardening")
    logger.addHandler(handler)
    typed = "Jordan Example was seen"  # as a person typed it; tracebacks show source lines, not values
    try:
        try:
            try:
                raise ValueError(f"All strings must be XML compatible: {typed!r}")
            except ValueError as inner:
                raise RuntimeError(f"while exporting {typed}") from inner
        except RuntimeError:
            logger.exception("Export failed")
    finally:
        logger.removeHandler(handler)
    written = stream.getvalue()
    assert "Export failed" in written and "builtins.ValueError: [message withheld]" in written
    assert "RuntimeError" in written and "Jordan" not in written


def test_confirmation_messages_stay_on_the_server(client, world):
    sign_in(client, world.people["bu_manager"])
    response = client.post(reverse("partnerships:invite", args=[world.partnership.slug]), {
        "full_name": "Jordan Newperson", "email": "jordan.newperson@test.example",
        "agency": world.agencies["police"].pk, "roles": [Role.AGENCY_REPRESENTATIVE]})
    assert response.status_code == 302
    assert "messages" not in response.cookies
    assert "jordan.newperson@test.example" in client.get(response["Location"]).content.decode()


@pytest.mark.parametrize("name, method, args", [
    ("accounts:recovery-codes", "post", []),
    ("accounts:set-up-authenticator", "get", []),
    ("accounts:add-passkey", "get", []),
    ("partnerships:person", "post", ["slug", "agency_rep"]),
    ("partnerships:remove", "post", ["slug", "agency_rep"]),
])
def test_sensitive_changes_ask_for_the_password_again(client, world, name, method, args):
    sign_in(client, world.people["bu_manager"], password_just_entered=False)
    values = [world.partnership.slug if a == "slug" else world.people[a].pk for a in args]
    before = set(RoleAssignment.objects.values_list("pk", flat=True))
    response = getattr(client, method)(reverse(name, args=values), {"roles": [Role.LEAD_REVIEWER]})
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:confirm-password"))
    assert set(RoleAssignment.objects.values_list("pk", flat=True)) == before


def test_the_password_prompt_lets_the_change_through_for_ten_minutes(client, world):
    sign_in(client, world.people["bu_manager"], password_just_entered=False)
    url = reverse("partnerships:person", args=[world.partnership.slug, world.people["agency_rep"].pk])
    confirm = reverse("accounts:confirm-password")
    wrong = client.post(confirm, {"password": "not it", "next": url})
    assert "The password is not correct" in wrong.content.decode()
    assert client.post(confirm, {"password": "a long test password for everyone", "next": url})["Location"] == url
    client.post(url, {"roles": [Role.AGENCY_REPRESENTATIVE, Role.LEAD_REVIEWER]})
    assert RoleAssignment.objects.filter(person=world.people["agency_rep"], role=Role.LEAD_REVIEWER).exists()


def test_the_session_key_changes_at_the_second_factor(client, world):
    password_step(client, "bu_manager@test.example")
    before = client.session.session_key
    client.post(reverse("accounts:second-factor"), {"code": current_code()})
    after = client.session.session_key
    assert before and after and before != after
    assert not Session.objects.filter(session_key=before).exists()
    assert client.get(reverse("cases:list")).status_code == 200
    from casereview.accounts.models import UserSession

    assert UserSession.objects.filter(session_key=after).exists()  # leavers' sessions can still be ended


def test_keep_alive_needs_the_second_factor(client, world):
    password_step(client, "bu_manager@test.example")
    response = client.post(reverse("accounts:keep-alive"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:second-factor"))


def test_refused_requests_are_counted_not_listed(client, world):
    sign_in(client, world.people["agency_rep_elsewhere"])
    url = reverse("partnerships:audit", args=[world.partnership.slug])
    for _ in range(50):
        assert client.get(url).status_code == 403
    row = RefusedAccess.objects.get()
    assert row.count == 50 and row.url_pattern == "partnerships:audit"
    assert not AuditEvent.objects.filter(action=Action.ACCESS_DENIED).exists()
    manager = type(client)()
    sign_in(manager, world.people["bu_manager"])
    page = manager.get(url).content.decode()
    assert "partnerships:audit" in page and ">50<" in page


def test_the_passkey_endpoints_need_the_password_too(client, world):
    sign_in(client, world.people["bu_manager"], password_just_entered=False)
    response = client.post(reverse("otp_webauthn:credential-registration-begin"))
    assert response.status_code == 403
    sign_in(client, world.people["bu_manager"])
    assert client.post(reverse("otp_webauthn:credential-registration-begin")).status_code != 403
