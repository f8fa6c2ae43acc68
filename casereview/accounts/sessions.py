"""Keeps track of each person's sessions so they can all be ended at once."""

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.contrib.sessions.backends.base import SessionBase
from django.dispatch import receiver
from django.utils.module_loading import import_string

from casereview.accounts.models import UserSession


@receiver(user_logged_in)
def _remember_session(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        if request.session.session_key is None:
            request.session.save()
        UserSession.objects.update_or_create(session_key=request.session.session_key, defaults={"user": user})


def end_all_sessions(user) -> int:
    store_class: type[SessionBase] = import_string(settings.SESSION_ENGINE + ".SessionStore")
    keys = list(UserSession.objects.filter(user=user).values_list("session_key", flat=True))
    for key in keys:
        store_class(session_key=key).delete()
    UserSession.objects.filter(user=user).delete()
    return len(keys)
