"""The default meeting kinds as data (partydesk/meetings/kinds.py)."""

from django.db import migrations

from partydesk.meetings.kinds import DEFAULT_KINDS


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    MeetingKind = apps.get_model("meetings", "MeetingKind")
    for order, kind in enumerate(DEFAULT_KINDS):
        MeetingKind.objects.get_or_create(
            organization=None,
            code=kind.code,
            defaults={
                "name": kind.name,
                "quorum_numerator": kind.quorum[0],
                "quorum_denominator": kind.quorum[1],
                "quorum_strict": kind.strict,
                "needs_quorum": kind.needs_quorum,
                "materials_days_ahead": kind.days_ahead,
                "confidential": kind.confidential,
                "order": (order + 1) * 10,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("meetings", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
