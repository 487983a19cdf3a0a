"""Documents' IncomingAssignment table is dropped (documents 0009, ADR 0023): a last run of
0002's copy takes over any row made since (the copy is idempotent: rows already taken over
are skipped), then every assignment made while an incoming document is handled, copied or
kept since by documents' keeper, is marked `on_document`, the mark the keeper now writes."""

from importlib import import_module

from django.db import migrations, models

_copy = import_module("partydesk.assignments.migrations.0002_copy_incoming_assignments")


def take_over(apps, schema_editor):
    _copy.copy(apps, schema_editor)
    apps.get_model("assignments", "Assignment").objects.filter(
        incoming_assignment_id__isnull=False
    ).update(on_document=True)


class Migration(migrations.Migration):
    dependencies = [
        ("assignments", "0006_calendar_feed_evaluation_steps"),
        ("documents", "0008_co_signers"),
    ]

    operations = [
        migrations.AddField(
            model_name="assignment",
            name="on_document",
            field=models.BooleanField(default=False),
        ),
        migrations.RunPython(take_over, migrations.RunPython.noop),
    ]
