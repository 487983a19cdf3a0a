"""A released outgoing document as an edXML package (the clerk's download, later the peer's
delivery): its metadata, the sealed PDF and its attachments, from documents' selectors."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from partydesk.core.audit import audit_log
from partydesk.core.errors import InvalidInput, NotAllowed
from partydesk.core.http import Acting
from partydesk.core.services.files import file_read
from partydesk.core.text import fold
from partydesk.documents.models import Direction, Document, Status
from partydesk.documents.selectors.files import released_files_of
from partydesk.exchange.edxml import (
    Attachment,
    Business,
    Organ,
    Package,
    PackageTooLarge,
    ResponseFor,
    Signer,
    document_id_for,
    package_write,
)
from partydesk.exchange.edxml.schema import MAX_ATTACHMENT_BYTES
from partydesk.exchange.permissions import PACKAGE
from partydesk.exchange.selectors.organ_ids import organ_id_of, organ_ids_of

RELEASED = (Status.RELEASED, Status.ARCHIVED)


@dataclass(frozen=True)
class ExportedPackage:
    """The bytes of an .edxml file and the name to save it under."""

    filename: str
    data: bytes
    document_id: str


def _check(actor: Acting, document: Document) -> None:
    if not actor.can(PACKAGE, on=document.organization):
        raise NotAllowed(_("Only the office (văn thư) sends documents as edXML packages."))
    if document.direction != Direction.OUTGOING or document.status not in RELEASED:
        raise InvalidInput(_("Only a released outgoing document is sent as a package."))
    if document.secrecy:
        raise classified_refusal()


def classified_refusal() -> NotAllowed:
    """The one sentence for a classified document on its way out of the installation (a
    download, or a release to a peer's organization)."""
    return NotAllowed(
        _(
            "Classified documents never leave through electronic exchange: send the paper "
            "copy and record it in the register."
        )
    )


def _response_for(document: Document, on: dt.date) -> list[ResponseFor]:
    """The incoming document this one answers, when its sender is known by identifier."""
    answered = document.in_reply_to
    if answered is None or answered.sender_organization is None or not answered.issued_date:
        return []
    organ_id = organ_id_of(answered.sender_organization, on=on)
    if not organ_id:
        return []
    code = f"{answered.code_number}/{answered.code_notation}"
    return [
        ResponseFor(
            organ_id=organ_id,
            code=code,
            promulgation_date=answered.issued_date,
            document_id=document_id_for(organ_id, answered.issued_date, code),
        )
    ]


def _receivers(document: Document, on: dt.date) -> list[Organ]:
    # In the order the recipients were listed: the package's To elements say the same each
    # time it is written (the rows' order is not otherwise fixed on PostgreSQL).
    listed = document.recipients.select_related("organization").order_by("pk")
    organizations = [r.organization for r in listed]
    ids = organ_ids_of(organizations, on=on)
    return [Organ(ids[org.pk], org.name) for org in organizations if org.pk in ids]


def _signer(document: Document) -> Signer:
    form = document.signing_form.code if document.signing_form else ""
    return Signer(
        competence=" ".join(filter(None, [form, document.signing_collective])),
        position=document.signer_position,
        full_name=document.signer_name,
    )


def package_of(
    document: Document,
    *,
    sender_id: str,
    receivers: list[Organ],
    business: Business | None = None,
) -> Package:
    """The package of a released document (files read from the core's store); `business`
    makes it a recall, update or replacement (ADR 0020)."""
    sealed, extras = released_files_of(document)
    if sealed is None or document.issued_date is None:
        raise InvalidInput(_("The document has no sealed PDF to send."))
    files = [
        Attachment(
            name=version.original_name,
            content_type=version.file.content_type,
            data=file_read(version.file),
            description=version.note or (_("Document") if version is sealed else ""),
        )
        for version in [sealed, *extras]
    ]
    return Package(
        sender=Organ(sender_id, document.organization.name, in_charge_of(document)),
        receivers=receivers,
        code_number=document.code_number,
        code_notation=document.code_notation,
        promulgation_date=document.issued_date,
        subject=document.subject,
        type_name=document.document_type.name,
        type_detail=document.document_type.abbreviation,
        place=document.place_name or document.organization.place_name,
        signer=_signer(document),
        due_date=document.due_date,
        to_places=document.recipient_places,
        priority=document.urgency,
        sphere=document.circulation_mark,
        typer_notation=document.typist_code,
        promulgation_amount=document.issued_amount,
        page_amount=document.page_amount,
        response_for=_response_for(document, document.issued_date),
        business=business or Business(),
        attachments=files,
    )


def in_charge_of(document: Document) -> str:
    """OrganizationInCharge: the body the issuer answers to (its parent), if any."""
    parent = document.organization.parent
    return parent.name if parent is not None else ""


def _filename(document: Document) -> str:
    stem = re.sub(r"[^a-z0-9.-]+", "-", fold(document.symbol or f"van-ban-{document.pk}"))
    return f"{stem.strip('-') or 'van-ban'}.edxml"


def package_export(*, actor: Acting, document: Document) -> ExportedPackage:
    """A released document of the actor's office as an .edxml file; an audit event says who
    took it out. Refuses classified documents and organizations without an identifier."""
    _check(actor, document)
    today = timezone.localdate()
    sender_id = organ_id_of(document.organization, on=today)
    if not sender_id:
        raise InvalidInput(
            _(
                "%(organization)s has no exchange identifier yet; ask the administrator to "
                "assign one."
            )
            % {"organization": document.organization.name}
        )
    receivers = _receivers(document, today)
    if not receivers:
        raise InvalidInput(
            _(
                "None of the organizations the document was released to has an exchange "
                "identifier; ask the administrator to assign them."
            )
        )
    package = package_of(document, sender_id=sender_id, receivers=receivers)
    data = package_bytes(package)
    audit_log(
        actor=actor.user,
        action="exchange.package.exported",
        target=document,
        organization_id=document.organization_id,
        details={"document_id": package.document_id, "bytes": len(data)},
    )
    return ExportedPackage(_filename(document), data, package.document_id)


def package_bytes(package: Package) -> bytes:
    """The package written and validated, refused (InvalidInput) over the size limits."""
    limit = settings.PARTYDESK_EXCHANGE_MAX_PACKAGE_MB * 1024 * 1024
    too_large = InvalidInput(
        _(
            "A package carries files of up to %(mb)s MB each and %(limit)s MB in all; this "
            "document's files are larger."
        )
        % {
            "mb": MAX_ATTACHMENT_BYTES // 1048576,
            "limit": settings.PARTYDESK_EXCHANGE_MAX_PACKAGE_MB,
        }
    )
    try:
        data = package_write(package, now=timezone.localtime().replace(tzinfo=None))
    except PackageTooLarge as exc:
        raise too_large from exc
    if len(data) > limit:
        raise too_large
    return data
