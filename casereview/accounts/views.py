"""Signing in (password, then a second factor), setting up second factors, invitations, signing out."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, login, logout, update_session_auth_hash
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST
from django_otp_webauthn.models import WebAuthnCredential

from casereview.accounts import mfa
from casereview.accounts.decorators import allow_unverified, public
from casereview.accounts.forms import (
    ChangePasswordForm,
    CodeForm,
    ConfirmPasswordForm,
    RecoveryCodeForm,
    SignInForm,
)
from casereview.accounts.signin import safe_next, session_timeout_minutes
from casereview.accounts.sudo import sudo_grant, sudo_redirect
from casereview.audit.models import Action
from casereview.audit.services import audit_record
from casereview.govuk.wording import problem


@public
@never_cache
@require_http_methods(["GET", "POST"])
def sign_in(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated and request.user.is_verified():
        return redirect(safe_next(request, reverse(settings.LOGIN_REDIRECT_URL)))
    form = SignInForm(request.POST or None)
    problem = None
    if request.method == "POST" and form.is_valid():
        user = authenticate(request, username=form.cleaned_data["email"].strip().lower(),
                            password=form.cleaned_data["password"])
        if user is not None:
            login(request, user)
            sudo_grant(request)
            target = reverse("accounts:second-factor") if mfa.has_second_factor(user) else reverse(
                "accounts:set-up-authenticator")
            next_url = safe_next(request, "")
            return redirect(f"{target}?{urlencode({'next': next_url})}" if next_url else target)
        # The same words whether or not the account exists.
        problem = "Enter a correct email address and password"
        form.add_error(None, problem)
    return render(request, "accounts/sign_in.html", {"form": form, "next": safe_next(request, "")})


def locked_out(request: HttpRequest, credentials: dict | None = None, *args, **kwargs) -> HttpResponse:
    """Shown by django-axes after too many failures. Says nothing about whether the account exists."""
    audit_record(action=Action.SIGN_IN_LOCKED, actor=request.user, code="accounts.locked")
    return render(request, "accounts/locked_out.html",
                  {"minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)}, status=429)


@allow_unverified
@never_cache
@require_http_methods(["GET", "POST"])
def second_factor(request: HttpRequest) -> HttpResponse:
    user = request.user
    next_url = safe_next(request, reverse(settings.LOGIN_REDIRECT_URL))
    if user.is_verified():
        return redirect(next_url)
    if not mfa.has_second_factor(user):
        return redirect("accounts:set-up-authenticator")
    has_totp = user.totpdevice_set.filter(confirmed=True).exists()
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        passed, reason = mfa.verify_totp(user=user, code=form.cleaned_data["code"], request=request)
        if passed:
            return redirect(next_url)
        form.add_error("code", reason)
    return render(request, "accounts/second_factor.html", {
        "form": form, "next": next_url, "has_totp": has_totp, "has_passkey": mfa.has_passkey(user),
    })


@allow_unverified
@never_cache
@require_http_methods(["GET", "POST"])
def recovery_code(request: HttpRequest) -> HttpResponse:
    next_url = safe_next(request, reverse(settings.LOGIN_REDIRECT_URL))
    if request.user.is_verified():
        return redirect(next_url)
    form = RecoveryCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if mfa.verify_recovery_code(user=request.user, code=form.cleaned_data["code"], request=request):
            remaining = mfa.recovery_codes_remaining(request.user)
            messages.info(request, f"You have {remaining} recovery codes left. You can make new ones in your account.")
            return redirect(next_url)
        form.add_error("code", problem("The recovery code is not correct or has been used", "the_recovery_code_is_not"))
    return render(request, "accounts/recovery_code.html", {"form": form, "next": next_url})


@allow_unverified
@never_cache
@require_http_methods(["GET", "POST"])
def set_up_authenticator(request: HttpRequest) -> HttpResponse:
    user = request.user
    # Before the second factor, only someone with no second factor yet may add one.
    if not user.is_verified() and mfa.has_second_factor(user):
        return redirect("accounts:second-factor")
    # Adding a second factor to a verified account changes how it is protected: password first.
    if user.is_verified() and (prompt := sudo_redirect(request)):
        return prompt
    device = mfa.totp_pending_device(user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if mfa.totp_confirm(user=user, device=device, code=form.cleaned_data["code"], request=request):
            if mfa.recovery_codes_remaining(user) == 0:
                request.session["fresh_recovery_codes"] = mfa.recovery_codes_regenerate(user=user)
                return redirect("accounts:recovery-codes")
            messages.success(request, "Your authenticator app has been added")
            return redirect("accounts:account")
        form.add_error("code", problem("The security code is not correct. Check the "
                                       "app shows this service and try the latest "
                                       "code", "the_security_code_is_not"))
    return render(request, "accounts/set_up_authenticator.html", {
        "form": form, "qr_svg": mfa.totp_qr_svg(device), "secret": mfa.totp_secret(device),
    })


@never_cache
@require_http_methods(["GET", "POST"])
def recovery_codes(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        if prompt := sudo_redirect(request, reverse("accounts:recovery-codes")):
            return prompt
        request.session["fresh_recovery_codes"] = mfa.recovery_codes_regenerate(user=request.user)
        return redirect("accounts:recovery-codes")
    codes = request.session.pop("fresh_recovery_codes", None)
    return render(request, "accounts/recovery_codes.html", {
        "codes": [mfa.format_code(c) for c in codes] if codes else None,
        "remaining": mfa.recovery_codes_remaining(request.user),
    })


@never_cache
def account(request: HttpRequest) -> HttpResponse:
    user = request.user
    return render(request, "accounts/account.html", {
        "authenticators": user.totpdevice_set.filter(confirmed=True),
        "passkeys": WebAuthnCredential.objects.filter(user=user, confirmed=True).order_by("created_at"),
        "recovery_remaining": mfa.recovery_codes_remaining(user),
        "roles": user.role_assignments.select_related("partnership").order_by("partnership__name", "role"),
    })


@never_cache
@require_http_methods(["GET", "POST"])
def confirm_password(request: HttpRequest) -> HttpResponse:
    next_url = safe_next(request, reverse("accounts:account"))
    form = ConfirmPasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = authenticate(request, username=request.user.email, password=form.cleaned_data["password"])
        if user is not None and user.pk == request.user.pk:
            sudo_grant(request)
            audit_record(action=Action.UPDATE, actor=request.user, target=request.user,
                         code="accounts.password_confirmed")
            return redirect(next_url)
        form.add_error("password", problem("The password is not correct", "the_password_is_not_correct"))
    return render(request, "accounts/confirm_password.html", {"form": form, "next": next_url})


@never_cache
def add_passkey(request: HttpRequest) -> HttpResponse:
    if prompt := sudo_redirect(request):
        return prompt
    return render(request, "accounts/add_passkey.html", {})


@require_POST
def remove_passkey(request: HttpRequest, credential_id: int) -> HttpResponse:
    if prompt := sudo_redirect(request, reverse("accounts:account")):
        return prompt
    user = request.user
    others = user.totpdevice_set.filter(confirmed=True).exists() or WebAuthnCredential.objects.filter(
        user=user, confirmed=True).exclude(pk=credential_id).exists()
    if not others:
        messages.error(request, "Add an authenticator app or another passkey before removing your only passkey")
    elif mfa.passkey_remove(user=user, credential_id=credential_id):
        messages.success(request, "The passkey has been removed")
    return redirect("accounts:account")


@never_cache
@require_http_methods(["GET", "POST"])
def change_password(request: HttpRequest) -> HttpResponse:
    form = ChangePasswordForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        request.user.set_password(form.cleaned_data["password"])
        request.user.save(update_fields=["password"])
        update_session_auth_hash(request, request.user)
        audit_record(action=Action.UPDATE, actor=request.user, target=request.user, code="accounts.password_changed")
        messages.success(request, "Your password has been changed")
        return redirect("accounts:account")
    return render(request, "accounts/change_password.html", {"form": form})


@allow_unverified
@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("accounts:signed-out")


@public
@never_cache
def signed_out(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/signed_out.html", {"timed_out": False})


@public
@never_cache
def timed_out(request: HttpRequest) -> HttpResponse:
    # Reached only from the idle-session warning; by then the session has expired on the server
    # too, so ending it here on a GET changes nothing a forged link could exploit.
    if request.user.is_authenticated:
        request._sign_out_reason = "timeout"
        logout(request)
    return render(request, "accounts/signed_out.html",
                  {"timed_out": True, "minutes": session_timeout_minutes()})


@require_POST
def keep_alive(request: HttpRequest) -> HttpResponse:
    # Requests renew the session at most once a minute (SessionIdleTimerMiddleware); this one
    # always does, so a person can choose to stay signed in from the warning. Only a full sign-in may be kept
    # alive: the middleware sends anyone short of the second factor back to it.
    request.session.modified = True
    return JsonResponse({"signed_in": True, "expires_in_seconds": settings.SESSION_COOKIE_AGE})
