"""Deny by default: every page needs a signed-in person who has passed the second factor,
unless the view is marked public or is one of the sign-in steps."""

from urllib.parse import urlencode

from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY

from casereview.accounts.models import UserSession
from casereview.accounts.sudo import sudo_active

# django-otp-webauthn's views carry no markers of their own.
_WEBAUTHN_UNVERIFIED = {"credential-authentication-begin", "credential-authentication-complete", "js-i18n-catalog"}
_WEBAUTHN_REGISTRATION = {"credential-registration-begin", "credential-registration-complete"}


class RequireVerifiedSignInMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # django-otp marks a verified session with the device's id: read from the session, which is
        # loaded anyway, rather than loading the person and their device on every request.
        session = getattr(request, "session", None)
        had_device = session is not None and DEVICE_ID_SESSION_KEY in session
        response = self.get_response(request)
        if not had_device and session is not None and DEVICE_ID_SESSION_KEY in session:
            _new_session_key(request)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        view = getattr(view_func, "view_class", view_func)
        if getattr(view_func, "access_public", False) or getattr(view, "access_public", False):
            return None
        user = request.user
        if not user.is_authenticated:
            return redirect(f"{reverse('accounts:sign-in')}?{urlencode({'next': request.path})}")
        match = request.resolver_match
        if user.is_verified():
            # The passkey library's own endpoints add a second factor: the page that leads to them
            # asks for the password, and so must they, or a taken-over session could add its own.
            if match and match.namespace == "otp_webauthn" and match.url_name in _WEBAUTHN_REGISTRATION \
                    and not sudo_active(request):
                return JsonResponse({"detail": "Confirm your password first"}, status=403)
            return None
        if getattr(view_func, "access_allow_unverified", False) or getattr(view, "access_allow_unverified", False):
            return None
        if match and match.namespace == "otp_webauthn" and match.url_name in _WEBAUTHN_UNVERIFIED:
            return None
        return redirect(f"{reverse('accounts:second-factor')}?{urlencode({'next': request.path})}")


def _new_session_key(request) -> None:
    """Passing the second factor raises what the session may do, so it gets a new key: a key
    learnt before that moment (a fixed or sniffed cookie) is worth nothing after it."""
    session = request.session
    old = session.session_key
    session.cycle_key()
    if old and session.session_key:
        UserSession.objects.filter(session_key=old).update(session_key=session.session_key)


class SessionIdleTimerMiddleware:
    """Renews a session's idle expiry at most once a minute instead of on every request.

    Saving the session row on every page view made every reader a writer: on SQLite each one took
    the write lock. The idle timeout is still honoured to within a minute (ADR 0019)."""

    TOUCH_EVERY_SECONDS = 60
    _KEY = "_touched"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and not session.is_empty():
            import time

            now = int(time.time())
            # A session being saved anyway (signing in, a message) starts the minute afresh.
            if session.modified or now - session.get(self._KEY, 0) >= self.TOUCH_EVERY_SECONDS:
                session[self._KEY] = now  # marks the session modified, so it is saved with a new expiry
        return response
