"""The assignments of incoming documents, made and moved by documents' handling services
through the keeper this app registers (documents.keeper, ADR 0023): one assignment system,
whichever page the work starts on."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from partydesk.accounts.models import User
from partydesk.assignments.models import Assignment, AssignmentEvent, SourceKind, State
from partydesk.assignments.services.common import record, reopened
from partydesk.core.text import vn_sort_key
from partydesk.documents.keeper import AssignmentChanged, AssignmentMade


def _row(made: AssignmentMade) -> Assignment:
    title = made.title[:300] or made.source_label[:300] or "-"
    return Assignment(
        organization_id=made.organization_id,
        parent_id=made.parent_id,
        source_kind=SourceKind.INCOMING,
        source_id=made.document_id,
        source_label=made.source_label[:300],
        on_document=True,
        role=made.role,
        title=title,
        title_sort_key=vn_sort_key(title),
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


def handling_assignment_create(made: AssignmentMade) -> int:
    """Documents made an assignment while handling a document (in its transaction)."""
    assignment = _row(made)
    assignment.save()
    record(
        assignment,
        "created",
        actor=assignment.assigner,
        note=made.instruction,
        details={"document": made.document_id, "role": made.role, "lead": assignment.lead_label},
    )
    return assignment.pk


def handling_assignment_change(change: AssignmentChanged) -> None:
    """Documents moved some of its assignments (started, reopened, completed)."""
    rows = Assignment.objects.select_for_update().filter(pk__in=change.ids, on_document=True)
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


@transaction.atomic
def handling_assignments_bulk_create(made_rows: Iterable[AssignmentMade]) -> int:
    """Many assignments of incoming documents at once, with their history (the demo's bulk
    seed, ADR 0002); parents must exist already. Returns how many were made."""
    made_list = list(made_rows)
    rows = Assignment.objects.bulk_create([_row(made) for made in made_list], batch_size=1000)
    events = []
    for made, row in zip(made_list, rows, strict=True):
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
                    assignment_id=row.pk, action="completed", at=made.completed_at, note=made.report
                )
            )
    AssignmentEvent.objects.bulk_create(events, batch_size=1000)
    return len(rows)
