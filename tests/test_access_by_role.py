"""Every URL pattern, for every kind of person: allowed or refused as the access rules say.

A new URL without an entry in EXPECTED fails this test, so no page can ship without a rule.
"""

from __future__ import annotations

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.factories import World, sign_in, sign_in_password_only

ANYONE = "anyone"
SIGNED_IN = "signed-in"  # password only is enough: the sign-in steps themselves
VERIFIED = "verified"  # any person past the second factor, whatever their roles

CASE_VIEWERS = {"bu_manager", "bu_officer", "chair", "partner_la", "partner_police", "partner_icb", "scrutineer",
                "lead_reviewer", "agency_rep"}
IDENTITY_VIEWERS = {"bu_manager", "bu_officer", "lead_reviewer", "agency_rep"}
CASE_MANAGERS = {"bu_manager", "bu_officer"}
PEOPLE_MANAGERS = {"bu_manager", "bu_officer", "sysadmin"}
AUDIT_VIEWERS = {"bu_manager", "scrutineer"}

# url name -> (who may, HTTP method)
EXPECTED: dict[str, tuple[object, str]] = {
    "site:home": (ANYONE, "get"),
    "site:accessibility": (ANYONE, "get"),
    "site:privacy": (ANYONE, "get"),
    "site:cookies": (ANYONE, "get"),
    "site:robots": (ANYONE, "get"),
    "site:healthz": (ANYONE, "get"),
    "accounts:sign-in": (ANYONE, "get"),
    "accounts:signed-out": (ANYONE, "get"),
    "accounts:timed-out": (ANYONE, "get"),
    "accounts:accept-invitation": (ANYONE, "get"),
    "accounts:second-factor": (SIGNED_IN, "get"),
    "accounts:recovery-code": (SIGNED_IN, "get"),
    "accounts:sign-out": (SIGNED_IN, "post"),
    "accounts:keep-alive": (SIGNED_IN, "post"),
    # Before the second factor only someone with no second factor may add one; everyone here has one.
    "accounts:set-up-authenticator": (VERIFIED, "get"),
    "accounts:account": (VERIFIED, "get"),
    "accounts:recovery-codes": (VERIFIED, "get"),
    "accounts:add-passkey": (VERIFIED, "get"),
    "accounts:remove-passkey": (VERIFIED, "post"),
    "accounts:change-password": (VERIFIED, "get"),
    "cases:list": (VERIFIED, "get"),
    "cases:detail": (CASE_VIEWERS, "get"),
    "cases:identity": (IDENTITY_VIEWERS, "get"),
    "cases:access-log": ({"bu_manager"}, "get"),
    "cases:add-member": (CASE_MANAGERS, "get"),
    "cases:remove-member": (CASE_MANAGERS, "post"),
    "partnerships:people": (PEOPLE_MANAGERS, "get"),
    "partnerships:invite": (PEOPLE_MANAGERS, "get"),
    "partnerships:person": (PEOPLE_MANAGERS, "get"),
    "partnerships:deactivate": (PEOPLE_MANAGERS, "get"),
    "partnerships:invitation-resend": (PEOPLE_MANAGERS, "post"),
    "partnerships:invitation-withdraw": (PEOPLE_MANAGERS, "post"),
    "partnerships:audit": (AUDIT_VIEWERS, "get"),
    "otp_webauthn:credential-registration-begin": (VERIFIED, "post"),
    "otp_webauthn:credential-registration-complete": (VERIFIED, "post"),
    "otp_webauthn:credential-authentication-begin": (SIGNED_IN, "post"),
    "otp_webauthn:credential-authentication-complete": (SIGNED_IN, "post"),
    "otp_webauthn:js-i18n-catalog": (SIGNED_IN, "get"),
}

PERSONAS = ["anonymous", "password_only", "bu_manager", "bu_officer", "chair", "partner_la", "partner_police",
            "partner_icb", "lead_reviewer", "agency_rep", "agency_rep_elsewhere", "scrutineer", "sysadmin",
            "other_partnership_manager"]


def all_url_names() -> set[str]:
    names: set[str] = set()

    def walk(patterns, namespace: str | None) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern):
                assert pattern.name, f"URL pattern {pattern.pattern} has no name, so it cannot be checked"
                names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)

    walk(get_resolver().url_patterns, None)
    return names


def test_every_url_pattern_has_an_access_rule():
    assert all_url_names() == set(EXPECTED), "Add each new URL to EXPECTED with who may see it"


def _kwargs(name: str, world: World, persona: str) -> dict:
    case, slug = world.case, world.partnership.slug
    return {
        "accounts:accept-invitation": {"token": "not-a-real-token"},
        "accounts:remove-passkey": {"credential_id": 999999},
        "cases:detail": {"reference": case.reference},
        "cases:identity": {"reference": case.reference},
        "cases:access-log": {"reference": case.reference},
        "cases:add-member": {"reference": case.reference, "role": "lead_reviewer"},
        "cases:remove-member": {"reference": case.reference, "membership_id": case.memberships.first().pk},
        "partnerships:people": {"slug": slug},
        "partnerships:invite": {"slug": slug},
        "partnerships:person": {"slug": slug, "person_id": world.people["agency_rep_elsewhere"].pk},
        "partnerships:deactivate": {"slug": slug, "person_id": world.people["agency_rep_elsewhere"].pk},
        "partnerships:invitation-resend": {"slug": slug, "invitation_id": world.invitation.pk},
        "partnerships:invitation-withdraw": {"slug": slug, "invitation_id": world.invitation.pk},
        "partnerships:audit": {"slug": slug},
    }.get(name, {})


def _allowed(rule, persona: str) -> bool:
    if rule == ANYONE:
        return True
    if persona == "anonymous":
        return False
    if rule == SIGNED_IN:
        return True
    if persona == "password_only":
        return False
    if rule == VERIFIED:
        return True
    return persona in rule


def _was_refused(response) -> bool:
    if response.status_code == 403:
        return True
    if response.status_code in (301, 302):
        location = response.headers.get("Location", "")
        return location.startswith(reverse("accounts:sign-in")) or location.startswith(
            reverse("accounts:second-factor"))
    return False


@pytest.mark.parametrize("persona", PERSONAS)
def test_access_by_role(world: World, persona: str):
    problems = []
    for name, (rule, method) in sorted(EXPECTED.items()):
        with transaction.atomic():
            client = Client(raise_request_exception=False)
            if persona == "password_only":
                sign_in_password_only(client, world.people["bu_manager"])
            elif persona != "anonymous":
                sign_in(client, world.people[persona])
            url = reverse(name, kwargs=_kwargs(name, world, persona))
            response = getattr(client, method)(url)
            transaction.set_rollback(True)
        expected = _allowed(rule, persona)
        if response.status_code >= 500:
            problems.append(f"{name}: server error {response.status_code}")
        elif _was_refused(response) == expected:
            problems.append(f"{name}: expected {'allowed' if expected else 'refused'}, got {response.status_code}")
    assert not problems, f"{persona}:\n" + "\n".join(problems)
