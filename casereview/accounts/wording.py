"""What the audit log says of sign-in, second factors and passwords (govuk.wording.AUDIT)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

AUDIT = {
    "accounts.totp_added": _("Authenticator app added"),
    "accounts.totp_setup_wrong": _("Wrong code while setting up an authenticator app"),
    "accounts.totp_accepted": _("Security code from an authenticator app accepted"),
    "accounts.totp_wrong": _("Wrong or repeated security code"),
    "accounts.recovery_replaced": _("Recovery codes replaced"),
    "accounts.recovery_used": _("Recovery code used; {left} left"),
    "accounts.recovery_wrong": _("Wrong recovery code"),
    "accounts.passkey_added": _("Passkey added"),
    "accounts.passkey_accepted": _("Passkey accepted"),
    "accounts.passkey_removed": _("Passkey removed"),
    "accounts.locked": _("Sign-in locked after repeated failures"),
    "accounts.password_changed": _("Password changed"),
    "accounts.password_confirmed": _("Password confirmed before a sensitive change"),
}
