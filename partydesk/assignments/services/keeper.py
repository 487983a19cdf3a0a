"""The assignments of incoming documents, kept here as documents makes and moves them
(documents.hooks, ADR 0023): one assignment system, whichever page the work starts on."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from partydesk.accounts.models import User
from partydesk.assignments.models import Assignment, AssignmentEvent, SourceKind, State
from partydesk.assignments.services.common import record, reopened
from partydesk.documents.hooks import AssignmentChanged, AssignmentMade
from partydesk.documents.selectors.assignments import incoming_assignments_made


def _row(made: AssignmentMade, parent_id: int | None) -> Assignment:
    return Assignment(
        organization_id=made.organization_id,
        parent_id=parent_id,
        source_kind=SourceKind.INCOMING,
        source_id=made.document_id,
        source_label=made.source_label[:300],
        incoming_assignment_id=made.incoming_assignment_id,
        role=made.role,
        title=made.title[:300] or made.source_label[:300] or "-",
        content=made.instruction,
        assigner_id=made.assigner_id,
        lead_unit_id=made.unit_id,
        lead_user_id=made.user_id,
        start_date=made.start_date,
        working_days=made.working_days,
        deadline=made.deadline,
        restricted=made.restricted,
        state=made.state,
        report=made.report,
        completed_at=made.completed_at,
    )


def _parent_id(incoming_parent_id: int | None) -> int | None:
    if incoming_parent_id is None:
        return None
    return (
        Assignment.objects.filter(incoming_assignment_id=incoming_parent_id)
        .values_list("pk", flat=True)
        .first()
    )


def incoming_assignment_kept(made: AssignmentMade) -> None:
    """Documents made an assignment (in its transaction): keep it here too."""
    assignment = _row(made, _parent_id(made.parent_id))
    assignment.save()
    record(
        assignment,
        "created",
        actor=assignment.assigner,
        note=made.instruction,
        details={"document": made.document_id, "role": made.role, "lead": assignment.lead_label},
    )


def incoming_assignment_changed(change: AssignmentChanged) -> None:
    """Documents moved some of its assignments (started, reopened, completed)."""
    rows = Assignment.objects.select_for_update().filter(
        incoming_assignment_id__in=change.incoming_assignment_ids
    )
    actor = User.objects.filter(pk=change.actor_id).first() if change.actor_id else None
    for assignment in rows:
        if assignment.state == change.state:
            continue
        assignment.state = change.state
        fields = ["state", "updated_at"]
        if change.state == State.DONE:
            assignment.report = change.report
            assignment.completed_at = timezone.now()
            fields += ["report", "completed_at"]
        else:
            fields += reopened(assignment)
        assignment.save(update_fields=fields)
        record(assignment, change.action, actor=actor, note=change.report)


def _copy(made_rows: Iterable[AssignmentMade]) -> int:
    """Create the rows documents has and this app has not (parents first)."""
    known = dict(
        Assignment.objects.filter(incoming_assignment_id__isnull=False).values_list(
            "incoming_assignment_id", "pk"
        )
    )
    created = 0
    batch: list[tuple[AssignmentMade, Assignment]] = []

    def flush() -> None:
        rows = Assignment.objects.bulk_create([row for _, row in batch])
        events = []
        for (made, _), row in zip(batch, rows, strict=True):
            known[made.incoming_assignment_id] = row.pk
            events.append(
                AssignmentEvent(
                    assignment_id=row.pk,
                    action="created",
                    actor_id=made.assigner_id,
                    at=made.created_at or timezone.now(),
                    note=made.instruction,
                    details={"document": made.document_id, "role": made.role},
                )
            )
            if made.state == State.DONE and made.completed_at is not None:
                events.append(
                    AssignmentEvent(
                        assignment_id=row.pk,
                        action="completed",
                        at=made.completed_at,
                        note=made.report,
                    )
                )
        AssignmentEvent.objects.bulk_create(events)
        batch.clear()

    for made in made_rows:
        if made.incoming_assignment_id in known:
            continue
        if made.parent_id is not None and made.parent_id not in known:
            flush()  # the parent is in this batch: give it its id first
        batch.append((made, _row(made, known.get(made.parent_id) if made.parent_id else None)))
        created += 1
        if len(batch) >= 1000:
            flush()
    if batch:
        flush()
    return created


@transaction.atomic
def assignments_copy_incoming() -> int:
    """Take over every documents assignment not kept here yet (the demo's bulk seed, which
    writes documents' rows directly); returns how many were copied."""
    return _copy(incoming_assignments_made())
