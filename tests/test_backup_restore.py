"""The README's backups restore: every row back, and the audit log's timestamps to the microsecond
(`dumpdata` would cut them to milliseconds, which is why the README never uses it)."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import uuid

import pytest
from django.apps import apps
from django.db import connection

from casereview.audit.services import audit_record
from tests.factories import build_world


def _tables() -> list[str]:
    return sorted({m._meta.db_table for m in apps.get_models() if m._meta.managed and not m._meta.proxy})


def _snapshot(cursor) -> dict:
    counts = {}
    for table in _tables():
        cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
        counts[table] = cursor.fetchone()[0]
    cursor.execute("SELECT id, at, code, params FROM audit_auditevent ORDER BY id")
    return {"counts": counts, "audit": [tuple(_text(v) for v in row) for row in cursor.fetchall()]}


def _text(value) -> str:
    """A column as text; JSON the same however the driver hands it over (a dict, or its text)."""
    if isinstance(value, str) and value.startswith("{"):
        value = json.loads(value)
    return json.dumps(value, sort_keys=True) if isinstance(value, dict | list) else str(value)


@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_every_row_and_the_audit_to_the_microsecond(tmp_path):
    world = build_world()
    for n in range(5):
        audit_record(action="update", actor=world.people["bu_officer"], case=world.case,
                     partnership=world.partnership, code="reports.version_saved",
                     params={"version": n})
    with connection.cursor() as cursor:
        before = _snapshot(cursor)
    assert any("." in at for _, at, _, _ in before["audit"])  # microseconds are there to lose
    if connection.vendor == "sqlite":
        # The README's command: sqlite3 var/casereview.sqlite3 ".backup <file>" (SQLite's online backup).
        connection.ensure_connection()
        target = sqlite3.connect(tmp_path / "backup.sqlite3")
        connection.connection.backup(target)
        target.close()
        restored = sqlite3.connect(tmp_path / "restored.sqlite3")
        sqlite3.connect(tmp_path / "backup.sqlite3").backup(restored)
        after = _snapshot(restored.cursor())
        restored.close()
    else:
        settings = connection.settings_dict
        env = {"PGPASSWORD": settings.get("PASSWORD") or "", "PATH": "/usr/bin:/bin"}
        where = ["-h", settings.get("HOST") or "127.0.0.1", "-p", str(settings.get("PORT") or 5432),
                 "-U", settings.get("USER") or "postgres"]
        dump, fresh = tmp_path / "casereview.dump", f"restore_{uuid.uuid4().hex[:12]}"
        tool = {name: shutil.which(name) for name in ("pg_dump", "pg_restore", "createdb", "dropdb")}
        assert all(tool.values()), f"PostgreSQL's client tools are needed: {tool}"
        # The README's commands: pg_dump -Fc, then pg_restore into a fresh database.
        subprocess.run([tool["pg_dump"], "-Fc", *where, "-f", str(dump), settings["NAME"]], env=env, check=True)
        subprocess.run([tool["createdb"], *where, fresh], env=env, check=True)
        try:
            subprocess.run([tool["pg_restore"], "--no-owner", *where, "-d", fresh, str(dump)], env=env, check=True)
            import psycopg

            with psycopg.connect(host=where[1], port=where[3], user=where[5], password=env["PGPASSWORD"],
                                 dbname=fresh) as restored:
                after = _snapshot(restored.cursor())
        finally:
            subprocess.run([tool["dropdb"], *where, fresh], env=env, check=True)
    assert after == before


@pytest.mark.django_db
def test_the_file_store_restores_from_its_archive(client, settings, tmp_path):
    """The README's file backup, `tar czf … -C var uploads`, unpacked after the store was lost: the
    case document downloads again, byte for byte."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from casereview.casefiles import services as casefiles
    from tests.factories import sign_in

    var = tmp_path / "var"
    settings.MEDIA_ROOT = var / "uploads"
    world = build_world()
    content = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
    version = casefiles.document_add(case=world.case, by=world.people["bu_officer"], title="Signed ToR",
                                     upload=SimpleUploadedFile("tor.pdf", content))
    archive = tmp_path / "uploads.tgz"
    subprocess.run(["tar", "czf", str(archive), "-C", str(var), "uploads"], check=True)  # noqa: S607
    shutil.rmtree(var / "uploads")
    sign_in(client, world.people["bu_officer"])
    address = reverse("casefiles:download", args=[world.case.reference, version.document_id, 1])
    with pytest.raises(FileNotFoundError):
        client.get(address)
    subprocess.run(["tar", "xzf", str(archive), "-C", str(var)], check=True)  # noqa: S607
    response = client.get(address)
    assert response.status_code == 200 and b"".join(response.streaming_content) == content
