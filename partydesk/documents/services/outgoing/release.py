"""Release to recipients in this installation, and archiving."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partydesk.accounts.models import User
from partydesk.core.errors import InvalidInput, NotAllowed
from partydesk.core.services.outbox import outbox_enqueue
from partydesk.documents import hooks
from partydesk.documents.models import (
    Document,
    DocumentRecipient,
    Status,
)
from partydesk.documents.permissions import (
    can_archive_document,
    can_issue_documents,
    can_release_document,
)
from partydesk.documents.services import records
from partydesk.documents.services.incoming.answer import incoming_answered
from partydesk.documents.services.incoming.deliver import (
    LOCAL_DELIVERY,
    delivery_key,
    delivery_payload,
    released_file,
)
from partydesk.documents.services.incoming.deliver_bulk import (
    BULK_FROM,
    LOCAL_BULK,
    bulk_delivery_key,
)
from partydesk.documents.transitions import check_transition
from partydesk.organizations.models import Organization


@transaction.atomic
def document_release(
    *, actor: User, document: Document, organizations: list[Organization] | None = None
) -> list[DocumentRecipient]:
    """Release the issued document to its recipients (returned): each recipient organization
    in this installation finds it registered on arrival in its incoming queue right after
    this commits, through the outbox (ADR 0017). No unsigned release of an unclassified
    document."""
    document = records.lock(document)
    if not can_release_document(actor, records.grants_of(actor), document):
        if not can_issue_documents(records.grants_of(actor), document.organization):
            raise NotAllowed(_("Only the office (văn thư) releases documents."))
        check_transition(document.direction, document.status, Status.RELEASED)
    if not document.secrecy and (not document.digitally_signed or released_file(document) is None):
        raise NotAllowed(
            _(
                "An unclassified document cannot be released without its digital signatures "
                "(the signer's and the organization's)."
            )
        )
    if organizations is not None:
        for target in organizations:
            if target.pk == document.organization_id:
                raise InvalidInput(
                    _("A document is not released to its own issuer."), field="organizations"
                )
        DocumentRecipient.objects.filter(document=document, delivered__isnull=True).exclude(
            organization__in=organizations
        ).delete()
        for target in organizations:
            DocumentRecipient.objects.get_or_create(document=document, organization=target)
    recipients = list(
        DocumentRecipient.objects.filter(document=document, delivered__isnull=True).order_by("id")
    )
    kinds = hooks.delivery_kinds(document, recipients)  # may refuse (classified, remote)
    local = [r.organization_id for r in recipients if r.organization_id not in kinds]
    if len(local) >= BULK_FROM:
        # Thousands of recipients in this installation: one message delivers them in
        # batches (ADR 0020, bulk delivery); the others still go one message each.
        outbox_enqueue(
            kind=LOCAL_BULK,
            payload={"document": document.pk, "organizations": local, "actor": actor.pk},
            idempotency_key=bulk_delivery_key(document_id=document.pk),
            deliver_after_commit=True,
        )
    for recipient in recipients:
        kind = kinds.get(recipient.organization_id, LOCAL_DELIVERY)
        if kind == LOCAL_DELIVERY and len(local) >= BULK_FROM:
            continue
        # Written with the release, delivered once it commits: a failing arrival is retried
        # by the worker and never undoes the release.
        outbox_enqueue(
            kind=kind,
            payload=delivery_payload(recipient=recipient, actor=actor),
            idempotency_key=delivery_key(
                document_id=document.pk, organization_id=recipient.organization_id
            ),
            deliver_after_commit=True,
        )
    hooks.released(document, recipients, actor)
    document.released_at = timezone.now()
    document.dispatched_on = timezone.localdate()
    document.issued_amount = document.issued_amount or len(recipients) or None
    document.save(update_fields=["released_at", "dispatched_on", "issued_amount", "updated_at"])
    records.move(
        document,
        Status.RELEASED,
        actor=actor,
        action="released",
        details={"recipients": [r.organization_id for r in recipients]},
    )
    records.index(document)
    if document.in_reply_to_id is not None:
        incoming_answered(actor=actor, incoming=document.in_reply_to, reply=document)  # type: ignore[arg-type]
    return recipients


@transaction.atomic
def document_archive(*, actor: User, document: Document) -> None:
    """File the released original in the issuer's archive (it stays on this system)."""
    document = records.lock(document)
    if not can_archive_document(actor, records.grants_of(actor), document):
        if not can_issue_documents(records.grants_of(actor), document.organization):
            raise NotAllowed(_("Only the office (văn thư) archives documents."))
        check_transition(document.direction, document.status, Status.ARCHIVED)
    records.move(document, Status.ARCHIVED, actor=actor, action="archived")
    document.closed_at = timezone.now()
    document.save(update_fields=["closed_at"])
    records.index(document)
