"""The full-text index over the analysed page text: FTS5 on SQLite (kept in step by triggers),
a GIN expression index on PostgreSQL. Both index the same words; see ADR 0010."""

from django.db import migrations

SQLITE_UP = [
    "CREATE VIRTUAL TABLE library_page_fts USING fts5(index_text, content='library_documentpage', "
    "content_rowid='id', tokenize='unicode61 remove_diacritics 0')",
    "CREATE TRIGGER library_page_fts_insert AFTER INSERT ON library_documentpage BEGIN "
    "INSERT INTO library_page_fts(rowid, index_text) VALUES (new.id, new.index_text); END",
    "CREATE TRIGGER library_page_fts_delete AFTER DELETE ON library_documentpage BEGIN "
    "INSERT INTO library_page_fts(library_page_fts, rowid, index_text) VALUES ('delete', old.id, old.index_text); END",
    "CREATE TRIGGER library_page_fts_update AFTER UPDATE ON library_documentpage BEGIN "
    "INSERT INTO library_page_fts(library_page_fts, rowid, index_text) VALUES ('delete', old.id, old.index_text); "
    "INSERT INTO library_page_fts(rowid, index_text) VALUES (new.id, new.index_text); END",
    "INSERT INTO library_page_fts(library_page_fts) VALUES ('rebuild')",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS library_page_fts_update",
    "DROP TRIGGER IF EXISTS library_page_fts_delete",
    "DROP TRIGGER IF EXISTS library_page_fts_insert",
    "DROP TABLE IF EXISTS library_page_fts",
]
POSTGRES_UP = ["CREATE INDEX library_page_words ON library_documentpage USING GIN (to_tsvector('simple', index_text))"]
POSTGRES_DOWN = ["DROP INDEX IF EXISTS library_page_words"]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)
    return run


class Migration(migrations.Migration):
    dependencies = [("library", "0001_initial")]

    operations = [
        migrations.RunPython(_run({"sqlite": SQLITE_UP, "postgresql": POSTGRES_UP}),
                             _run({"sqlite": SQLITE_DOWN, "postgresql": POSTGRES_DOWN})),
    ]
