"""One-time submission keys: a form that creates something is processed once, however often it is sent.

The key is recorded inside the same transaction as the view's writes, so either both are saved or
neither: a web worker killed after the commit leaves a key that points at the result, and one
killed before leaves nothing, so the retry creates the record once (ADR 0018)."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from datetime import timedelta

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils import timezone
from markupsafe import Markup

from casereview.once.models import SubmissionKey

FIELD = "submission_key"
KEY_PATTERN = re.compile(r"^[0-9a-f]{32}$")
KEEP_FOR = timedelta(days=2)


def submission_key_field() -> Markup:
    """The hidden field for a form that creates something; a fresh key each time the form is shown."""
    return Markup('<input type="hidden" name="{}" value="{}">').format(FIELD, uuid.uuid4().hex)


class OneSubmissionMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        key = request.POST.get(FIELD, "") if request.method == "POST" else ""
        if not KEY_PATTERN.match(key) or not request.user.is_authenticated:
            return self.get_response(request)
        with transaction.atomic():
            try:
                with transaction.atomic():
                    submission = SubmissionKey.objects.create(user=request.user, key=key)
            except IntegrityError:
                return _already_done(request, key)
            response = self.get_response(request)
            if response.status_code >= 500:
                # A server error saves nothing, so the person's retry starts clean.
                transaction.set_rollback(True)
                return response
            if isinstance(response, HttpResponseRedirect):
                SubmissionKey.objects.filter(pk=submission.pk).update(result_url=response["Location"][:400])
            else:
                # Nothing was created (the form had errors, or the result was a page, not a
                # redirect): the key is not spent, so the corrected form can be sent.
                SubmissionKey.objects.filter(pk=submission.pk).delete()
        return response


def _already_done(request: HttpRequest, key: str) -> HttpResponse:
    earlier = SubmissionKey.objects.filter(user=request.user, key=key).first()
    messages.info(request, "This form had already been sent, so nothing was added twice. "
                           "This is what the first sending did.")
    return HttpResponseRedirect(earlier.result_url if earlier and earlier.result_url else request.path)


def spent_keys_prune() -> int:
    """Keys older than two days have done their work; the deadline sweep clears them."""
    deleted, _ = SubmissionKey.objects.filter(created_at__lt=timezone.now() - KEEP_FOR).delete()
    return deleted
