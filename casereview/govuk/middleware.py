from django.conf import settings
from django.utils.cache import patch_vary_headers

# Public pages change when a report or briefing is published; five minutes is fresh enough.
PUBLIC_MAX_AGE = 300


class SecurityHeadersMiddleware:
    """Headers Django does not set itself."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        if getattr(request, "user", None) is not None and request.user.is_authenticated:
            # Case pages must not be kept by shared or back-button caches.
            response.headers.setdefault("Cache-Control", "no-store")
        elif _shareable(request, response):
            # A proxy may serve public pages to everyone without a session, so a queue of staff
            # pages never slows the people reading how reviews work (ADR 0019).
            response.headers["Cache-Control"] = f"public, max-age={PUBLIC_MAX_AGE}"
            patch_vary_headers(response, ["Cookie"])
        return response


def _shareable(request, response) -> bool:
    match = getattr(request, "resolver_match", None)
    return (request.method in ("GET", "HEAD") and response.status_code == 200 and match is not None
            and getattr(match.func, "access_public", False)
            and "Cache-Control" not in response.headers and not response.cookies
            and settings.SESSION_COOKIE_NAME not in request.COOKIES)
