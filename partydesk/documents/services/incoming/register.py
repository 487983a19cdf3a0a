"""Registering a received document with the next arrival number, and adding its files."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partydesk.accounts.models import User
from partydesk.accounts.selectors import users_with
from partydesk.core.errors import DomainError, InvalidInput, NotAllowed
from partydesk.core.text import fold
from partydesk.documents.models import (
    Direction,
    Document,
    DocumentSettings,
    DocumentSystem,
    DocumentType,
    DocumentVersion,
    NotificationKind,
    ReaderReason,
    Status,
    VersionKind,
)
from partydesk.documents.models.documents import duplicate_candidates
from partydesk.documents.permissions import (
    can_attach_document,
    can_clear,
    can_register_documents,
)
from partydesk.documents.services import records
from partydesk.documents.services.files import PreparedFile, file_store
from partydesk.documents.services.numbering import incoming_key, number_allocate
from partydesk.documents.services.signing import validation_report
from partydesk.documents.symbols import parse_symbol, symbol_key
from partydesk.organizations.models import Organization


class DuplicateSuspected(DomainError):
    """The same sender and number/symbol is already in the register; confirm to go on."""

    def __init__(self, candidates: list[Document]) -> None:
        self.candidates = candidates
        super().__init__(
            _(
                "This register already holds a document from the same sender with the same "
                "number and symbol. Check it; if this really is another document, confirm."
            ),
            field="symbol",
        )


def dedup_key(sender: str, symbol: str) -> str:
    return f"{fold(sender)}|{symbol_key(symbol)}"[:300]


@dataclass(frozen=True)
class IncomingFields:
    """What the clerk types from the received document (the incoming-register columns)."""

    document_type: DocumentType
    sender: str
    symbol: str
    subject: str
    issued_date: dt.date | None = None
    arrival_date: dt.date | None = None
    urgency: int = 0
    secrecy: int = 0
    page_amount: int | None = None
    intended_recipient: str = ""
    due_date: dt.date | None = None
    description: str = ""
    signer_name: str = ""
    signer_position: str = ""
    sender_organization: Organization | None = None
    readers: list[User] = field(default_factory=list)


def _settings(organization: Organization) -> DocumentSettings:
    found = DocumentSettings.objects.filter(organization=organization).first()
    return found or DocumentSettings(organization=organization)


def received_report(file: PreparedFile | None) -> dict[str, Any] | None:
    """The signature check of a received PDF. Slow (PDF parsing, certificate paths): it runs
    before the transaction that takes the arrival number, never inside it."""
    if file is None or file.content_type != "application/pdf":
        return None
    return validation_report(file.data)


def incoming_register(
    *,
    actor: User,
    organization: Organization,
    fields: IncomingFields,
    file: PreparedFile | None = None,
    confirm_duplicate: bool = False,
    source_document: Document | None = None,
    known_types: list[str] | None = None,
    report: dict[str, Any] | None = None,
) -> Document:
    """Enter a received document in the incoming register with the next arrival number.
    A caller that registers inside its own transaction passes the file's signature `report`
    (`received_report`), checked before that transaction began."""
    if not can_register_documents(records.grants_of(actor), organization):
        raise NotAllowed(_("Only the clerk (văn thư) registers incoming documents."))
    return _register(
        actor=actor,
        organization=organization,
        fields=fields,
        file=file,
        report=report if report is not None else received_report(file),
        confirm_duplicate=confirm_duplicate,
        source_document=source_document,
        known_types=known_types,
    )


@transaction.atomic
def _register(
    *,
    actor: User,
    organization: Organization,
    fields: IncomingFields,
    file: PreparedFile | None,
    report: dict[str, Any] | None,
    confirm_duplicate: bool,
    source_document: Document | None,
    known_types: list[str] | None,
) -> Document:
    subject = " ".join(fields.subject.split())
    sender = " ".join(fields.sender.split())
    if not subject:
        raise InvalidInput(_("Enter the subject (trích yếu)."), field="subject")
    if not sender:
        raise InvalidInput(_("Enter who sent the document."), field="sender")
    if fields.secrecy and not can_clear(actor, fields.secrecy):
        raise NotAllowed(
            _(
                "Your clearance does not reach this secrecy level; hand the document to a clerk "
                "cleared for it."
            ),
        )
    today = timezone.localdate()
    arrival = fields.arrival_date or today
    if arrival > today:
        raise InvalidInput(_("The arrival date cannot be in the future."), field="arrival_date")
    if fields.issued_date and fields.issued_date > arrival:
        raise InvalidInput(
            _("The document date cannot be after the arrival date."), field="issued_date"
        )
    key = dedup_key(sender, fields.symbol) if fields.symbol.strip() else ""
    if key and not confirm_duplicate:
        found = list(
            duplicate_candidates(
                organization=organization,
                key=key,
                year=fields.issued_date.year if fields.issued_date else None,
                user=actor,
            )[:5]
        )
        if found:
            raise DuplicateSuspected(found)
    metadata_only = bool(fields.secrecy) and _settings(organization).confidential_metadata_only
    if metadata_only and file is not None:
        raise InvalidInput(
            _(
                "Classified documents are registered as metadata only here: keep the paper in the "
                "safe and do not upload a scan."
            ),
            field="upload",
        )
    parsed = parse_symbol(fields.symbol, known_types or [])
    allocation = number_allocate(incoming_key(organization=organization, arrival=arrival))
    document = Document.objects.create(
        organization=organization,
        direction=Direction.INCOMING,
        status=Status.REGISTERED,
        system=parsed.system if parsed else DocumentSystem.PARTY,
        document_type=fields.document_type,
        subject=subject[:500],
        code_number=parsed.number if parsed else "",
        code_notation=(parsed.notation if parsed else fields.symbol.strip())[:30],
        issued_date=fields.issued_date,
        organ_name=sender[:200],
        sender_organization=fields.sender_organization,
        register_sequence=allocation.sequence,
        register_number=allocation.number,
        arrival_date=arrival,
        registered_at=timezone.now(),
        signer_name=fields.signer_name[:50],
        signer_position=fields.signer_position[:100],
        secrecy=fields.secrecy,
        urgency=fields.urgency,
        page_amount=fields.page_amount or (file.page_count if file else None),
        intended_recipient=fields.intended_recipient[:1000],
        due_date=fields.due_date,
        description=fields.description[:500],
        metadata_only=metadata_only,
        source_document=source_document,
        dedup_key=key,
        created_by=actor,
    )
    records.add_reader(document, actor, reason=ReaderReason.CREATOR, added_by=actor)
    for reader in fields.readers:
        records.add_reader(document, reader, reason=ReaderReason.NAMED, added_by=actor)
    if file is not None:
        _attach(document, file, actor=actor, kind=VersionKind.RECEIVED, report=report)
    records.record_event(
        document,
        action="registered",
        actor=actor,
        to_status=Status.REGISTERED,
        details={"arrival_number": allocation.number, "confirmed_duplicate": confirm_duplicate},
    )
    records.audit(actor, "registered", document, arrival_number=allocation.number)
    if document.urgency:
        # ND30 Điều 23-24: urgent documents go to the leader at once.
        records.notify(
            users_with(capability="documents.assign", organization=organization),
            document,
            NotificationKind.URGENT,
            records.arrival_params(organization),
        )
    records.index(document)
    return document


def _attach(
    document: Document,
    prepared: PreparedFile,
    *,
    actor: User,
    kind: str,
    note: str = "",
    body_text: str = "",
    report: dict[str, Any] | None = None,
) -> DocumentVersion:
    stored = file_store(prepared)
    number = (
        DocumentVersion.objects.filter(document=document)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
        or 0
    ) + 1
    version = DocumentVersion.objects.create(
        document=document,
        number=number,
        kind=kind,
        file=stored,
        original_name=prepared.name[:255],
        body_text=body_text,
        note=note[:500],
        signature_report=report,
        created_by=actor,
    )
    updates = ["has_file", "updated_at"]
    document.has_file = True
    if kind == VersionKind.RECEIVED and report and report.get("all_valid"):
        document.digitally_signed = True
        updates.append("digitally_signed")
    if document.page_amount is None and stored.page_count:
        document.page_amount = stored.page_count
        updates.append("page_amount")
    document.save(update_fields=updates)
    return version


def incoming_file_add(
    *, actor: User, document: Document, file: PreparedFile, note: str = ""
) -> DocumentVersion:
    """Attach a scan or the electronic copy to a registered document (a new version)."""
    return _file_add(
        actor=actor, document=document, file=file, note=note, report=received_report(file)
    )


@transaction.atomic
def _file_add(
    *,
    actor: User,
    document: Document,
    file: PreparedFile,
    note: str,
    report: dict[str, Any] | None,
) -> DocumentVersion:
    document = records.lock(document)
    grants = records.grants_of(actor)
    if not can_attach_document(actor, grants, document):
        if not can_register_documents(grants, document.organization):
            raise NotAllowed(_("Only the clerk adds files to a registered document."))
        if document.metadata_only:
            raise InvalidInput(
                _("This classified document is kept as metadata only."), field="upload"
            )
        raise InvalidInput(_("A filed document takes no more files."), field="upload")
    version = _attach(
        document, file, actor=actor, kind=VersionKind.RECEIVED, note=note, report=report
    )
    records.record_event(document, action="file_added", actor=actor, note=version.original_name)
    records.audit(actor, "file_added", document, version=version.number)
    records.index(document)
    return version
