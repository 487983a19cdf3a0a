"""Stored files now belong to core (core 0004 renamed the table); document notifications
become core notifications, row for row, and their table goes."""

import django.db.models.deletion
from django.db import migrations, models
from django.urls import NoReverseMatch, reverse
from django.utils import timezone


def _detail_url(document_id):  # type: ignore[no-untyped-def]
    try:
        return reverse("documents:detail", args=[document_id])
    except NoReverseMatch:
        return ""


def notifications_to_core(apps, schema_editor):  # type: ignore[no-untyped-def]
    old = apps.get_model("documents", "DocumentNotification")
    new = apps.get_model("core", "Notification")
    now = timezone.now()
    rows = old.objects.select_related("document").order_by("pk").iterator(chunk_size=2000)
    batch = []
    for row in rows:
        batch.append(
            new(
                recipient_id=row.user_id,
                kind=f"documents.{row.kind}",
                title=row.document.subject[:300],
                url=_detail_url(row.document_id),
                urgent=row.urgent,
                organization_id=row.document.organization_id,
                target_type="documents.document",
                target_id=str(row.document_id),
                created_at=row.created_at,
                read_at=row.read_at,
                # Made before email existed: settled, so no digest sends the backlog.
                emailed_at=now,
            )
        )
        if len(batch) >= 2000:
            new.objects.bulk_create(batch)
            batch = []
    new.objects.bulk_create(batch)


def notifications_back(apps, schema_editor):  # type: ignore[no-untyped-def]
    old = apps.get_model("documents", "DocumentNotification")
    new = apps.get_model("core", "Notification")
    old.objects.bulk_create(
        old(
            user_id=row.recipient_id,
            document_id=int(row.target_id),
            kind=row.kind.removeprefix("documents."),
            urgent=row.urgent,
            created_at=row.created_at,
            read_at=row.read_at,
        )
        for row in new.objects.filter(target_type="documents.document").iterator()
    )


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0005_document_in_reply_to"),
        ("core", "0004_files_notifications_outbox"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="documentversion",
                    name="file",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="versions",
                        to="core.storedfile",
                    ),
                ),
                migrations.DeleteModel(name="StoredFile"),
            ],
            database_operations=[],
        ),
        migrations.RunPython(notifications_to_core, notifications_back),
        migrations.DeleteModel(name="DocumentNotification"),
    ]
