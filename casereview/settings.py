"""Django settings. Every value that varies comes from casereview.config (environment variables)."""

from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.utils.csp import CSP

from casereview.config import load

CONFIG = load()

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

DEBUG = CONFIG.DEBUG
SECRET_KEY = CONFIG.SECRET_KEY.get_secret_value()
# Production must name its hosts (config.py refuses to start otherwise); elsewhere, the local ones.
ALLOWED_HOSTS = CONFIG.ALLOWED_HOSTS or ["127.0.0.1", "localhost", "testserver", "[::1]"]
CSRF_TRUSTED_ORIGINS = CONFIG.CSRF_TRUSTED_ORIGINS
SITE_URL = CONFIG.SITE_URL.rstrip("/")
SERVICE_NAME = CONFIG.SERVICE_NAME
EXIT_THIS_PAGE_URL = CONFIG.EXIT_THIS_PAGE_URL

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_otp_webauthn",
    "axes",
    "rules.apps.AutodiscoverRulesConfig",
    "django_tasks_db",
    "casereview.govuk",
    "casereview.audit",
    "casereview.accounts",
    "casereview.partnerships",
    "casereview.process",
    "casereview.cases",
    "casereview.notifications",
    "casereview.contributions",
    "casereview.documents",
    "casereview.casefiles",
    "casereview.meetings",
    "casereview.api",
    "casereview.retention",
    "casereview.subjectaccess",
    "casereview.sso",
    "casereview.reports",
    "casereview.learning",
    "casereview.adults",
    "casereview.domestic",
    "casereview.library",
    "casereview.site",
    "casereview.installation",
    "casereview.work",
    "casereview.operations",
    "casereview.once",
    "casereview.exports",
]

# Request bodies: forms without files up to 2.5 MB; pages that take a file have their own limit,
# a little over the largest file they accept. The proxy in front should cap bodies at the largest
# of these (nginx: client_max_body_size 22m).
DATA_UPLOAD_MAX_MEMORY_SIZE = int(2.5 * 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = int(2.5 * 1024 * 1024)
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000
DATA_UPLOAD_MAX_NUMBER_FILES = 5
UPLOAD_LIMITS = {
    "library:upload": 21 * 1024 * 1024,
    "library:attach-official": 21 * 1024 * 1024,
    "reports:import": 21 * 1024 * 1024,
    "learning:action": 6 * 1024 * 1024,
    "contributions:import": 3 * 1024 * 1024,
    "process:logo": 1 * 1024 * 1024,
    "casefiles:upload": (CONFIG.CASE_DOCUMENT_MAX_MB + 1) * 1024 * 1024,
    "casefiles:new-version": (CONFIG.CASE_DOCUMENT_MAX_MB + 1) * 1024 * 1024,
}

# Messages stay on the server: a confirmation can name a person, and a cookie is readable by
# anyone who holds it.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "casereview.govuk.middleware.SecurityHeadersMiddleware",
    # Before anything that audits: every record made by a request carries its address.
    "casereview.audit.context.AuditContextMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "casereview.accounts.middleware.SessionIdleTimerMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Before any view or CSRF check reads the body: an oversized upload is refused unread.
    "casereview.documents.upload_limits.RequestBodyLimitMiddleware",
    "casereview.accounts.middleware.RequireVerifiedSignInMiddleware",
    "casereview.govuk.input.StripControlCharactersMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A form that creates something is processed once per submission key (ADR 0018).
    "casereview.once.submissions.OneSubmissionMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, so that a locked-out sign-in is answered before any view runs.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "casereview.urls"
WSGI_APPLICATION = "casereview.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "environment": "casereview.govuk.jinja.environment",
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.messages.context_processors.messages",
                "casereview.govuk.context_processors.service",
            ],
        },
    },
    {
        # Only for third-party templates (django-otp-webauthn's script tags, error fallbacks).
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
            ],
        },
    },
]

_conn_max_age = CONFIG.DATABASE_CONN_MAX_AGE if CONFIG.DATABASE_CONN_MAX_AGE is not None else (
    60 if CONFIG.is_production else 0)
# Health checks: a kept connection that died while idle is replaced rather than failing a request.
DATABASES = {"default": dj_database_url.parse(CONFIG.DATABASE_URL, conn_max_age=_conn_max_age,
                                              conn_health_checks=True)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    name = Path(DATABASES["default"]["NAME"])
    if not name.is_absolute() and str(name) != ":memory:":
        name = BASE_DIR / name
        DATABASES["default"]["NAME"] = str(name)
    if str(name) != ":memory:":
        name.parent.mkdir(parents=True, exist_ok=True)
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            # WAL lets the task worker and the web process share the file.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000;",
            "transaction_mode": "IMMEDIATE",
        }
    )
else:
    # A frozen database answers nothing: without these a web worker waits until gunicorn kills it.
    DATABASES["default"].setdefault("OPTIONS", {}).update({
        "connect_timeout": CONFIG.DATABASE_CONNECT_TIMEOUT_SECONDS,
        "options": f"-c statement_timeout={CONFIG.DATABASE_STATEMENT_TIMEOUT_SECONDS * 1000}",
    })
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
     "OPTIONS": {"user_attributes": ("email", "full_name")}},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": CONFIG.PASSWORD_MIN_LENGTH}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:sign-in"
LOGIN_REDIRECT_URL = "work:home"

# Sessions end after a period of inactivity. Requests renew the expiry at most once a minute
# (SessionIdleTimerMiddleware), so reading a page does not write the session row.
SESSION_COOKIE_AGE = CONFIG.SESSION_IDLE_TIMEOUT_SECONDS
SESSION_WARNING_SECONDS = CONFIG.SESSION_WARNING_SECONDS
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

# Sign-in lockout. Locking by the address typed in (not by whether it exists) means the
# response is the same for real and unknown accounts.
AXES_FAILURE_LIMIT = CONFIG.SIGN_IN_FAILURE_LIMIT
AXES_COOLOFF_TIME = timedelta(minutes=CONFIG.SIGN_IN_LOCKOUT_MINUTES)
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_USERNAME_FORM_FIELD = "email"
AXES_USERNAME_CALLABLE = "casereview.accounts.signin.axes_username"
AXES_LOCKOUT_CALLABLE = "casereview.accounts.views.locked_out"
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = False
AXES_VERBOSE = False
AXES_IPWARE_PROXY_COUNT = CONFIG.TRUSTED_PROXY_COUNT or None
AXES_CLIENT_IP_CALLABLE = "casereview.audit.client.client_ip"

OTP_TOTP_ISSUER = CONFIG.SERVICE_NAME
OTP_WEBAUTHN_RP_NAME = CONFIG.SERVICE_NAME
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False
# Passkeys are bound to the host name people use (SITE_URL); browsers refuse IP addresses here,
# so passkeys work on https hosts and on http://localhost, not on http://127.0.0.1.
OTP_WEBAUTHN_RP_ID = urlsplit(SITE_URL).hostname or "localhost"
OTP_WEBAUTHN_ALLOWED_ORIGINS = [f"{urlsplit(SITE_URL).scheme}://{urlsplit(SITE_URL).netloc}"]
# Whole agencies sign in from one NAT address, so locking by address would lock them all out
# after one person's mistakes; the lock is on the account typed in instead.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
TRUSTED_PROXY_COUNT = CONFIG.TRUSTED_PROXY_COUNT

INVITATION_VALID_DAYS = CONFIG.INVITATION_VALID_DAYS
PASSWORD_MIN_LENGTH = CONFIG.PASSWORD_MIN_LENGTH
TASK_QUEUE_STALE_SECONDS = CONFIG.TASK_QUEUE_STALE_SECONDS
TASK_HEARTBEAT_SECONDS = CONFIG.TASK_HEARTBEAT_SECONDS
TASK_LEASE_SECONDS = CONFIG.TASK_LEASE_SECONDS
TASK_MAX_ATTEMPTS = CONFIG.TASK_MAX_ATTEMPTS
HEALTH_DATABASE_TIMEOUT_SECONDS = CONFIG.HEALTH_DATABASE_TIMEOUT_SECONDS
EXPORT_KEEP_HOURS = CONFIG.EXPORT_KEEP_HOURS
EXPORT_BACKGROUND_ABOVE = CONFIG.EXPORT_BACKGROUND_ABOVE
YEARLY_REPORT_BACKGROUND_ABOVE = CONFIG.YEARLY_REPORT_BACKGROUND_ABOVE
REPORT_AUTOSAVE_SECONDS = CONFIG.REPORT_AUTOSAVE_SECONDS
CLAMD_ADDRESS = CONFIG.CLAMD_ADDRESS
NOTIFY_API_KEY = CONFIG.NOTIFY_API_KEY.get_secret_value()
NOTIFY_BASE_URL = CONFIG.NOTIFY_BASE_URL
NOTIFY_TEMPLATE_ID = CONFIG.NOTIFY_TEMPLATE_ID
NOTIFY_TEMPLATES = CONFIG.NOTIFY_TEMPLATES
NOTIFY_CALLBACK_TOKEN = CONFIG.NOTIFY_CALLBACK_TOKEN.get_secret_value()
CLAMD_TIMEOUT_SECONDS = CONFIG.CLAMD_TIMEOUT_SECONDS
CASE_DOCUMENT_MAX_BYTES = CONFIG.CASE_DOCUMENT_MAX_MB * 1024 * 1024

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

_mail_backend = CONFIG.EMAIL_BACKEND or (
    "django.core.mail.backends.smtp.EmailBackend" if CONFIG.is_production
    else "django.core.mail.backends.console.EmailBackend"
)
_mail_options = {}
if _mail_backend.endswith("smtp.EmailBackend"):
    _mail_options = {
        "host": CONFIG.EMAIL_HOST,
        "port": CONFIG.EMAIL_PORT,
        "username": CONFIG.EMAIL_HOST_USER,
        "password": CONFIG.EMAIL_HOST_PASSWORD.get_secret_value(),
        "use_tls": CONFIG.EMAIL_USE_TLS,
        "timeout": 20,
    }
MAILERS = {"default": {"BACKEND": _mail_backend, "OPTIONS": _mail_options}}
DEFAULT_FROM_EMAIL = CONFIG.DEFAULT_FROM_EMAIL
SERVER_EMAIL = CONFIG.DEFAULT_FROM_EMAIL

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "casereview" / "static_build"]
STORAGES = {
    "default": CONFIG.default_storage(),
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if CONFIG.is_production
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Outside the web root; served only through permission-checked views.
MEDIA_ROOT = Path(CONFIG.MEDIA_ROOT) if CONFIG.MEDIA_ROOT else VAR_DIR / "uploads"

# Strict Content Security Policy: scripts only from this origin (with a nonce), no inline
# scripts or styles at all.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), "
    "payment=(), usb=(), interest-cohort=(), publickey-credentials-get=(self), "
    "publickey-credentials-create=(self)"
)
CSRF_FAILURE_VIEW = "casereview.govuk.errors.csrf_failure"

if CONFIG.is_production:
    SECURE_SSL_REDIRECT = True
    # Load balancers probe over plain HTTP inside the network.
    SECURE_REDIRECT_EXEMPT = [r"^healthz(/live|/ready|/tasks)?$"]
    SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
if CONFIG.TRUST_X_FORWARDED_PROTO:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"no_identifying": {"()": "casereview.govuk.logging.RedactFilter"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["no_identifying"]},
    },
    "root": {"handlers": ["console"], "level": CONFIG.LOG_LEVEL},
    "loggers": {
        # Request logs would carry query strings; the service logs its own events instead.
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        "django.server": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        "axes": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}

if CONFIG.DJANGO_ENV == "test":
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}

# Outside production, serve static files straight from the app folders (no collectstatic).
WHITENOISE_USE_FINDERS = not CONFIG.is_production
WHITENOISE_AUTOREFRESH = not CONFIG.is_production
