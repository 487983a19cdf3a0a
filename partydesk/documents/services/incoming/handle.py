"""Handling an incoming document: notes, completion reports, reopening, filing."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partydesk.accounts.models import User
from partydesk.core.errors import InvalidInput, NotAllowed
from partydesk.documents import keeper
from partydesk.documents.keeper import AssignmentRole, AssignmentStatus, HandlingAssignment
from partydesk.documents.models import Document, Status
from partydesk.documents.permissions import (
    HANDLING,
    can_assign_documents,
    can_complete_assignment,
    can_file_document,
    can_note_document,
    can_register_documents,
    can_reopen_document,
    is_assignee,
)
from partydesk.documents.services import records
from partydesk.documents.services.incoming.assign import _lock_assignment, _start_handling
from partydesk.documents.transitions import check_transition


def _assignments(document: Document) -> list[HandlingAssignment]:
    """Passed-on work first: a person's own part before the unit's."""
    found = keeper.assignments_of(document)
    return sorted(found, key=lambda a: (a.parent_id is None, -(a.parent_id or 0), a.pk))


@transaction.atomic
def document_note_add(*, actor: User, document: Document, text: str) -> None:
    """A handler's working note (ý kiến đề xuất); the first one starts the handling."""
    document = records.lock(document)
    text = text.strip()
    if not text:
        raise InvalidInput(_("Write the note first."), field="text")
    grants = records.grants_of(actor)
    assignments = _assignments(document)
    if not can_note_document(actor, grants, document, assignments):
        if document.status not in HANDLING:
            raise InvalidInput(_("This document is not being handled now."))
        raise NotAllowed(_("Only the people handling this document add notes to it."))
    mine = next((a for a in assignments if can_complete_assignment(actor, grants, a)), None)
    if mine is not None and mine.status == AssignmentStatus.OPEN:
        keeper.assignment_progress([mine.pk], actor=actor, note=text)
    records.record_event(document, action="note", actor=actor, note=text)
    records.audit(actor, "noted", document)
    _start_handling(document, actor, "")


@transaction.atomic
def assignment_complete(
    *, actor: User, assignment: HandlingAssignment, report: str
) -> HandlingAssignment:
    """Report an assignment done; the lead's report completes the document's handling."""
    assignment = _lock_assignment(assignment)
    document = assignment.document
    grants = records.grants_of(actor)
    if not can_complete_assignment(actor, grants, assignment):
        if not is_assignee(actor, grants, assignment):
            raise NotAllowed(_("Only the person or unit assigned reports it done."))
        if assignment.is_done:
            raise InvalidInput(_("This assignment is already reported done."))
        if assignment.role == AssignmentRole.INFO:
            raise InvalidInput(_("A document sent for information needs no report."))
        raise InvalidInput(_("This document is not being handled now."))
    report = report.strip()
    if not report:
        raise InvalidInput(_("Write the completion report (what was done)."), field="report")
    keeper.assignment_complete([assignment.pk], actor=actor, report=report)
    assignment.status = AssignmentStatus.DONE
    assignment.report = report
    assignment.completed_at = timezone.now()
    details = {"assignment": assignment.pk, "role": assignment.role}
    if assignment.parent_id is None and assignment.role == AssignmentRole.LEAD:
        records.move(
            document,
            Status.COMPLETED,
            actor=actor,
            action="completed",
            note=report,
            details=details,
        )
        records.index(document)
    else:
        records.record_event(
            document, action="assignment_done", actor=actor, note=report, details=details
        )
        records.audit(actor, "assignment_done", document, **details)
        _start_handling(document, actor, "")
    return assignment


@transaction.atomic
def incoming_reopen(*, actor: User, document: Document, reason: str) -> None:
    """The leader sends a handled document back for more work."""
    document = records.lock(document)
    if not can_reopen_document(actor, records.grants_of(actor), document):
        if not can_assign_documents(records.grants_of(actor), document.organization):
            raise NotAllowed(_("Only a leader sends handling back."))
        raise InvalidInput(_("Only handled work is sent back."))
    if not reason.strip():
        raise InvalidInput(_("Say what still needs to be done."), field="reason")
    lead = keeper.top_lead(keeper.assignments_of(document))
    if lead is not None:
        keeper.assignment_progress([lead.pk], actor=actor, action="reopened", note=reason)
    records.move(document, Status.IN_PROGRESS, actor=actor, action="reopened", note=reason)
    records.index(document)


@transaction.atomic
def incoming_file(*, actor: User, document: Document, note: str = "") -> None:
    """File the document (lưu hồ sơ): after handling, or straight away if it is for
    information only."""
    document = records.lock(document)
    grants = records.grants_of(actor)
    lead = keeper.top_lead(keeper.assignments_of(document))
    if not can_file_document(actor, grants, document, lead):
        allowed = can_register_documents(grants, document.organization) or (
            lead is not None and is_assignee(actor, grants, lead)
        )
        if not allowed:
            raise NotAllowed(_("The clerk or the lead handler files the document."))
        check_transition(document.direction, document.status, Status.FILED)
        raise InvalidInput(_("This document is still being handled."))
    records.move(document, Status.FILED, actor=actor, action="filed", note=note)
    document.closed_at = timezone.now()
    document.save(update_fields=["closed_at"])
    records.index(document)
