"""A real OpenID Connect provider for the tests (django-oidc-provider), run on loopback by
scripts/oidc-test and by the test suite's `oidc_issuer` fixture. Not part of the service: it stands
in for Microsoft Entra ID, so the sign-in path is tested against real discovery, real signed tokens
and a real code exchange. A user marked is_staff here signs in "with MFA" (amr: pwd, mfa)."""

import os
from pathlib import Path

HERE = Path(__file__).resolve().parent
STATE = Path(os.environ.get("OIDC_TEST_STATE", HERE.parent.parent / "var" / "oidc"))
SECRET_KEY = "oidc-test-provider-only"  # noqa: S105 (a throwaway provider for tests)
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
INSTALLED_APPS = ["django.contrib.auth", "django.contrib.contenttypes", "django.contrib.sessions",
                  "django.contrib.messages", "oidc_provider", "oidc_test_provider"]
MIDDLEWARE = ["django.contrib.sessions.middleware.SessionMiddleware", "django.middleware.csrf.CsrfViewMiddleware",
              "django.contrib.auth.middleware.AuthenticationMiddleware",
              "django.contrib.messages.middleware.MessageMiddleware"]
ROOT_URLCONF = "oidc_test_provider.urls"
TEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "DIRS": [HERE / "templates"],
              "APP_DIRS": True, "OPTIONS": {"context_processors": ["django.template.context_processors.request",
                                                                  "django.contrib.auth.context_processors.auth"]}}]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": STATE / "provider.sqlite3"}}
LOGIN_URL = "/login/"
USE_TZ = True
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
SITE_URL = os.environ.get("OIDC_TEST_SITE_URL", "http://127.0.0.1:8765")
OIDC_IDTOKEN_INCLUDE_CLAIMS = True
OIDC_IDTOKEN_PROCESSING_HOOK = "oidc_test_provider.hooks.id_token"
