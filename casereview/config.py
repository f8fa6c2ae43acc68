"""Typed configuration read from environment variables, validated once at start-up.

Everything that differs between a developer's laptop, CI and production comes from here,
so a missing or unsafe production value stops the service before it serves a page.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

# Known so that production can refuse it; never good enough for a real installation.
DEVELOPMENT_SECRET_KEY = "development-only-secret-key-do-not-use-in-production-0123456789"


class Config(BaseSettings):
    model_config = SettingsConfigDict(case_sensitive=True, extra="ignore")

    DJANGO_ENV: Literal["development", "test", "production"] = "development"
    DEBUG: bool = False
    SECRET_KEY: SecretStr = SecretStr(DEVELOPMENT_SECRET_KEY)
    ALLOWED_HOSTS: Annotated[list[str], NoDecode] = Field(default_factory=list)
    CSRF_TRUSTED_ORIGINS: Annotated[list[str], NoDecode] = Field(default_factory=list)
    DATABASE_URL: str = "sqlite:///var/casereview.sqlite3"
    # Absolute address people use to reach the service; used in email links.
    SITE_URL: str = "http://localhost:8000"
    SERVICE_NAME: str = "Safeguarding case reviews"

    # Empty: SMTP in production, the console (printed mail) elsewhere.
    EMAIL_BACKEND: str = ""
    EMAIL_HOST: str = "localhost"
    EMAIL_PORT: int = Field(default=25, ge=1, le=65535)
    EMAIL_HOST_USER: str = ""
    EMAIL_HOST_PASSWORD: SecretStr = SecretStr("")
    EMAIL_USE_TLS: bool = False
    DEFAULT_FROM_EMAIL: str = "case-reviews@localhost"
    # GOV.UK Notify, chosen with EMAIL_BACKEND=casereview.once.notify.NotifyEmailBackend. Each
    # template takes ((subject)) and ((body)); NOTIFY_TEMPLATES names one per kind of message
    # ("invitation=<id>,notification=<id>,notification.deadline_missed=<id>"), the rest use
    # NOTIFY_TEMPLATE_ID. Notify's status callbacks carry NOTIFY_CALLBACK_TOKEN as a bearer token.
    NOTIFY_API_KEY: SecretStr = SecretStr("")
    NOTIFY_BASE_URL: str = "https://api.notifications.service.gov.uk"
    NOTIFY_TEMPLATE_ID: str = ""
    NOTIFY_TEMPLATES: Annotated[dict[str, str], NoDecode] = Field(default_factory=dict)
    NOTIFY_CALLBACK_TOKEN: SecretStr = SecretStr("")

    SESSION_IDLE_TIMEOUT_SECONDS: int = Field(default=30 * 60, ge=10, le=12 * 60 * 60)
    SESSION_WARNING_SECONDS: int = Field(default=2 * 60, ge=5)
    SIGN_IN_FAILURE_LIMIT: int = Field(default=5, ge=3, le=20)
    SIGN_IN_LOCKOUT_MINUTES: int = Field(default=30, ge=1)
    INVITATION_VALID_DAYS: int = Field(default=7, ge=1, le=30)
    PASSWORD_MIN_LENGTH: int = Field(default=12, ge=10)

    # Where "Exit this page" sends someone: a neutral, commonly visited page.
    EXIT_THIS_PAGE_URL: str = "https://www.bbc.co.uk/weather"

    # Behind a load balancer that terminates TLS and sets X-Forwarded-Proto.
    TRUST_X_FORWARDED_PROTO: bool = False
    # How many proxies sit in front of the service; used to find the client's address.
    TRUSTED_PROXY_COUNT: int = Field(default=0, ge=0, le=5)
    # A task that has waited this long means no worker is running.
    TASK_QUEUE_STALE_SECONDS: int = Field(default=15 * 60, ge=30)
    # The worker writes a heartbeat this often; a task whose worker has been silent for the lease
    # is run again by another worker. Tasks are given up after this many workers died running them.
    TASK_HEARTBEAT_SECONDS: int = Field(default=10, ge=1, le=300)
    TASK_LEASE_SECONDS: int = Field(default=60, ge=3, le=3600)
    TASK_MAX_ATTEMPTS: int = Field(default=5, ge=1, le=20)
    # A frozen database must not hang every web worker: connections and statements give up.
    # How long a web worker keeps its database connection between requests; empty: 60 seconds
    # in production, 0 (a connection per request) elsewhere.
    DATABASE_CONN_MAX_AGE: int | None = Field(default=None, ge=0, le=3600)
    DATABASE_CONNECT_TIMEOUT_SECONDS: int = Field(default=5, ge=1, le=60)
    DATABASE_STATEMENT_TIMEOUT_SECONDS: int = Field(default=30, ge=1, le=3600)
    # Exports of more entries than this are made by the task worker, with a progress page; the
    # files are deleted this many hours after they are ready.
    EXPORT_BACKGROUND_ABOVE: int = Field(default=500, ge=0)
    EXPORT_KEEP_HOURS: int = Field(default=24, ge=1, le=24 * 14)
    YEARLY_REPORT_BACKGROUND_ABOVE: int = Field(default=300, ge=0)
    # How long after someone stops typing their report draft is saved (seconds).
    REPORT_AUTOSAVE_SECONDS: int = Field(default=3, ge=1, le=60)
    # The readiness probe's own limit for the database to answer.
    HEALTH_DATABASE_TIMEOUT_SECONDS: float = Field(default=1.5, gt=0, le=10)
    LOG_LEVEL: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    # ClamAV's daemon, which scans every case document before anyone can download it:
    # "unix:/run/clamav/clamd.ctl" or "tcp:clamav:3310". Empty only outside production, where
    # files are then marked as not scanned.
    CLAMD_ADDRESS: str = ""
    CLAMD_TIMEOUT_SECONDS: float = Field(default=60, gt=0, le=600)
    CASE_DOCUMENT_MAX_MB: int = Field(default=25, ge=1, le=200)
    # Where uploaded and generated files live (ADR 0043): the local disk (var/uploads), or an
    # S3-compatible object store that every web server and the task worker share.
    STORAGE_BACKEND: Literal["filesystem", "s3"] = "filesystem"
    MEDIA_ROOT: str = ""  # the local file store's folder; var/uploads when empty
    S3_BUCKET: str = ""
    S3_ENDPOINT_URL: str = ""  # empty for AWS itself; e.g. https://s3.example.net for another provider
    S3_REGION: str = ""
    S3_ACCESS_KEY_ID: str = ""
    S3_SECRET_ACCESS_KEY: SecretStr = SecretStr("")

    @field_validator("ALLOWED_HOSTS", "CSRF_TRUSTED_ORIGINS", mode="before")
    @classmethod
    def _split_commas(cls, value: object) -> object:
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value

    @field_validator("NOTIFY_TEMPLATES", mode="before")
    @classmethod
    def _pairs(cls, value: object) -> object:
        if isinstance(value, str):
            pairs = [part.strip().partition("=") for part in value.split(",") if part.strip()]
            return {kind.strip(): template.strip() for kind, _, template in pairs}
        return value

    @model_validator(mode="after")
    def _production_is_safe(self) -> Config:
        if self.TASK_LEASE_SECONDS < 3 * self.TASK_HEARTBEAT_SECONDS:
            raise ValueError("TASK_LEASE_SECONDS must be at least three heartbeats (TASK_HEARTBEAT_SECONDS)")
        if self.SESSION_WARNING_SECONDS >= self.SESSION_IDLE_TIMEOUT_SECONDS:
            raise ValueError("SESSION_WARNING_SECONDS must be shorter than SESSION_IDLE_TIMEOUT_SECONDS")
        if self.DJANGO_ENV != "production":
            return self
        problems = []
        if self.DEBUG:
            problems.append("DEBUG must be off in production")
        secret = self.SECRET_KEY.get_secret_value()
        if secret == DEVELOPMENT_SECRET_KEY or len(secret) < 50 or len(set(secret)) < 5:
            problems.append("SECRET_KEY must be set to a long random value (50 characters or more)")
        if not self.ALLOWED_HOSTS:
            problems.append("ALLOWED_HOSTS must name the hosts the service answers to")
        if not self.SITE_URL.startswith("https://"):
            problems.append("SITE_URL must be an https:// address in production")
        if self.EMAIL_BACKEND.endswith("NotifyEmailBackend") and not (
                self.NOTIFY_API_KEY.get_secret_value() and (self.NOTIFY_TEMPLATE_ID or self.NOTIFY_TEMPLATES)):
            problems.append("NOTIFY_API_KEY and NOTIFY_TEMPLATE_ID must be set to send email through GOV.UK Notify")
        if not self.CLAMD_ADDRESS:
            problems.append("CLAMD_ADDRESS must name ClamAV's daemon: case documents are scanned before download")
        if self.STORAGE_BACKEND == "s3" and not self.S3_BUCKET:
            problems.append("S3_BUCKET must name the bucket when STORAGE_BACKEND is s3")
        if problems:
            raise ValueError("; ".join(problems))
        return self

    @property
    def is_production(self) -> bool:
        return self.DJANGO_ENV == "production"

    def default_storage(self) -> dict:
        """STORAGES["default"]: files are private, so the object store's addresses are signed and
        short-lived, and nothing is ever made public."""
        if self.STORAGE_BACKEND == "filesystem":
            return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
        options = {"bucket_name": self.S3_BUCKET, "default_acl": "private", "querystring_auth": True,
                   "querystring_expire": 300, "file_overwrite": False, "object_parameters": {
                       "ServerSideEncryption": "AES256"}}
        if self.S3_ENDPOINT_URL:
            options["endpoint_url"] = self.S3_ENDPOINT_URL
        if self.S3_REGION:
            options["region_name"] = self.S3_REGION
        if self.S3_ACCESS_KEY_ID:
            options["access_key"] = self.S3_ACCESS_KEY_ID
            options["secret_key"] = self.S3_SECRET_ACCESS_KEY.get_secret_value()
        return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}


def load() -> Config:
    return Config()
