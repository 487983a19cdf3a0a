"""Numbering and the organization's signature (issue)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partydesk.accounts.models import User
from partydesk.core.errors import InvalidInput, NotAllowed
from partydesk.documents.models import Document, DocumentSystem, Status, VersionKind
from partydesk.documents.permissions import can_issue_document, can_issue_documents
from partydesk.documents.services import records
from partydesk.documents.services.files import file_read
from partydesk.documents.services.numbering import number_allocate, outgoing_key, outgoing_notation
from partydesk.documents.services.outgoing._versions import add_version, file_name, latest_version
from partydesk.documents.services.outgoing.layout import layout_for
from partydesk.documents.services.render import render_pdf
from partydesk.documents.services.signing import sign_organization
from partydesk.documents.symbols import pad, render_party, render_state
from partydesk.documents.transitions import check_transition


@transaction.atomic
def document_issue(
    *, actor: User, document: Document, issued_date: dt.date | None = None
) -> Document:
    """The clerk numbers the document and applies the organization's signature, in one
    transaction: if the signature fails, the number is not used (no gap)."""
    document = records.lock(document)
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
    day = issued_date or document.issued_date or timezone.localdate()
    if day > timezone.localdate():
        raise InvalidInput(_("The document date cannot be in the future."), field="issued_date")
    key = outgoing_key(
        issuer=document.organization,
        system=document.system,
        document_type=document.document_type,
        secrecy=document.secrecy,
        on=day,
        congress=document.congress,
    )
    allocation = number_allocate(key)
    notation = outgoing_notation(
        system=document.system,
        document_type=document.document_type,
        issuer=document.organization,
        drafting_unit=document.drafting_unit_code,
    )
    if document.system == DocumentSystem.STATE:
        number_symbol = render_state(
            allocation.number,
            document.document_type.abbreviation,
            document.organization.abbreviation,
            is_letter=document.document_type.is_letter,
            drafting_unit=document.drafting_unit_code,
        )
    else:
        number_symbol = render_party(
            allocation.number,
            document.document_type.abbreviation,
            document.organization.abbreviation,
        )
    document.register_sequence = allocation.sequence
    document.register_number = allocation.number
    document.code_number = pad(allocation.number)
    document.code_notation = notation[:30]
    document.issued_date = day
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
    latest = latest_version(document)
    if document.status == Status.SIGNED:
        assert latest is not None
        sealed = sign_organization(
            actor=actor,
            organization=document.organization,
            pdf=file_read(latest.file),
            number_symbol=number_symbol,
        )
        add_version(
            document,
            actor=actor,
            kind=VersionKind.SEALED,
            data=sealed,
            name=file_name(document, "ban-hanh"),
            note=number_symbol,
        )
    elif latest is not None and latest.kind == VersionKind.RENDERED and latest.body_text:
        # A classified document handled on paper: print it with its number and date.
        final = render_pdf(layout_for(document, latest.body_text, day=day, draft=False))
        add_version(
            document,
            actor=actor,
            kind=VersionKind.RENDERED,
            data=final,
            name=file_name(document, "ban-hanh"),
            body=latest.body_text,
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
