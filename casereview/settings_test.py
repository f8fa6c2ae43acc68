"""Settings for the test run: the ordinary settings with DJANGO_ENV=test."""

import os

os.environ["DJANGO_ENV"] = "test"
os.environ.setdefault("DATABASE_URL", "sqlite:///var/test.sqlite3")

from casereview.settings import *  # noqa: E402,F403

WORDING_STRICT = True  # an audit event that cannot be worded fails the test that recorded it
# Case documents are marked "not scanned" unless a test asks for the real daemon (conftest.scanner).
CLAMD_ADDRESS = ""
