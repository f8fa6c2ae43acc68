"""Design-system error pages. They say what happened and what to do, never what was asked for."""

import logging

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from casereview.audit.services import refusal_record

logger = logging.getLogger(__name__)


def _page(request: HttpRequest, template: str, status: int) -> HttpResponse:
    try:
        return render(request, template, status=status)
    except Exception:  # an error page must never fail in turn
        return HttpResponse("Sorry, there is a problem with the service.", status=status, content_type="text/plain")


def bad_request(request: HttpRequest, exception=None) -> HttpResponse:
    return _page(request, "errors/400.html", 400)


def permission_denied(request: HttpRequest, exception=None) -> HttpResponse:
    try:
        match = getattr(request, "resolver_match", None)
        refusal_record(person=getattr(request, "user", None), view_name=match.view_name if match else None)
    except Exception:  # an error page must never fail in turn
        logger.warning("A refused request could not be counted", exc_info=True)
    return _page(request, "errors/403.html", 403)


def page_not_found(request: HttpRequest, exception=None) -> HttpResponse:
    return _page(request, "errors/404.html", 404)


def server_error(request: HttpRequest) -> HttpResponse:
    return _page(request, "errors/500.html", 500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return _page(request, "errors/csrf.html", 403)
