"""Local delivery: a released outgoing document arrives in a recipient organization."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from partydesk.accounts.models import User
from partydesk.accounts.selectors import users_with
from partydesk.core.models import StoredFile
from partydesk.documents.models import (
    Direction,
    Document,
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
from partydesk.organizations.models import Organization


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


def incoming_deliver(
    *, actor: User, source: Document, recipient: Organization, stored: StoredFile | None
) -> Document:
    """Register a released outgoing document on arrival in a recipient organization of this
    installation: next arrival number of its register, the same stored file (no copy).
    A classified one arrives as metadata only, named to the recipient's cleared clerks."""
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
            signature_report={
                "all_valid": source.digitally_signed,
                "signed": True,
                "summary": _("Signed and issued in this installation."),
                "signatures": [],
            },
            created_by=actor,
        )
        document.has_file = True
        document.save(update_fields=["has_file"])
    records.record_event(
        document,
        action="registered",
        actor=actor,
        to_status=Status.REGISTERED,
        details={"arrival_number": allocation.number, "released_from": source.pk},
    )
    records.audit(actor, "delivered", document, source=source.pk)
    records.notify(clerks, document, NotificationKind.ARRIVED)
    if document.urgency:
        records.notify(
            users_with(capability="documents.assign", organization=recipient),
            document,
            NotificationKind.URGENT,
        )
    records.index(document)
    return document
