"""Deny by default: every page needs a signed-in person who has passed the second factor,
unless the view is marked public or is one of the sign-in steps."""

from urllib.parse import urlencode

from django.shortcuts import redirect
from django.urls import reverse

# django-otp-webauthn's views carry no markers of their own.
_WEBAUTHN_UNVERIFIED = {"credential-authentication-begin", "credential-authentication-complete", "js-i18n-catalog"}


class RequireVerifiedSignInMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        view = getattr(view_func, "view_class", view_func)
        if getattr(view_func, "access_public", False) or getattr(view, "access_public", False):
            return None
        user = request.user
        if not user.is_authenticated:
            return redirect(f"{reverse('accounts:sign-in')}?{urlencode({'next': request.path})}")
        if user.is_verified():
            return None
        match = request.resolver_match
        if getattr(view_func, "access_allow_unverified", False) or getattr(view, "access_allow_unverified", False):
            return None
        if match and match.namespace == "otp_webauthn" and match.url_name in _WEBAUTHN_UNVERIFIED:
            return None
        return redirect(f"{reverse('accounts:second-factor')}?{urlencode({'next': request.path})}")
