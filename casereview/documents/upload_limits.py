"""Request bodies are refused from their declared length, before a byte is read, with a limit
per page (settings.UPLOAD_LIMITS) and a small one everywhere else. What a file that got in may
cost to read is bounded in documents.file_checks."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.urls import Resolver404, resolve

MB = 1024 * 1024


def body_limit(request: HttpRequest) -> int:
    try:
        name = resolve(request.path_info).view_name
    except Resolver404:
        name = ""
    return settings.UPLOAD_LIMITS.get(name, settings.DATA_UPLOAD_MAX_MEMORY_SIZE)


class RequestBodyLimitMiddleware:
    """Answers 413 from the declared length alone; the body is never read. A request that
    declares no length is read by Django only up to DATA_UPLOAD_MAX_MEMORY_SIZE and the file
    upload handlers' own limits, and the proxy in front caps it too (see the README)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0
        # Most requests declare no body at all; only a larger one is worth resolving the URL for.
        if declared <= min(settings.DATA_UPLOAD_MAX_MEMORY_SIZE, *settings.UPLOAD_LIMITS.values()):
            return self.get_response(request)
        limit = body_limit(request)
        if declared > limit:
            body = render_to_string("errors/413.html", {"limit_mb": max(1, round(limit / MB))}, request=request)
            response = HttpResponse(body, status=413)
            # The unread body must not be taken as the next request on a kept-alive connection.
            response["Connection"] = "close"
            return response
        return self.get_response(request)
