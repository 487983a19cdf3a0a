"""The sender recalls, replaces or updates a document it released (ND30 Điều 18.4; QCVN
102:2016 business types 1-3): the recipient's copy is withdrawn (cancelled, so nobody acts
on it any more, its history kept) or marked as updated. Called by exchange, which carries
the sender's request to each recipient; documents does not know exchange (ADR 0020)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partydesk.accounts.models import User
from partydesk.core.errors import InvalidInput
from partydesk.documents.models import Direction, Document
from partydesk.documents.services import records
from partydesk.documents.transitions import WITHDRAWN

# The history verbs of a withdrawal, and of an update that leaves the copy in force.
WITHDRAW_ACTIONS = ("recalled", "replaced")
UPDATED = "updated"


@transaction.atomic
def incoming_withdraw(
    *, document: Document, action: str, reason: str, actor: User | None = None
) -> bool:
    """Cancel an incoming copy because its sender recalled or replaced it. False (and
    nothing written) when it is already cancelled, so a repeated request is harmless."""
    if action not in WITHDRAW_ACTIONS:
        raise ValueError(f"not a withdrawal: {action!r}")
    document = records.lock(document)
    if document.direction != Direction.INCOMING:
        raise InvalidInput(_("Only an incoming document is withdrawn at its sender's request."))
    if document.status == WITHDRAWN:
        return False
    records.move(document, WITHDRAWN, actor=actor, action=action, note=reason, withdrawal=True)
    document.closed_at = timezone.now()
    document.save(update_fields=["closed_at"])
    records.index(document)
    return True


@transaction.atomic
def incoming_mark_updated(*, document: Document, note: str, actor: User | None = None) -> None:
    """Record in the copy's history that its sender updated it (the copy stays in force)."""
    document = records.lock(document)
    records.record_event(document, action=UPDATED, actor=actor, note=note)
    records.audit(actor, UPDATED, document, note=note)
