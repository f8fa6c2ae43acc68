"""Configuration: typed, validated, and safe in production."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import ValidationError

from casereview.config import Config

GOOD_SECRET = "k" * 10 + "Q3x!9vLz_2mT8#pW7rB4nY6eH1sD0aFgJcU5iOoKlMqNbVcXz"
ROOT = Path(__file__).resolve().parent.parent


def production(**env):
    base = {"DJANGO_ENV": "production", "SECRET_KEY": GOOD_SECRET, "ALLOWED_HOSTS": "reviews.example.org",
            "SITE_URL": "https://reviews.example.org", "CLAMD_ADDRESS": "unix:/run/clamav/clamd.ctl"}
    base.update(env)
    return Config(_env_file=None, **base)


def test_good_production_settings_are_accepted():
    config = production()
    assert config.ALLOWED_HOSTS == ["reviews.example.org"]


@pytest.mark.parametrize("env, message", [
    ({"DEBUG": True}, "DEBUG must be off"),
    ({"SECRET_KEY": "development-only-secret-key-do-not-use-in-production-0123456789"}, "SECRET_KEY"),
    ({"SECRET_KEY": "short"}, "SECRET_KEY"),
    ({"ALLOWED_HOSTS": ""}, "ALLOWED_HOSTS"),
    ({"CLAMD_ADDRESS": ""}, "CLAMD_ADDRESS"),
])
def test_unsafe_production_settings_are_refused(env, message):
    with pytest.raises(ValidationError, match=message):
        production(**env)


def test_wrong_types_are_refused():
    with pytest.raises(ValidationError):
        Config(_env_file=None, SESSION_IDLE_TIMEOUT_SECONDS="half an hour")


def test_comma_separated_hosts():
    assert production(ALLOWED_HOSTS="a.example, b.example").ALLOWED_HOSTS == ["a.example", "b.example"]


def _manage(args, env):
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO")}
    full_env.update(env)
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=full_env, capture_output=True,
                          text=True, timeout=120)


def test_production_refuses_to_start_with_debug_on():
    result = _manage(["check"], {"DJANGO_ENV": "production", "DEBUG": "true", "SECRET_KEY": GOOD_SECRET,
                                 "ALLOWED_HOSTS": "x.example", "SITE_URL": "https://x.example"})
    assert result.returncode != 0
    assert "DEBUG must be off in production" in result.stderr


def test_check_deploy_is_clean_under_production_settings():
    result = _manage(["check", "--deploy", "--fail-level", "WARNING"], {
        "DJANGO_ENV": "production", "SECRET_KEY": GOOD_SECRET, "ALLOWED_HOSTS": "reviews.example.org",
        "SITE_URL": "https://reviews.example.org", "DATABASE_URL": "sqlite:///var/check-deploy.sqlite3",
        "CLAMD_ADDRESS": "tcp:127.0.0.1:3310"})
    assert result.returncode == 0, result.stdout + result.stderr


def test_files_go_to_an_s3_compatible_store_when_configured():
    """Private, encrypted, signed short-lived addresses; the store's own credentials only if given."""
    from django.utils.module_loading import import_string

    local = Config(_env_file=None).default_storage()
    assert local == {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    s3 = Config(_env_file=None, STORAGE_BACKEND="s3", S3_BUCKET="casereview-files",
                S3_ENDPOINT_URL="https://s3.example.net", S3_REGION="eu-west-2", S3_ACCESS_KEY_ID="AKIA0000",
                S3_SECRET_ACCESS_KEY="not-a-real-secret").default_storage()
    assert s3["BACKEND"] == "storages.backends.s3.S3Storage"
    options = s3["OPTIONS"]
    assert options["default_acl"] == "private" and options["querystring_auth"] and not options["file_overwrite"]
    assert options["secret_key"] == "not-a-real-secret"  # noqa: S105
    storage = import_string(s3["BACKEND"])(**options)  # builds without reaching the network
    assert storage.bucket_name == "casereview-files" and storage.endpoint_url == "https://s3.example.net"
    with pytest.raises(ValidationError, match="S3_BUCKET"):
        production(STORAGE_BACKEND="s3")
