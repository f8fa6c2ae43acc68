"""The one way audit events leave the log: a retention rule the partnership's business unit
manager approved in a disposal batch (ADR 0040). The append-only trigger is lifted for that one
statement, inside its transaction, and restored before it commits; the application's own guards
(AuditEvent.delete, AuditQuerySet.delete) still refuse every other deletion."""

from __future__ import annotations

from datetime import datetime

from django.db import connection, transaction

from casereview.audit.migrations._triggers import SQLITE_UP


def events_dispose(*, partnership_id: int, before: datetime, keep_case_ids: set[int]) -> int:
    """Deletes the partnership's events recorded before `before`, except those about the cases a
    legal hold keeps and the retention records (the disposal certificates' own trail). Returns how
    many went."""
    keep = sorted(keep_case_ids)
    where = ["partnership_id = %s", "at < %s", "code NOT LIKE %s"]
    params: list = [partnership_id, before, "retention.%"]
    if keep:
        where.append(f"(case_id IS NULL OR case_id NOT IN ({', '.join(['%s'] * len(keep))}))")
        params += keep
    delete = f"DELETE FROM audit_auditevent WHERE {' AND '.join(where)}"  # noqa: S608 (placeholders only)
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Foreign keys are checked at commit; PostgreSQL alters no table with such checks pending.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER audit_event_no_delete")
            cursor.execute(delete, params)
            count = cursor.rowcount
            cursor.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER audit_event_no_delete")
        else:
            cursor.execute("DROP TRIGGER IF EXISTS audit_event_no_delete")
            cursor.execute(delete, params)
            count = cursor.rowcount
            cursor.execute(SQLITE_UP[1])
    return count
