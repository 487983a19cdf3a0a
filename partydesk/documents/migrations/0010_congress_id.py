"""Congresses move to the meetings app (ADR 0011 "Owners", ADR 0024). Documents sits below
meetings and may not reference its models, so a document keeps the congress's id only: the
foreign key constraint goes, the column `congress_id` and its index stay with their values.
meetings 0011 copies the congresses (keeping their ids) and documents 0011 drops the table."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("documents", "0009_drop_incoming_assignment")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterField(
                    model_name="document",
                    name="congress",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        db_constraint=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="documents",
                        to="documents.congress",
                        verbose_name="congress",
                    ),
                ),
            ],
            state_operations=[
                migrations.RemoveField(model_name="document", name="congress"),
                migrations.AddField(
                    model_name="document",
                    name="congress_id",
                    field=models.BigIntegerField(
                        blank=True, db_index=True, null=True, verbose_name="congress"
                    ),
                ),
            ],
        ),
    ]
