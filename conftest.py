"""Shared test set-up: the audit table's triggers, and a small fictional world of people and cases."""

from __future__ import annotations

import pytest
from django.db.backends.base.operations import BaseDatabaseOperations

from casereview.audit.migrations import _triggers
from tests.factories import World, build_world

_original_flush = BaseDatabaseOperations.execute_sql_flush


def _flush_around_audit_triggers(self, sql_list):
    """Test databases are emptied between browser tests; the audit triggers would refuse that.

    Only the test run does this, and only around Django's own flush: the application itself
    has no path that removes audit events.
    """
    connection = self.connection
    vendor = connection.vendor
    with connection.cursor() as cursor:
        if vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER USER")
        elif vendor == "sqlite":
            cursor.execute("DROP TRIGGER IF EXISTS audit_event_no_update")
            cursor.execute("DROP TRIGGER IF EXISTS audit_event_no_delete")
    try:
        _original_flush(self, sql_list)
    finally:
        with connection.cursor() as cursor:
            if vendor == "postgresql":
                cursor.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER USER")
            elif vendor == "sqlite":
                for statement in _triggers.SQLITE_UP:
                    cursor.execute(statement)


BaseDatabaseOperations.execute_sql_flush = _flush_around_audit_triggers


@pytest.fixture
def world(db) -> World:
    return build_world()


@pytest.fixture(scope="session")
def clamd_address() -> str:
    """ClamAV's daemon, answering with the test signature database (scripts/clamd-test). CI starts
    it before the run and sets CLAMD_ADDRESS; elsewhere it is started here. Where clamd is not
    installed the tests that need it are skipped, except in CI, where they fail."""
    import os
    import subprocess
    from pathlib import Path

    from casereview.documents import malware

    address = os.environ.get("CLAMD_ADDRESS", "")
    if address and malware.ping(address):
        return address
    script = Path(__file__).resolve().parent / "scripts" / "clamd-test"
    result = subprocess.run([str(script)], capture_output=True, text=True, timeout=120)  # noqa: S603
    if result.returncode == 0:
        return result.stdout.strip()
    if os.environ.get("CI"):
        pytest.fail(f"ClamAV's daemon is needed and did not start: {result.stderr.strip()}")
    pytest.skip(f"ClamAV's daemon is not available here: {result.stderr.strip()}")


@pytest.fixture(scope="session")
def oidc_issuer(worker_id) -> str:
    """The test OpenID Connect provider's issuer (scripts/oidc-test). CI starts it before the run and
    sets OIDC_TEST_ISSUER; elsewhere each test worker starts its own, on its own port."""
    import os
    import subprocess
    from pathlib import Path

    issuer = os.environ.get("OIDC_TEST_ISSUER", "")
    if issuer:
        return issuer
    port = 8765 + 1 + (int(worker_id.removeprefix("gw")) if worker_id.startswith("gw") else 0)
    script = Path(__file__).resolve().parent / "scripts" / "oidc-test"
    result = subprocess.run([str(script), str(port)], capture_output=True, text=True, timeout=120)  # noqa: S603
    if result.returncode != 0:
        pytest.fail(f"The test identity provider did not start: {result.stderr.strip()}")
    return result.stdout.strip()


@pytest.fixture
def scanner(clamd_address, settings) -> str:
    """Case documents are scanned by the real daemon during this test."""
    settings.CLAMD_ADDRESS = clamd_address
    return clamd_address


@pytest.fixture(autouse=True)
def _nothing_kept_between_tests():
    """The navigation's count of waiting work is cached; one test's count must not show in another."""
    from django.core.cache import cache

    from casereview.audit.kept import forget_memos

    cache.clear()
    forget_memos()
    yield


# The longest browser tests, in seconds on CI's machine. Started first among the browser tests so that
# a parallel run does not end with one worker idle while the other finishes one of them.
_LONGEST_FIRST = (
    "e2e/test_staff_pages_on_a_phone.py::test_every_staff_page_fits_a_phone_and_passes_axe",  # ~130
    "e2e/test_public_site.py::test_every_page_in_the_index_passes_axe",  # ~80
    "e2e/test_publication_journey.py::",  # ~70
    "e2e/test_report_writing_journey.py::",  # ~55
    "e2e/test_learning_journey.py::",  # ~45
)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Reorders the browser tests among their own places only: pytest-django has already put them
    with the other tests that empty the database, after those that roll back."""
    slots = [index for index, item in enumerate(items) if item.nodeid.startswith("e2e/")]

    def rank(item) -> int:
        return next((n for n, prefix in enumerate(_LONGEST_FIRST) if item.nodeid.startswith(prefix)),
                    len(_LONGEST_FIRST))

    ordered = sorted((items[index] for index in slots), key=rank)
    for index, item in zip(slots, ordered, strict=True):
        items[index] = item
