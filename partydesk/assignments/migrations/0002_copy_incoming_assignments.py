"""Take over documents' IncomingAssignment rows (decision 0011 "Owners", ADR 0023): one
Assignment per row, parents before children, with a history of what is known (made, and
completed). Documents keeps its table until a later migration drops it."""

from django.db import migrations
from django.utils import timezone


def _symbol(document):
    if not document.code_number:
        return ""
    sep = "/" if document.system == "state" else "-"
    return f"{document.code_number}{sep}{document.code_notation}"


def copy(apps, schema_editor):
    IncomingAssignment = apps.get_model("documents", "IncomingAssignment")
    Assignment = apps.get_model("assignments", "Assignment")
    AssignmentEvent = apps.get_model("assignments", "AssignmentEvent")
    known = dict(
        Assignment.objects.filter(incoming_assignment_id__isnull=False).values_list(
            "incoming_assignment_id", "pk"
        )
    )
    rows = IncomingAssignment.objects.select_related("document").order_by("pk")
    for old in rows.iterator(chunk_size=2000):
        if old.pk in known:
            continue
        document = old.document
        start = document.arrival_date or timezone.localdate(old.created_at)
        if old.deadline and old.deadline < start:
            start = old.deadline
        symbol = _symbol(document)
        new = Assignment.objects.create(
            organization_id=document.organization_id,
            parent_id=known.get(old.parent_id) if old.parent_id else None,
            source_kind="incoming",
            source_id=document.pk,
            source_label=symbol[:300],
            incoming_assignment_id=old.pk,
            role=old.role,
            title=(document.subject or symbol or "-")[:300],
            content=old.instruction,
            assigner_id=old.assigned_by_id,
            lead_unit_id=old.organization_id,
            lead_user_id=old.user_id,
            start_date=start,
            working_days=old.working_days,
            deadline=old.deadline,
            restricted=bool(document.secrecy),
            state=old.status,
            report=old.report,
            completed_at=old.completed_at,
        )
        known[old.pk] = new.pk
        events = [
            AssignmentEvent(
                assignment_id=new.pk,
                action="created",
                actor_id=old.assigned_by_id,
                at=old.created_at,
                note=old.instruction,
                details={"document": document.pk, "role": old.role, "copied": True},
            )
        ]
        if old.status == "done" and old.completed_at is not None:
            events.append(
                AssignmentEvent(
                    assignment_id=new.pk,
                    action="completed",
                    at=old.completed_at,
                    note=old.report,
                    details={"copied": True},
                )
            )
        AssignmentEvent.objects.bulk_create(events)


def uncopy(apps, schema_editor):
    apps.get_model("assignments", "Assignment").objects.filter(
        incoming_assignment_id__isnull=False
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("assignments", "0001_initial"),
        ("documents", "0006_files_and_notifications_to_core"),
    ]

    operations = [migrations.RunPython(copy, uncopy)]
