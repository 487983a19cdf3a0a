"""An incoming document answered by an outgoing one: the reply's release completes its
handling (ND30 Điều 24: handling ends with the answer sent)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from partydesk.accounts.models import User
from partydesk.documents import keeper
from partydesk.documents.keeper import AssignmentRole
from partydesk.documents.models import Document
from partydesk.documents.models import Status as S
from partydesk.documents.services import records
from partydesk.documents.transitions import OPEN_INCOMING


@transaction.atomic
def incoming_answered(*, actor: User, incoming: Document, reply: Document) -> None:
    """Complete the handling of `incoming` because `reply` was released; called by the release
    in its own transaction. A document already handled only records that it was answered."""
    incoming = records.lock(incoming)
    label = reply.symbol or reply.subject
    report = _("Answered by %(reply)s.") % {"reply": label}
    details = {"reply": reply.pk}
    if incoming.status not in OPEN_INCOMING:
        records.record_event(incoming, action="answered", actor=actor, note=report, details=details)
        records.audit(actor, "answered", incoming, **details)
        return
    ids = [
        a.pk
        for a in keeper.assignments_of(incoming)
        if not a.is_done and a.role != AssignmentRole.INFO
    ]
    keeper.assignment_complete(ids, actor=actor, report=report)
    records.move(
        incoming, S.COMPLETED, actor=actor, action="answered", note=report, details=details
    )
    records.index(incoming)
