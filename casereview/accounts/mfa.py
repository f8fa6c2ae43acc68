"""Second factors: authenticator apps (TOTP), recovery codes and passkeys.

Every write here is audited; none logs or stores a code in clear beyond what django-otp keeps.
"""

from __future__ import annotations

import secrets
from base64 import b32encode
from io import BytesIO

import qrcode
import qrcode.image.svg
from django.db import transaction
from django.http import HttpRequest
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential
from markupsafe import Markup

from casereview.audit.models import Action
from casereview.audit.services import audit_record

RECOVERY_CODE_COUNT = 10
PENDING_NAME = "Authenticator app (not confirmed)"


def has_second_factor(user) -> bool:
    return (
        TOTPDevice.objects.filter(user=user, confirmed=True).exists()
        or WebAuthnCredential.objects.filter(user=user, confirmed=True).exists()
    )


def has_passkey(user) -> bool:
    return WebAuthnCredential.objects.filter(user=user, confirmed=True).exists()


def totp_pending_device(user) -> TOTPDevice:
    """The authenticator being set up; the same one until it is confirmed, so the QR code is stable."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False, name=PENDING_NAME).first()
    return device or TOTPDevice.objects.create(user=user, confirmed=False, name=PENDING_NAME)


def totp_secret(device: TOTPDevice) -> str:
    return b32encode(device.bin_key).decode().rstrip("=")


def totp_qr_svg(device: TOTPDevice) -> Markup:
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    buffer = BytesIO()
    image.save(buffer)
    svg = buffer.getvalue().decode()
    svg = svg[svg.index("<svg"):]
    # Generated here from the device's own otpauth URL: no outside input reaches the markup.
    labelled = svg.replace("<svg ", '<svg role="img" aria-label="QR code for your authenticator app" ', 1)
    return Markup(labelled)  # noqa: S704


@transaction.atomic
def totp_confirm(*, user, device: TOTPDevice, code: str, request: HttpRequest) -> bool:
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=user)
    if not device.verify_token(code):
        audit_record(action=Action.SECOND_FACTOR_FAILED, actor=user, target=user,
                     code="accounts.totp_setup_wrong")
        return False
    device.confirmed = True
    device.name = "Authenticator app"
    device.save(update_fields=["confirmed", "name"])
    audit_record(action=Action.CREATE, actor=user, target=user,
                 code="accounts.totp_added")
    if not request.user.is_verified():
        otp_login(request, device)
    return True


def _new_code() -> str:
    # 10 characters from a 32-letter alphabet without look-alikes: 50 bits each.
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    raw = "".join(secrets.choice(alphabet) for _ in range(10))
    return raw


@transaction.atomic
def recovery_codes_regenerate(*, user) -> list[str]:
    """Replaces every recovery code with a new set and returns them, to be shown once."""
    device, _ = StaticDevice.objects.get_or_create(user=user, name="Recovery codes", defaults={"confirmed": True})
    device.token_set.all().delete()
    codes = [_new_code() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    audit_record(action=Action.UPDATE, actor=user, target=user,
                 code="accounts.recovery_replaced")
    return codes


def recovery_codes_remaining(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def format_code(code: str) -> str:
    return f"{code[:5]}-{code[5:]}"


def verify_totp(*, user, code: str, request: HttpRequest) -> tuple[bool, str | None]:
    """Checks a code against the person's authenticator apps. Returns (passed, reason if refused)."""
    devices = list(TOTPDevice.objects.filter(user=user, confirmed=True))
    throttled = False
    for device in devices:
        allowed, _ = device.verify_is_allowed()
        if not allowed:
            throttled = True
            continue
        if device.verify_token(code):
            otp_login(request, device)
            audit_record(action=Action.SECOND_FACTOR, actor=user, target=user,
                         code="accounts.totp_accepted")
            return True, None
    audit_record(action=Action.SECOND_FACTOR_FAILED, actor=user, target=user,
                 code="accounts.totp_wrong")
    if throttled:
        return False, "There have been too many wrong codes. Wait a minute, then try a new code"
    return False, "The security code is not correct. Check your authenticator app and enter the latest code"


def verify_recovery_code(*, user, code: str, request: HttpRequest) -> bool:
    for device in StaticDevice.objects.filter(user=user, confirmed=True):
        allowed, _ = device.verify_is_allowed()
        if allowed and device.verify_token(code):
            otp_login(request, device)
            audit_record(action=Action.SECOND_FACTOR, actor=user, target=user,
                         code="accounts.recovery_used",
                         params={"left": recovery_codes_remaining(user)})
            return True
    audit_record(action=Action.SECOND_FACTOR_FAILED, actor=user, target=user,
                 code="accounts.recovery_wrong")
    return False


@transaction.atomic
def passkey_remove(*, user, credential_id: int) -> bool:
    credential = WebAuthnCredential.objects.filter(user=user, pk=credential_id).first()
    if credential is None:
        return False
    credential.delete()
    audit_record(action=Action.DELETE, actor=user, target=user, code="accounts.passkey_removed")
    return True
