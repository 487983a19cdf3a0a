from django.db import migrations, models

from partydesk.core.text import vn_sort_key

BATCH = 2000


def fill_title_sort_keys(apps, schema_editor):
    """Vietnamese sort keys for every assignment's title, in batches."""
    model = apps.get_model("assignments", "Assignment")
    last = 0
    while True:
        rows = list(model.objects.filter(pk__gt=last).order_by("pk")[:BATCH])
        if not rows:
            break
        for row in rows:
            row.title_sort_key = vn_sort_key(row.title)
        model.objects.bulk_update(rows, ["title_sort_key"])
        last = rows[-1].pk


class Migration(migrations.Migration):
    dependencies = [
        ("assignments", "0008_collective_evaluations_signed_forms"),
    ]

    operations = [
        migrations.AddField(
            model_name="assignment",
            name="title_sort_key",
            field=models.CharField(default="", editable=False, max_length=1024),
        ),
        migrations.RunPython(fill_title_sort_keys, migrations.RunPython.noop),
    ]
