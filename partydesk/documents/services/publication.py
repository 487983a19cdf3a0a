"""Publishing an issued document on the portal, and withdrawing it (ADR 0022)."""

from __future__ import annotations

from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _

from partydesk.accounts.models import User
from partydesk.core.errors import InvalidTransition, NotAllowed
from partydesk.documents.models import Direction, Document
from partydesk.documents.permissions import PUBLISHABLE_STATUSES, can_publish_document
from partydesk.documents.selectors.files import released_files_of
from partydesk.documents.services import records

# Sent inside the transaction when a document enters or leaves the portal (sender: Document,
# document=...). The portal connects to it to empty its page cache, since its documents
# section lists what is published; documents does not import the portal.
publication_changed = Signal()


@transaction.atomic
def document_set_published(*, actor: User, document: Document, published: bool) -> Document:
    """Mark an issued, unclassified outgoing document for the portal's documents section, or
    withdraw it. A classified document is refused here, and by a database constraint."""
    document = records.lock(document)
    if document.secrecy:
        raise NotAllowed(_("A classified document is never published on the portal."))
    if published == (document.published_at is not None):
        return document
    if published:
        if document.direction != Direction.OUTGOING or document.status not in (
            PUBLISHABLE_STATUSES
        ):
            raise InvalidTransition(_("Only an issued document can be published on the portal."))
        sealed, _attachments = released_files_of(document)
        if sealed is None:
            raise InvalidTransition(
                _("Only a document with its signed PDF can be published on the portal.")
            )
    if not can_publish_document(actor, records.grants_of(actor), document):
        raise NotAllowed(
            _("Only the office of %(org)s publishes its documents on the portal.")
            % {"org": document.organization}
        )
    document.published_at = timezone.now() if published else None
    document.save(update_fields=["published_at", "updated_at"])
    verb = "published" if published else "unpublished"
    records.record_event(document, action=verb, actor=actor)
    records.audit(actor, verb, document)
    publication_changed.send(sender=Document, document=document)
    return document
