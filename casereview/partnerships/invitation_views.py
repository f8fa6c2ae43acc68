"""Accepting an invitation from its emailed link: a new person sets a password; an existing one
signs in first and gains the roles. Invitations are the partnership's, so the page is too (ADR 0028)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from casereview.accounts.decorators import public
from casereview.accounts.forms import NewPasswordForm
from casereview.accounts.models import User
from casereview.accounts.sudo import sudo_grant
from casereview.partnerships import services as people


@public
@never_cache
@require_http_methods(["GET", "POST"])
def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    invitation = people.invitation_for_token(token)
    if invitation is None:
        return render(request, "accounts/invitation_invalid.html", status=404)
    existing = User.objects.filter(email__iexact=invitation.email, is_active=True).first()
    signed_in_as_them = bool(existing and request.user.is_authenticated and request.user.is_verified()
                             and request.user.pk == existing.pk)
    if existing and not signed_in_as_them:
        # The link alone never changes an existing account: its owner signs in, then comes back here.
        return render(request, "accounts/accept_invitation.html", {
            "invitation": invitation, "existing": True, "must_sign_in": True,
            "sign_in_url": f"{reverse('accounts:sign-in')}?{urlencode({'next': request.path})}",
            "signed_in_as_someone_else": request.user.is_authenticated})
    form = None if existing else NewPasswordForm(request.POST or None, user=User(email=invitation.email,
                                                                                  full_name=invitation.full_name))
    if request.method == "POST" and (existing or form.is_valid()):
        try:
            user, is_new = people.invitation_accept(
                token=token, password=None if existing else form.cleaned_data["password"],
                signed_in=request.user if signed_in_as_them else None)
        except ValidationError as error:
            return render(request, "accounts/invitation_invalid.html", {"reason": error.messages[0]}, status=400)
        if not is_new:
            messages.success(request, f"Your roles in {invitation.partnership.name} have been added")
            return redirect(settings.LOGIN_REDIRECT_URL)
        if request.user.is_authenticated:
            logout(request)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        sudo_grant(request)
        return redirect("accounts:set-up-authenticator")
    return render(request, "accounts/accept_invitation.html",
                  {"form": form, "invitation": invitation, "existing": bool(existing), "must_sign_in": False})
