"""Congresses move here from documents (ADR 0011 "Owners", ADR 0024): every row is copied
with its id, so the ids documents keep (`Document.congress_id`, since documents 0010) and the
congress number sequences (`period_key`) still name the same congress; documents 0011 then
drops its table. Backwards, the rows go back to documents' table."""

from django.core.management.color import no_style
from django.db import migrations

FIELDS = ("id", "organization_id", "name", "opens_on", "closes_on")
BATCH = 500


def _copy(source, target, schema_editor) -> None:  # type: ignore[no-untyped-def]
    alias = schema_editor.connection.alias
    rows = source.objects.using(alias).order_by("pk").values(*FIELDS)
    target.objects.using(alias).bulk_create(
        [target(**row) for row in rows.iterator(chunk_size=BATCH)], batch_size=BATCH
    )
    # The ids were given, so PostgreSQL's sequence must move past them (SQLite's does alone).
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [target]):
            cursor.execute(sql)


def forwards(apps, schema_editor) -> None:  # type: ignore[no-untyped-def]
    _copy(
        apps.get_model("documents", "Congress"),
        apps.get_model("meetings", "Congress"),
        schema_editor,
    )


def backwards(apps, schema_editor) -> None:  # type: ignore[no-untyped-def]
    moved = apps.get_model("meetings", "Congress")
    _copy(moved, apps.get_model("documents", "Congress"), schema_editor)
    moved.objects.using(schema_editor.connection.alias).all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0010_congress"),
        # Documents keeps the ids without a foreign key before its table goes (documents 0011).
        ("documents", "0010_congress_id"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
