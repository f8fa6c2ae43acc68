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


@pytest.fixture(autouse=True)
def _nothing_kept_between_tests():
    """The navigation's count of waiting work is cached; one test's count must not show in another."""
    from django.core.cache import cache

    cache.clear()
    yield
