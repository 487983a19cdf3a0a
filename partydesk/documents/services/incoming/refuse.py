"""Refusing an arrival (từ chối tiếp nhận): the recipient's clerk sends back a document that
arrived through partydesk, with the reason the sender will read."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partydesk.accounts.models import User
from partydesk.core.errors import InvalidInput, NotAllowed
from partydesk.documents.models import Direction, Document, Status
from partydesk.documents.permissions import can_register_documents
from partydesk.documents.services import records


def can_refuse_arrival(user: User, document: Document) -> bool:
    """The clerk refuses a document delivered through partydesk before anyone handles it."""
    return (
        document.direction == Direction.INCOMING
        and document.source_document_id is not None
        and document.status == Status.REGISTERED
        and can_register_documents(records.grants_of(user), document.organization)
    )


@transaction.atomic
def incoming_refuse(*, actor: User, document: Document, reason: str) -> None:
    """Refuse an arrival with a reason: it leaves the queue (filed, its history kept) and the
    sender is told (status 02 through the incoming observers)."""
    document = records.lock(document)
    if not can_register_documents(records.grants_of(actor), document.organization):
        raise NotAllowed(_("Only the office (văn thư) refuses a document that arrived."))
    if not can_refuse_arrival(actor, document):
        raise InvalidInput(
            _("Only a document delivered through partydesk and not yet assigned is refused.")
        )
    reason = reason.strip()
    if not reason:
        raise InvalidInput(_("Say why the document is refused."), field="reason")
    records.move(document, Status.FILED, actor=actor, action="refused", note=reason)
    document.closed_at = timezone.now()
    document.save(update_fields=["closed_at"])
    records.index(document)
