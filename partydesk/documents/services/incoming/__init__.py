"""Incoming documents (ND30 Điều 20-24): register with an arrival number, assign (phân
công, bút phê) to a lead, co-handlers and readers with working-day deadlines, sub-assign
inside a unit, add notes, report completion, file; and local delivery of documents released
in this installation.

One module per verb; the public services are listed here."""

from partydesk.documents.services.incoming.answer import incoming_answered
from partydesk.documents.services.incoming.assign import (
    MAX_WORKING_DAYS,
    Assignee,
    assignment_subassign,
    incoming_assign,
)
from partydesk.documents.services.incoming.deliver import incoming_deliver
from partydesk.documents.services.incoming.handle import (
    assignment_complete,
    document_note_add,
    incoming_file,
    incoming_reopen,
)
from partydesk.documents.services.incoming.refuse import can_refuse_arrival, incoming_refuse
from partydesk.documents.services.incoming.register import (
    DuplicateSuspected,
    IncomingFields,
    dedup_key,
    incoming_file_add,
    incoming_register,
    received_report,
)
from partydesk.documents.services.incoming.withdraw import (
    incoming_mark_updated,
    incoming_withdraw,
)

__all__ = [
    "MAX_WORKING_DAYS",
    "Assignee",
    "DuplicateSuspected",
    "IncomingFields",
    "assignment_complete",
    "assignment_subassign",
    "can_refuse_arrival",
    "dedup_key",
    "document_note_add",
    "incoming_answered",
    "incoming_assign",
    "incoming_deliver",
    "incoming_file",
    "incoming_file_add",
    "incoming_mark_updated",
    "incoming_refuse",
    "incoming_register",
    "incoming_reopen",
    "incoming_withdraw",
    "received_report",
]
