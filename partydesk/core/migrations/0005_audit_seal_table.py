"""ADR 0025: seals move from the event row to a narrow table of their own.

Every sealed event's (seq, prev_hash, hash) is copied into `core_auditseal` with one
INSERT … SELECT (the same SQL on SQLite and PostgreSQL, so a large trail is copied by the
database, not through Python); the next migration drops the old columns. The head's
low-water mark starts at 0: the first sealer pass looks at the whole table once.
"""

import django.db.models.deletion
from django.db import migrations, models


def copy_seals(apps, schema_editor):
    event = apps.get_model("core", "AuditEvent")._meta.db_table
    seal = apps.get_model("core", "AuditSeal")._meta.db_table
    q = schema_editor.quote_name
    schema_editor.execute(
        f"INSERT INTO {q(seal)} ({q('seq')}, {q('event_id')}, {q('prev_hash')}, {q('hash')}) "
        f"SELECT {q('seq')}, {q('id')}, {q('prev_hash')}, {q('hash')} FROM {q(event)} "
        f"WHERE {q('seq')} IS NOT NULL"
    )


def copy_seals_back(apps, schema_editor):
    event = apps.get_model("core", "AuditEvent")._meta.db_table
    seal = apps.get_model("core", "AuditSeal")._meta.db_table
    q = schema_editor.quote_name
    for column in ("seq", "prev_hash", "hash"):
        schema_editor.execute(
            f"UPDATE {q(event)} SET {q(column)} = (SELECT s.{q(column)} FROM {q(seal)} s "
            f"WHERE s.{q('event_id')} = {q(event)}.{q('id')}) "
            f"WHERE {q('id')} IN (SELECT {q('event_id')} FROM {q(seal)})"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0004_files_notifications_outbox"),
    ]

    operations = [
        migrations.CreateModel(
            name="AuditSeal",
            fields=[
                (
                    "seq",
                    models.PositiveBigIntegerField(
                        primary_key=True, serialize=False, verbose_name="sequence"
                    ),
                ),
                ("prev_hash", models.CharField(max_length=64)),
                ("hash", models.CharField(max_length=64)),
                (
                    "event",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="seal",
                        to="core.auditevent",
                        verbose_name="event",
                    ),
                ),
            ],
            options={
                "verbose_name": "audit seal",
                "verbose_name_plural": "audit seals",
                "ordering": ["seq"],
            },
        ),
        migrations.AddField(
            model_name="auditchainhead",
            name="horizon_id",
            field=models.PositiveBigIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="auditchainhead",
            name="horizon",
            field=models.TextField(blank=True, default=""),
        ),
        migrations.AddField(
            model_name="auditchainhead",
            name="scan_from",
            field=models.PositiveBigIntegerField(default=0),
        ),
        migrations.RunPython(copy_seals, copy_seals_back),
    ]
