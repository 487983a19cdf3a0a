"""ADR 0025: audit events and their seals are insert-only in the database itself. A trigger
refuses every UPDATE of `core_auditevent` and `core_auditseal`, so an event cannot be
edited between its INSERT and its seal (nor after) through the application's connection,
an ORM `update()` or an injected statement. Deleting stays possible: the test flush and
an operator's retention job delete, and a deletion is a gap the chain walk names."""

from typing import Any

from django.db import migrations

TABLES = ("core_auditevent", "core_auditseal")
MESSAGE = "audit rows are insert-only (ADR 0025)"


def _create(apps: Any, schema_editor: Any) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(
            "CREATE FUNCTION core_audit_refuse_update() RETURNS trigger LANGUAGE plpgsql AS "
            f"$$ BEGIN RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'insufficient_privilege'; "
            "END $$"
        )
        for table in TABLES:
            schema_editor.execute(
                f"CREATE TRIGGER {table}_insert_only BEFORE UPDATE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION core_audit_refuse_update()"
            )
    elif vendor == "sqlite":
        for table in TABLES:
            schema_editor.execute(
                f"CREATE TRIGGER {table}_insert_only BEFORE UPDATE ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"
            )


def _drop(apps: Any, schema_editor: Any) -> None:
    vendor = schema_editor.connection.vendor
    for table in TABLES:
        if vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_insert_only ON {table}")
        elif vendor == "sqlite":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_insert_only")
    if vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS core_audit_refuse_update()")


class Migration(migrations.Migration):
    dependencies = [("core", "0006_audit_event_insert_only")]

    operations = [migrations.RunPython(_create, _drop)]
