"""ADR 0025: the event row no longer carries its seal, and keeps only the indexes the audit
viewer uses (a separate migration from the copy: PostgreSQL refuses to alter a table with
foreign-key checks still pending in the same transaction)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0005_audit_seal_table"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(model_name="auditevent", name="audit_target_idx"),
        migrations.RemoveIndex(model_name="auditevent", name="audit_unsealed_idx"),
        migrations.RemoveField(model_name="auditevent", name="hash"),
        migrations.RemoveField(model_name="auditevent", name="prev_hash"),
        migrations.RemoveField(model_name="auditevent", name="seq"),
        migrations.AlterField(
            model_name="auditevent",
            name="action",
            field=models.CharField(max_length=100, verbose_name="action"),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="actor",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="actor",
            ),
        ),
        migrations.AddIndex(
            model_name="auditevent",
            index=models.Index(
                fields=["action"], name="audit_action_idx", opclasses=["varchar_pattern_ops"]
            ),
        ),
    ]
