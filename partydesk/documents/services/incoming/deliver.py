"""Local delivery: a released outgoing document arrives in a recipient organization.

The release writes one outbox message per recipient in its own transaction; the handler
here registers the arrival after that commit (right away in the releasing request, then by
the worker if it failed), in a transaction of its own per recipient, so a failure for one
recipient never undoes the release nor another recipient's arrival."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partydesk.accounts.models import User
from partydesk.accounts.selectors import users_with
from partydesk.core.models import OutboxMessage, StoredFile
from partydesk.core.services.files import file_read
from partydesk.core.services.outbox import outbox_handler
from partydesk.documents import hooks
from partydesk.documents.models import (
    Direction,
    Document,
    DocumentEvent,
    DocumentRecipient,
    DocumentVersion,
    NotificationKind,
    ReaderReason,
    Status,
    VersionKind,
)
from partydesk.documents.permissions import can_clear
from partydesk.documents.services import records
from partydesk.documents.services.incoming.register import dedup_key
from partydesk.documents.services.numbering import Allocation, incoming_key, number_allocate
from partydesk.documents.services.signing import validation_report
from partydesk.organizations.models import Organization

# The outbox kind of a delivery inside this installation. Exchange adds its own kind for
# recipients in other installations (packages); the key below stays the same for both, so a
# document reaches each recipient once whichever way it travels.
LOCAL_DELIVERY = "documents.delivery.local"

# Who the recipient's records name for an arrival: nobody (the installation). The sender's
# clerk released it but did not register it in the recipient's register nor attach its
# file there; "<the sender's clerk> — registered it" under the recipient reads as a lie
# (exchange's statuses follow the same rule: `mover_of`). The audit trail keeps the actor.
ARRIVAL_RECORDED_BY: None = None


def delivery_key(*, document_id: int, organization_id: int) -> str:
    """The idempotency key of delivering one released document to one recipient."""
    return f"documents.delivery:{document_id}:{organization_id}"


def delivery_payload(*, recipient: DocumentRecipient, actor: User) -> dict[str, int]:
    """What a delivery message carries: ids only, read again when it is delivered."""
    return {
        "document": recipient.document_id,
        "organization": recipient.organization_id,
        "actor": actor.pk,
    }


def released_file(source: Document) -> StoredFile | None:
    """The file that travels with a released document: its sealed PDF; none for a
    classified one (it goes on paper)."""
    if source.secrecy:
        return None
    sealed = (
        DocumentVersion.objects.filter(document=source, kind=VersionKind.SEALED)
        .select_related("file")
        .order_by("-number")
        .first()
    )
    return sealed.file if sealed is not None else None


def released_for_delivery(
    document_id: int,
) -> tuple[Document, StoredFile | None, dict[str, Any] | None] | None:
    """What a delivery of a released document reads first, outside any transaction: the
    document, the file that travels with it and the recipient's signature check of that
    file; None when the document is gone."""
    source = (
        Document.objects.select_related("organization", "document_type")
        .filter(pk=document_id)
        .first()
    )
    if source is None:
        return None
    stored = released_file(source)
    return source, stored, _received_check(stored)


def _received_check(stored: StoredFile | None) -> dict[str, Any] | None:
    """The recipient's own signature check of the file that arrives, read from the PDF
    (never a report written for it). One check per file and hour serves every recipient of
    a release, which all receive the same stored file."""
    if stored is None:
        return None
    key = f"documents.received-check:{stored.sha256}"
    report: dict[str, Any] | None = cache.get(key)
    if report is None:
        report = validation_report(file_read(stored))
        cache.set(key, report, timeout=3600)
    return report


@outbox_handler(LOCAL_DELIVERY)
def recipient_deliver_local(message: OutboxMessage) -> None:
    """Register a released document on arrival at one recipient organization of this
    installation. The file's signature is checked first, outside the transaction (it is
    slow); delivering the same message again registers nothing more: the recipient row is
    locked and an arrival already recorded on it ends the work."""
    payload = message.payload
    released = released_for_delivery(payload["document"])
    if released is None:
        return
    source, stored, report = released
    with transaction.atomic():
        recipient = (
            DocumentRecipient.objects.select_for_update()
            .filter(document_id=payload["document"], organization_id=payload["organization"])
            .first()
        )
        if recipient is None or recipient.delivered_id is not None:
            return  # taken off the list before release, or already delivered
        incoming = incoming_deliver(
            actor=User.objects.filter(pk=payload.get("actor")).first(),
            source=source,
            recipient=Organization.objects.select_related("parent").get(
                pk=recipient.organization_id
            ),
            stored=stored,
            report=report,
        )
        recipient.delivered = incoming
        recipient.delivered_at = timezone.now()
        recipient.save(update_fields=["delivered", "delivered_at"])


def arrival_document(
    *,
    source: Document,
    recipient: Organization,
    allocation: Allocation,
    arrival: dt.date,
    registered_at: dt.datetime | None,
    metadata_only: bool,
    actor: User | None,
) -> Document:
    """The recipient's incoming record of a released document, not yet saved: what arrives
    (the sender's metadata under the recipient's arrival number). Bulk writers (the demo)
    build their arrivals with it too."""
    return Document(
        organization=recipient,
        direction=Direction.INCOMING,
        status=Status.REGISTERED,
        system=source.system,
        document_type=source.document_type,
        subject=source.subject,
        code_number=source.code_number,
        code_notation=source.code_notation,
        issued_date=source.issued_date,
        organ_name=source.organ_name or source.organization.name,
        sender_organization=source.organization,
        register_sequence=allocation.sequence,
        register_number=allocation.number,
        arrival_date=arrival,
        registered_at=registered_at,
        signer_name=source.signer_name,
        signer_position=source.signer_position,
        secrecy=source.secrecy,
        urgency=source.urgency,
        page_amount=source.page_amount,
        due_date=source.due_date,
        metadata_only=metadata_only,
        digitally_signed=source.digitally_signed and not source.secrecy,
        source_document=source,
        dedup_key=dedup_key(source.organization.name, source.symbol),
        created_by=actor,
    )


def arrival_event(arrival: Document) -> DocumentEvent:
    """The recipient's history row of an arrival, not yet saved: registered by the
    installation (ARRIVAL_RECORDED_BY) under its arrival number. Bulk writers (the demo) use
    it too."""
    return DocumentEvent(
        document=arrival,
        action="registered",
        actor=ARRIVAL_RECORDED_BY,
        to_status=Status.REGISTERED,
        details={
            "arrival_number": arrival.register_number,
            "released_from": arrival.source_document_id,
        },
    )


def incoming_deliver(
    *,
    actor: User | None,
    source: Document,
    recipient: Organization,
    stored: StoredFile | None,
    report: dict[str, Any] | None = None,
) -> Document:
    """Register a released outgoing document on arrival in a recipient organization of this
    installation: next arrival number of its register, the same stored file (no copy).
    A classified one arrives as metadata only, named to the recipient's cleared clerks.
    `report` is the recipient's signature check of `stored` (checked before the caller's
    transaction began); without it, the file is checked here."""
    today = timezone.localdate()
    allocation = number_allocate(incoming_key(organization=recipient, arrival=today))
    document = arrival_document(
        source=source,
        recipient=recipient,
        allocation=allocation,
        arrival=today,
        registered_at=timezone.now(),
        metadata_only=bool(source.secrecy) or stored is None,
        actor=actor,
    )
    document.save()
    clerks = users_with(capability="documents.register", organization=recipient)
    if source.secrecy:
        for clerk in clerks:
            if can_clear(clerk, source.secrecy):
                records.add_reader(document, clerk, reason=ReaderReason.RECIPIENT, added_by=actor)
    elif stored is not None:
        DocumentVersion.objects.create(
            document=document,
            number=1,
            kind=VersionKind.RECEIVED,
            file=stored,
            original_name=f"{source.symbol or 'van-ban'}.pdf".replace("/", "-"),
            note=_("Received through partydesk from %(org)s") % {"org": source.organization},
            signature_report=report if report is not None else _received_check(stored),
            created_by=ARRIVAL_RECORDED_BY,
        )
        document.has_file = True
        document.save(update_fields=["has_file"])
    arrival_event(document).save()
    records.audit(actor, "delivered", document, source=source.pk)
    hooks.incoming_moved(document, action="delivered", actor=actor)
    records.notify(clerks, document, NotificationKind.ARRIVED, records.arrival_params(recipient))
    if document.urgency:
        records.notify(
            users_with(capability="documents.assign", organization=recipient),
            document,
            NotificationKind.URGENT,
            records.arrival_params(recipient),
        )
    records.index(document)
    return document
