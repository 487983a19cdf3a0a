"""The engine-specific half of the index, created for the database in use.

PostgreSQL: a `vector` tsvector column (written by services.py as a literal of our own tokens)
with a GIN index for rare terms, and btrees that let "newest first, LIMIT 20" walk in date
order and stop early for common terms. Path indexes use varchar_pattern_ops so that
`organization_path LIKE 'prefix%'` is an index range whatever the database collation.

SQLite: an FTS5 table whose rowid is search_entry.id, and the same btrees; the path prefix
is queried as a range there (LIKE is case-insensitive on SQLite and cannot use an index).

The model does not declare these on purpose: the ORM cannot express a column that exists on
one engine only. docs/decisions/0006-search.md explains the query plans they serve.
"""

from django.db import migrations

POSTGRESQL = [
    "ALTER TABLE search_entry ADD COLUMN vector tsvector NOT NULL DEFAULT ''",
    # fastupdate off: writes are human-paced; reads then never scan a pending list.
    "CREATE INDEX search_entry_vector ON search_entry USING gin (vector) "
    "WITH (fastupdate = off)",
    "CREATE INDEX search_entry_kind_date ON search_entry (kind, date, object_id)",
    "CREATE INDEX search_entry_kind_path ON search_entry "
    "(kind, organization_path varchar_pattern_ops, date)",
]
POSTGRESQL_BACKWARDS = [
    "DROP INDEX IF EXISTS search_entry_kind_path",
    "DROP INDEX IF EXISTS search_entry_kind_date",
    "DROP INDEX IF EXISTS search_entry_vector",
    "ALTER TABLE search_entry DROP COLUMN IF EXISTS vector",
]
SQLITE = [
    "CREATE VIRTUAL TABLE search_fts USING fts5("
    "document, tokenize = 'unicode61 remove_diacritics 0', prefix = '3')",
    "CREATE INDEX search_entry_kind_date ON search_entry (kind, date, object_id)",
    "CREATE INDEX search_entry_kind_path ON search_entry (kind, organization_path, date)",
]
SQLITE_BACKWARDS = [
    "DROP INDEX IF EXISTS search_entry_kind_path",
    "DROP INDEX IF EXISTS search_entry_kind_date",
    "DROP TABLE IF EXISTS search_fts",
]


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    vendor = schema_editor.connection.vendor
    for sql in POSTGRESQL if vendor == "postgresql" else SQLITE if vendor == "sqlite" else []:
        schema_editor.execute(sql)


def backwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    vendor = schema_editor.connection.vendor
    statements = (
        POSTGRESQL_BACKWARDS
        if vendor == "postgresql"
        else SQLITE_BACKWARDS
        if vendor == "sqlite"
        else []
    )
    for sql in statements:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
