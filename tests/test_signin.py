"""Signing in: password, then a second factor; lockout; invitations; leavers."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp

from casereview.accounts import mfa
from casereview.accounts.models import UserSession
from casereview.audit.models import Action, AuditEvent
from casereview.partnerships import services
from casereview.partnerships.models import Role, RoleAssignment
from tests.factories import PASSWORD, TOTP_KEY, sign_in


def current_code() -> str:
    return f"{totp(bytes.fromhex(TOTP_KEY)):06d}"


def password_step(client, email, password=PASSWORD):
    return client.post(reverse("accounts:sign-in"), {"email": email, "password": password})


def test_password_then_security_code_signs_in(client, world):
    response = password_step(client, "bu_manager@test.example")
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:second-factor"))
    # Not yet verified: case pages send the person back to the second factor.
    assert client.get(reverse("cases:list"))["Location"].startswith(reverse("accounts:second-factor"))
    response = client.post(reverse("accounts:second-factor"), {"code": current_code()})
    assert response.status_code == 302
    assert client.get(reverse("cases:list")).status_code == 200
    actions = list(AuditEvent.objects.filter(actor=world.people["bu_manager"]).values_list("action", flat=True))
    assert Action.SIGN_IN in actions and Action.SECOND_FACTOR in actions


def test_wrong_security_code_is_refused_and_audited(client, world):
    password_step(client, "bu_manager@test.example")
    wrong = "000000" if current_code() != "000000" else "111111"
    response = client.post(reverse("accounts:second-factor"), {"code": wrong})
    assert response.status_code == 200
    assert "The security code is not correct" in response.content.decode()
    assert AuditEvent.objects.filter(action=Action.SECOND_FACTOR_FAILED).exists()


def test_security_code_must_be_six_digits(client, world):
    password_step(client, "bu_manager@test.example")
    response = client.post(reverse("accounts:second-factor"), {"code": "12ab"})
    assert "Enter the security code as 6 digits" in response.content.decode()
    assert 'class="govuk-error-summary"' in response.content.decode()


def test_wrong_password_and_unknown_account_get_the_same_message(client, world):
    known = password_step(client, "bu_manager@test.example", "wrong password entirely").content.decode()
    unknown = password_step(client, "nobody@test.example", "wrong password entirely").content.decode()
    message = "Enter a correct email address and password"
    assert message in known and message in unknown
    assert AuditEvent.objects.filter(action=Action.SIGN_IN_FAILED).count() == 2


@pytest.mark.parametrize("email", ["bu_manager@test.example", "nobody@test.example"])
def test_lockout_after_repeated_failures_does_not_reveal_the_account(client, world, settings, email):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        password_step(client, email, "wrong password entirely")
    response = password_step(client, email, PASSWORD)
    assert response.status_code == 429
    assert "too many attempts" in response.content.decode()
    assert not client.session.get("_auth_user_id")


def test_recovery_code_works_once(client, world):
    user = world.people["bu_manager"]
    code = mfa.recovery_codes_regenerate(user=user)[0]
    password_step(client, user.email)
    response = client.post(reverse("accounts:recovery-code"), {"code": mfa.format_code(code)})
    assert response.status_code == 302
    assert client.get(reverse("cases:list")).status_code == 200
    client.logout()
    password_step(client, user.email)
    response = client.post(reverse("accounts:recovery-code"), {"code": code})
    assert "not correct or has been used" in response.content.decode()


def test_invitation_link_sets_up_a_new_account(client, world, django_capture_on_commit_callbacks, settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    manager = world.people["bu_manager"]
    manager.is_verified = lambda: True
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.invitation_create(
            partnership=world.partnership, email="New.Person@Test.Example", full_name="New Person",
            agency=world.agencies["school"], roles=[Role.AGENCY_REPRESENTATIVE], by=manager)
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    token = re.search(r"/invitation/([^/\s]+)/", body).group(1)
    # The email carries a link and the partnership, never case details.
    assert "Child A" not in body and "Jayden" not in body and world.case.reference not in body
    invitation.refresh_from_db()
    assert invitation.token_hash and token not in invitation.token_hash

    url = reverse("invitations:accept", args=[token])
    response = client.post(url, {"password": "password", "password_again": "password"})
    assert "too common" in response.content.decode() or "too short" in response.content.decode()
    response = client.post(url, {"password": "lantern orbit kettle meadow", "password_again": "lantern orbit kettle meadow"})
    assert response["Location"] == reverse("accounts:set-up-authenticator")
    assert RoleAssignment.objects.filter(person__email="new.person@test.example", role=Role.AGENCY_REPRESENTATIVE).exists()
    # Single use.
    client.logout()
    assert client.get(url).status_code == 404


def test_expired_invitation_cannot_be_used(client, world):
    from datetime import timedelta

    from django.utils import timezone

    from casereview.partnerships.services import token_hash

    world.invitation.token_hash = token_hash("abc")
    world.invitation.expires_at = timezone.now() - timedelta(minutes=1)
    world.invitation.save()
    assert client.get(reverse("invitations:accept", args=["abc"])).status_code == 404


def test_setting_up_an_authenticator_gives_recovery_codes(client, world):
    from casereview.accounts.models import User

    user = User.objects.create_user(email="fresh@test.example", full_name="Fresh Person", password=PASSWORD)
    password_step(client, user.email)
    page = client.get(reverse("accounts:set-up-authenticator")).content.decode()
    assert "<svg" in page
    device = user.totpdevice_set.get(confirmed=False)
    response = client.post(reverse("accounts:set-up-authenticator"), {"code": f"{totp(device.bin_key):06d}"})
    assert response["Location"] == reverse("accounts:recovery-codes")
    codes_page = client.get(reverse("accounts:recovery-codes")).content.decode()
    assert codes_page.count("<li>") >= mfa.RECOVERY_CODE_COUNT
    # Shown once only.
    assert "You have 10 recovery codes left" in client.get(reverse("accounts:recovery-codes")).content.decode()


def test_someone_with_a_second_factor_cannot_add_another_before_using_it(client, world):
    password_step(client, "bu_manager@test.example")
    response = client.get(reverse("accounts:set-up-authenticator"))
    assert response["Location"] == reverse("accounts:second-factor")


def test_closing_an_account_ends_all_its_sessions(client, world, rf):
    """Closing an account everywhere is the installation administrator's act."""
    leaver = world.people["agency_rep"]
    other_client = type(client)()
    password_step(other_client, leaver.email)
    other_client.post(reverse("accounts:second-factor"), {"code": current_code()})
    assert other_client.get(reverse("cases:list")).status_code == 200
    assert UserSession.objects.filter(user=leaver).count() == 1

    sign_in(client, world.people["installer"])
    response = client.post(reverse("installation:close-account", args=[leaver.pk]), {"reason": "Left the force"})
    assert response.status_code == 302
    leaver.refresh_from_db()
    assert not leaver.is_active
    assert not Session.objects.filter(session_key__in=UserSession.objects.filter(user=leaver).values("session_key")).exists()
    assert other_client.get(reverse("cases:list"))["Location"].startswith(reverse("accounts:sign-in"))
    assert password_step(other_client, leaver.email).status_code == 200  # refused


def test_sessions_expire_after_the_idle_timeout(settings):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_COOKIE_HTTPONLY is True


def test_reading_pages_writes_the_session_at_most_once_a_minute(client, world):
    sign_in(client, world.people["bu_manager"])
    key = client.session.session_key
    with time_machine.travel(timezone.now() + timedelta(seconds=61), tick=False):
        client.get(reverse("work:home"))  # renews the idle timer
        renewed = Session.objects.get(session_key=key).expire_date
        for _ in range(3):
            client.get(reverse("work:home"))
        assert Session.objects.get(session_key=key).expire_date == renewed  # not written again
    with time_machine.travel(timezone.now() + timedelta(seconds=125), tick=False):
        client.get(reverse("work:home"))
        assert Session.objects.get(session_key=key).expire_date > renewed


def test_keep_alive_renews_the_session(client, world):
    sign_in(client, world.people["bu_manager"])
    response = client.post(reverse("accounts:keep-alive"))
    assert response.json() == {"signed_in": True, "expires_in_seconds": 1800}


def test_timed_out_page_signs_out_and_audits(client, world):
    sign_in(client, world.people["bu_manager"])
    response = client.get(reverse("accounts:timed-out"))
    assert "You have been signed out" in response.content.decode()
    assert AuditEvent.objects.filter(action=Action.SESSION_TIMEOUT).exists()
    assert client.get(reverse("cases:list")).status_code == 302


def test_next_cannot_send_people_to_another_site(client, world):
    client.post(reverse("accounts:sign-in") + "?next=https://evil.example/", {"email": "bu_manager@test.example",
                                                                             "password": PASSWORD})
    response = client.post(reverse("accounts:second-factor"), {"code": current_code(), "next": "https://evil.example/"})
    assert response["Location"] == reverse("work:home")


def test_create_partnership_invites_the_first_manager(db, settings, django_capture_on_commit_callbacks):
    from django.core.management import call_command

    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        call_command("create_partnership", name="Fenland Partnership", short_name="Fenland",
                     reference_prefix="fen", manager_email="Boss@Fen.Example", manager_name="Pat Boss")
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["boss@fen.example"]
    assert "/invitation/" in mail.outbox[0].body
