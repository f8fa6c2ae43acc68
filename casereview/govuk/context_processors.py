from django.conf import settings


def service(request):
    user = getattr(request, "user", None)
    signed_in = bool(user and user.is_authenticated and user.is_verified())
    return {
        "service_name": settings.SERVICE_NAME,
        "exit_this_page_url": settings.EXIT_THIS_PAGE_URL,
        "signed_in": signed_in,
        "session_timeout_seconds": settings.SESSION_COOKIE_AGE,
        "session_warning_seconds": settings.SESSION_WARNING_SECONDS,
    }
