"""Packages a peer installation delivers: checked (size, format, signature, the upload's
checks) and kept once in the receiving organizations' inbox for their clerks."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partydesk.core.audit import audit_log
from partydesk.core.errors import InvalidInput
from partydesk.core.http import SYSTEM
from partydesk.core.services.files import file_store
from partydesk.exchange.edxml import (
    BusinessType,
    Package,
    PackageRefused,
    message_read,
    package_read,
)
from partydesk.exchange.models import DeliveredPackage, Peer, StatusCode
from partydesk.exchange.selectors.organ_ids import organization_for_organ_id
from partydesk.exchange.services.business_remote import business_queue
from partydesk.exchange.services.peers import package_signature_verify
from partydesk.exchange.services.receive import max_package_bytes, package_check
from partydesk.exchange.services.remote_statuses import status_queue, status_receive
from partydesk.organizations.models import Organization


@dataclass(frozen=True)
class StatusReceived:
    code: str
    created: bool


@dataclass(frozen=True)
class Delivered:
    packages: list[DeliveredPackage]
    created: bool


def _recipients(package: Package) -> list[Organization]:
    today = timezone.localdate()
    found = [organization_for_organ_id(r.organ_id, on=today) for r in package.receivers]
    recipients = [organization for organization in found if organization is not None]
    if not recipients:
        raise PackageRefused(
            [_("The package is addressed to no organization of this installation.")]
        )
    return recipients


def _keep(
    organization: Organization, package: Package, peer: Peer, data: bytes, signature: bytes
) -> tuple[DeliveredPackage, bool]:
    key = {
        "organization": organization,
        "sender_organ_id": package.sender.organ_id,
        "edxml_document_id": package.document_id,
        "business_type": int(package.business.doc_type),
    }
    existing = DeliveredPackage.objects.filter(**key).first()
    if existing is not None:
        return existing, False
    business = package.business
    stored = file_store(data=data, content_type="application/xml")
    try:
        with transaction.atomic():
            delivered = DeliveredPackage.objects.create(
                **key,
                subject=package.subject,
                peer=peer,
                package=stored,
                signature=signature,
                business_document_id=business.document_id if business.doc_type else "",
                business_reason=business.reason if business.doc_type else "",
            )
            audit_log(
                actor=None,
                action="exchange.package.delivered",
                target=delivered,
                organization_id=organization.pk,
                details={
                    "document_id": package.document_id,
                    "peer": peer.name,
                    "business_type": int(business.doc_type),
                    "acts_on": delivered.business_document_id,
                    "reason": delivered.business_reason,
                },
            )
            if business.doc_type != BusinessType.NEW:
                # A recall, update or replacement: applied and answered (15/16) by the worker.
                business_queue(delivered)
            else:
                # 01 back to the sender, by the worker: the peer's POST does not wait for ours.
                status_queue(delivered, StatusCode.ARRIVED, now=False)
    except IntegrityError:
        # The peer retried while the first delivery was being kept: that one stands.
        return DeliveredPackage.objects.get(**key), False
    return delivered, True


def package_deliver(*, data: bytes, signature: bytes) -> Delivered:
    """Accept a package from a peer, or refuse it (PackageRefused: its content;
    PackageUntrusted: its signature). Delivering the same package again changes nothing."""
    return package_accept(package_read(data, max_bytes=max_package_bytes()), data, signature)


def message_deliver(*, data: bytes, signature: bytes) -> Delivered | StatusReceived:
    """What the inbox does with a signed message: a document package is kept for the clerk,
    a status package recorded on the outgoing package it answers (both trusted the same
    way: the reporting or sending organization's peer must vouch for the signature)."""
    message = message_read(data, max_bytes=max_package_bytes())
    if isinstance(message, Package):
        return package_accept(message, data, signature)
    peer = package_signature_verify(
        sender_organ_id=message.sender.organ_id, signature=signature, data=data
    )
    try:
        recorded = status_receive(message, peer)
    except InvalidInput as exc:
        raise PackageRefused([str(exc.message)]) from exc
    return StatusReceived(code=message.code, created=recorded)


def package_accept(package: Package, data: bytes, signature: bytes) -> Delivered:
    peer = package_signature_verify(
        sender_organ_id=package.sender.organ_id, signature=signature, data=data
    )
    recipients = _recipients(package)
    # A recall, update or replacement is not registered: the worker applies it to the copy
    # of the document the same sender delivered here (business_remote).
    for organization in recipients if package.business.doc_type == BusinessType.NEW else []:
        preview = package_check(actor=SYSTEM, organization=organization, data=data, read=package)
        if not preview.ok:
            raise PackageRefused(preview.problems)
    kept = [_keep(org, package, peer, data, signature) for org in recipients]
    return Delivered([row for row, _new in kept], created=any(new for _row, new in kept))
