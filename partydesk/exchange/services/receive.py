"""Receiving an edXML package: check it (the same checks for an upload and, later, for the
network), show what it holds, and register it once through documents' registration."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partydesk.core.audit import audit_log
from partydesk.core.errors import InvalidInput, NotAllowed
from partydesk.core.http import Acting
from partydesk.core.services.files import file_store
from partydesk.core.text import fold
from partydesk.documents.models import Document, DocumentType
from partydesk.documents.services.files import PreparedFile, Upload, upload_prepare
from partydesk.documents.services.incoming import (
    IncomingFields,
    incoming_register,
    received_report,
)
from partydesk.exchange.edxml import Package, PackageRefused, package_read
from partydesk.exchange.models import (
    BusinessType,
    DeliveredPackage,
    ReceivedPackage,
    StatusCode,
)
from partydesk.exchange.permissions import PACKAGE
from partydesk.exchange.selectors.organ_ids import organ_id_of, organization_for_organ_id
from partydesk.exchange.services.remote_statuses import delivered_for_document, status_queue
from partydesk.organizations.models import Organization

# "NQ/ĐUK" (Party: type/issuer) is written 05-NQ/ĐUK; "QĐ-UBND" (State) 05/QĐ-UBND.
_PARTY_NOTATION = re.compile(r"^[^\d/][^/]*/[^/]+$")


@dataclass
class PackagePreview:
    """What an uploaded package holds and why it cannot be registered, if it cannot."""

    package: Package | None = None
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    document_type: DocumentType | None = None
    sender_organization: Organization | None = None
    file: PreparedFile | None = None
    already: Document | None = None

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def symbol(self) -> str:
        """The number and symbol as the register will write it: "54-QĐ/ĐUK"."""
        return symbol_of(self.package) if self.package is not None else ""


@dataclass(frozen=True)
class Registered:
    document: Document
    created: bool


def max_package_bytes() -> int:
    return int(settings.PARTYDESK_EXCHANGE_MAX_PACKAGE_MB) * 1024 * 1024


def symbol_of(package: Package) -> str:
    separator = "-" if _PARTY_NOTATION.match(package.code_notation) else "/"
    return f"{package.code_number}{separator}{package.code_notation}"


def _document_type(package: Package) -> DocumentType | None:
    """Our type for the package's: by abbreviation (TypeDetail, or the notation's first
    part), then by name; an unknown type is registered as an official letter."""
    types = list(DocumentType.objects.filter(is_active=True).order_by("order", "pk"))
    wanted = [package.type_detail, re.split(r"[/-]", package.code_notation)[0]]
    for abbreviation in filter(None, wanted):
        found = next((t for t in types if fold(t.abbreviation) == fold(abbreviation)), None)
        if found is not None:
            return found
    name = fold(package.type_name)
    return next((t for t in types if name and fold(t.name) == name), None) or next(
        (t for t in types if t.is_letter), None
    )


def _already(organization: Organization, package: Package) -> Document | None:
    found = (
        ReceivedPackage.objects.filter(
            organization=organization,
            sender_organ_id=package.sender.organ_id,
            edxml_document_id=package.document_id,
            business_type=int(package.business.doc_type),
        )
        .select_related("document")
        .first()
    )
    return found.document if found is not None else None


def _addressed(preview: PackagePreview, package: Package, organization: Organization) -> None:
    mine = organ_id_of(organization)
    listed = [r.organ_id for r in package.receivers]
    if mine is None:
        preview.notes.append(
            _("Your organization has no exchange identifier, so the addressee was not checked.")
        )
    elif mine not in listed:
        preview.problems.append(
            _("The package is addressed to %(listed)s, not to your organization (%(mine)s).")
            % {"listed": ", ".join(listed), "mine": mine}
        )


def package_check(
    *, actor: Acting, organization: Organization, data: bytes, read: Package | None = None
) -> PackagePreview:
    """Every check a received package goes through; nothing is written. `read` is `data`
    already read (parsed and validated against the schema) by a caller that keeps nothing
    of the preview but its verdict (the network inbox): neither read twice, nor the PDF's
    text (only its checks)."""
    if not actor.can(PACKAGE, on=organization):
        raise NotAllowed(_("Only the office (văn thư) receives edXML packages."))
    preview = PackagePreview()
    try:
        package = read or package_read(data, max_bytes=max_package_bytes())
    except PackageRefused as refused:
        preview.problems = refused.problems
        return preview
    preview.package = package
    _addressed(preview, package, organization)
    _not_business(preview, organization, package)
    main = package.main_pdf
    if main is None:
        preview.problems.append(_("The package carries no PDF of the document."))
    else:
        try:
            preview.file = upload_prepare(
                [Upload(main.name or "van-ban.pdf", main.data)], text=read is None
            )
        except InvalidInput as exc:
            preview.problems.append(str(exc.message))
    if len(package.attachments) > 1:
        preview.notes.append(
            _("%(count)s attached files stay in the stored package; only the PDF is registered.")
            % {"count": len(package.attachments) - 1}
        )
    preview.document_type = _document_type(package)
    if preview.document_type is None:
        preview.problems.append(_("No document type in use matches the package's type."))
    preview.sender_organization = organization_for_organ_id(
        package.sender.organ_id, on=package.promulgation_date
    )
    preview.already = _already(organization, package)
    if preview.already is None:
        _not_refused(preview, organization, package)
    return preview


def _not_business(preview: PackagePreview, organization: Organization, package: Package) -> None:
    """A recall is never registered as a document, nor an update or a replacement a peer
    delivered here: the worker applied it to the document its sender had delivered."""
    kind = int(package.business.doc_type)
    if kind == BusinessType.NEW:
        return
    if (
        kind == BusinessType.RECALL
        or DeliveredPackage.objects.filter(
            organization=organization,
            sender_organ_id=package.sender.organ_id,
            edxml_document_id=package.document_id,
            business_type=kind,
        ).exists()
    ):
        preview.problems.append(
            _(
                "This package recalls, updates or replaces %(id)s: it is applied to that "
                "document, not registered."
            )
            % {"id": package.business.document_id}
        )


def _not_refused(preview: PackagePreview, organization: Organization, package: Package) -> None:
    """A package the office refused (02 went back to the sender) is not registered later from
    the same delivery: the sender was told it was not taken, and must send it again."""
    refused = (
        DeliveredPackage.objects.filter(
            organization=organization,
            sender_organ_id=package.sender.organ_id,
            edxml_document_id=package.document_id,
            business_type=int(package.business.doc_type),
            refused_at__isnull=False,
        )
        .only("refused_at", "refusal_reason")
        .first()
    )
    if refused is not None and refused.refused_at is not None:
        preview.problems.append(
            _("This package was refused on %(date)s (%(reason)s); the sender was told so.")
            % {
                "date": timezone.localtime(refused.refused_at).strftime("%d/%m/%Y"),
                "reason": refused.refusal_reason,
            }
        )


def _fields(preview: PackagePreview, package: Package) -> IncomingFields:
    assert preview.document_type is not None
    return IncomingFields(
        document_type=preview.document_type,
        sender=package.sender.name or package.sender.organ_id,
        symbol=symbol_of(package),
        subject=package.subject,
        issued_date=package.promulgation_date,
        urgency=min(package.priority, 3),
        page_amount=package.page_amount,
        due_date=package.due_date,
        description=_("Received as edXML package %(id)s") % {"id": package.document_id},
        signer_name=package.signer.full_name,
        signer_position=package.signer.position,
        sender_organization=preview.sender_organization,
    )


def package_register(
    *, actor: Acting, organization: Organization, data: bytes, confirm_duplicate: bool = False
) -> Registered:
    """Register a received package as an incoming document, once: the same package again
    (sender, DocumentId, business type) returns the document it was registered as."""
    preview = package_check(actor=actor, organization=organization, data=data)
    if not preview.ok or preview.package is None:
        raise PackageRefused(preview.problems)
    if preview.already is not None:
        return Registered(preview.already, created=False)
    package = preview.package
    # Slow work before the transaction: the signature check and storing the package.
    report: dict[str, Any] | None = received_report(preview.file)
    stored = file_store(data=data, content_type="application/xml")
    try:
        with transaction.atomic():
            document = incoming_register(
                actor=actor.user,
                organization=organization,
                fields=_fields(preview, package),
                file=preview.file,
                confirm_duplicate=confirm_duplicate,
                report=report,
            )
            received = ReceivedPackage.objects.create(
                organization=organization,
                sender_organ_id=package.sender.organ_id,
                edxml_document_id=package.document_id,
                business_type=int(package.business.doc_type),
                document=document,
                package=stored,
                received_by=actor.user,
            )
            audit_log(
                actor=actor.user,
                action="exchange.package.registered",
                target=document,
                organization_id=organization.pk,
                details={
                    "document_id": package.document_id,
                    "sender": package.sender.organ_id,
                    "business_type": int(package.business.doc_type),
                    "signed": bool(report and report.get("all_valid")),
                },
            )
            delivered = delivered_for_document(received.document_id)
            if delivered is not None:  # a peer delivered it: tell it, 03
                status_queue(delivered, StatusCode.REGISTERED, actor=actor.user)
    except IntegrityError:
        # Someone registered the same package at the same moment: theirs stands.
        existing = _already(organization, package)
        if existing is None:
            raise
        return Registered(existing, created=False)
    return Registered(document, created=True)
