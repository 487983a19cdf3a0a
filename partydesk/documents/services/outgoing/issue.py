"""Numbering and the organization's signature (issue).

The seal (pyHanko, a time-stamp from the TSA) takes long, and the number must be printed in
the sealed PDF. So the issue reads the next number without a lock, fills it and the date into
the fields the signed layout left for them, seals, and only then, in a short transaction,
locks the sequence and takes the number. If another issue took that number meanwhile, the
transaction rolls back (no gap) and the issue tries again with the next one
(docs/decisions/0004, 0009)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partydesk.accounts.models import User
from partydesk.core.errors import Conflict, InvalidInput, NotAllowed
from partydesk.documents.congresses import congress_get
from partydesk.documents.models import Document, DocumentSystem, Status, VersionKind
from partydesk.documents.permissions import can_issue_document, can_issue_documents
from partydesk.documents.services import records
from partydesk.documents.services.files import PreparedFile, file_read
from partydesk.documents.services.formfields import office_values
from partydesk.documents.services.numbering import (
    SequenceKey,
    number_allocate,
    number_peek,
    outgoing_key,
    outgoing_notation,
)
from partydesk.documents.services.outgoing._versions import (
    add_version,
    latest_version,
    pdf_prepared,
)
from partydesk.documents.services.outgoing.layout import layout_for
from partydesk.documents.services.render import place_date_line, render_pdf
from partydesk.documents.services.signing import sign_organization
from partydesk.documents.symbols import pad
from partydesk.documents.transitions import check_transition

ATTEMPTS = 5


class _NumberTaken(Exception):
    """Another issue took the number this one printed; roll back and try the next."""


@dataclass(frozen=True)
class _Issue:
    """One attempt: the number guessed, how it prints and the PDF prepared with it."""

    number: int
    notation: str
    day: dt.date
    prepared: PreparedFile | None
    kind: str
    body: str

    def symbol(self, system: str) -> str:
        sep = "/" if system == DocumentSystem.STATE else "-"
        return f"{pad(self.number)}{sep}{self.notation}"

    def number_symbol(self, system: str) -> str:
        head = "Số:" if system == DocumentSystem.STATE else "Số"
        return f"{head} {self.symbol(system)}"


def _check(actor: User, document: Document) -> None:
    if not can_issue_document(actor, records.grants_of(actor), document):
        if not can_issue_documents(records.grants_of(actor), document.organization):
            raise NotAllowed(_("Only the office (văn thư) numbers and issues documents."))
        if document.status == Status.APPROVED and not document.secrecy:
            raise NotAllowed(
                _(
                    "An unclassified document is issued only after the signer has signed it "
                    "digitally."
                )
            )
        check_transition(document.direction, document.status, Status.ISSUED)


def _prepare(actor: User, document: Document, key: SequenceKey, day: dt.date) -> _Issue:
    """The slow part, outside any transaction: the sealed (or printed) PDF with the number
    the sequence would give now."""
    number = number_peek(key)
    notation = outgoing_notation(
        system=document.system,
        document_type=document.document_type,
        issuer=document.organization,
        drafting_unit=document.drafting_unit_code,
    )[:30]
    latest = latest_version(document)
    attempt = _Issue(number, notation, day, None, "", "")
    label = attempt.symbol(document.system).replace("/", "-")
    if document.status == Status.SIGNED:
        assert latest is not None
        sealed = sign_organization(
            actor=actor,
            organization=document.organization,
            pdf=file_read(latest.file),
            number_symbol=attempt.number_symbol(document.system),
            fill=office_values(
                attempt.number_symbol(document.system),
                place_date_line(document.place_name or document.organization.place_name, day),
            ),
        )
        prepared = pdf_prepared(sealed, f"{label}-ban-hanh.pdf")
        return _Issue(number, notation, day, prepared, VersionKind.SEALED, "")
    if latest is not None and latest.kind == VersionKind.RENDERED and latest.body_text:
        # A classified document handled on paper: print it with its number and date.
        numbered = Document(
            **{f.attname: getattr(document, f.attname) for f in Document._meta.concrete_fields}
        )
        numbered.code_number, numbered.code_notation = pad(number), notation
        final = render_pdf(layout_for(numbered, latest.body_text, day=day, draft=False))
        prepared = pdf_prepared(final, f"{label}-ban-hanh.pdf")
        return _Issue(number, notation, day, prepared, VersionKind.RENDERED, latest.body_text)
    return attempt


def document_issue(
    *, actor: User, document: Document, issued_date: dt.date | None = None
) -> Document:
    """The clerk numbers the document and applies the organization's signature. The seal is
    made before the short transaction that takes the number; if the signature fails, no
    number is taken (no gap)."""
    document = records.fresh(document)
    _check(actor, document)
    day = issued_date or document.issued_date or timezone.localdate()
    if day > timezone.localdate():
        raise InvalidInput(_("The document date cannot be in the future."), field="issued_date")
    congress = congress_get(document.congress_id)
    if document.congress_id is not None and congress is None:
        raise InvalidInput(_("The congress of this document is no longer recorded."))
    key = outgoing_key(
        issuer=document.organization,
        system=document.system,
        document_type=document.document_type,
        secrecy=document.secrecy,
        on=day,
        congress=congress,
    )
    for _attempt in range(ATTEMPTS):
        attempt = _prepare(actor, document, key, day)
        try:
            return _record(actor=actor, document=document, key=key, attempt=attempt)
        except _NumberTaken:
            continue
    raise Conflict(_("Other documents took the next numbers meanwhile; issue it again."))


@transaction.atomic
def _record(*, actor: User, document: Document, key: SequenceKey, attempt: _Issue) -> Document:
    """The short final write: lock, take the number, check it is the one printed."""
    document = records.lock(document)
    _check(actor, document)
    allocation = number_allocate(key)
    if allocation.number != attempt.number:
        raise _NumberTaken
    number_symbol = attempt.number_symbol(document.system)
    document.register_sequence = allocation.sequence
    document.register_number = allocation.number
    document.code_number = pad(allocation.number)
    document.code_notation = attempt.notation
    document.issued_date = attempt.day
    document.issued_at = timezone.now()
    if key.period_kind == "term":
        document.term_id = int(key.period_key)
    document.save(
        update_fields=[
            "register_sequence",
            "register_number",
            "code_number",
            "code_notation",
            "issued_date",
            "issued_at",
            "term",
            "updated_at",
        ]
    )
    if attempt.prepared is not None:
        add_version(
            document,
            actor=actor,
            kind=attempt.kind,
            prepared=attempt.prepared,
            body=attempt.body,
            note=number_symbol,
        )
    records.move(
        document,
        Status.ISSUED,
        actor=actor,
        action="issued",
        details={"number": number_symbol, "sequence": allocation.sequence.pk},
    )
    records.index(document)
    return document
