"""Reads of recalls, updates and replacements (ADR 0020): what links a document to its old or
new version, on the sender's and on the recipient's page, and the deliveries to peers that
keep failing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext as _

from partydesk.core.models import OutboxMessage, OutboxStatus
from partydesk.documents.models import Direction, Document
from partydesk.documents.selectors.copies import incoming_copies_of
from partydesk.exchange.models import (
    BusinessType,
    DeliveredPackage,
    OutgoingPackage,
    ReceivedPackage,
    StatusCode,
    Transfer,
)
from partydesk.exchange.services.send import REMOTE_BUSINESS, REMOTE_DELIVERY
from partydesk.organizations.models import Organization

BUSINESS = (BusinessType.RECALL, BusinessType.UPDATE, BusinessType.REPLACE)


@dataclass(frozen=True)
class VersionLink:
    """One line of the "Recall and versions" panel: what happened, when, why, and the other
    version (None for a recall) as this reader's copy of it."""

    label: str
    at: dt.datetime
    reason: str
    other: Document | None
    business_type: int
    is_old: bool

    @property
    def withdraws(self) -> bool:
        """This document was recalled or replaced: nothing more is asked of it."""
        return self.is_old and self.business_type in (BusinessType.RECALL, BusinessType.REPLACE)


def _label(business_type: int, *, is_old: bool) -> str:
    if business_type == BusinessType.RECALL:
        return _("Recalled by its sender")
    if business_type == BusinessType.REPLACE:
        return _("Replaced by") if is_old else _("Replaces")
    return _("Updated by") if is_old else _("Updates")


def version_links_for(document: Document) -> list[VersionLink]:
    """For a released document, what its office did (sender's view, one query); for an
    incoming copy, what its sender did that reached this organization (two queries)."""
    if document.direction == Direction.OUTGOING:
        if document.released_at is None:
            return []
        rows = (
            OutgoingPackage.objects.filter(business_type__in=BUSINESS)
            .filter(Q(document=document) | Q(replacement=document))
            .select_related("document", "replacement")
            .defer("signature", "document__search_text", "replacement__search_text")
            .order_by("document_id", "business_type")
            .distinct()
        )
        seen: dict[tuple[int, int], VersionLink] = {}
        for p in rows:
            is_old = p.document_id == document.pk
            other = p.replacement if is_old else p.document
            seen.setdefault(
                (p.document_id, p.business_type),
                VersionLink(
                    _label(p.business_type, is_old=is_old),
                    p.sent_at,
                    p.reason,
                    other,
                    p.business_type,
                    is_old,
                ),
            )
        return list(seen.values())
    source = document.source_document_id
    if source is None:
        return _links_from_peer(document)
    packages = list(
        OutgoingPackage.objects.filter(
            organization_id=document.organization_id,
            business_type__in=BUSINESS,
            status=StatusCode.RECALL_ACCEPTED,
        )
        .filter(Q(document_id=source) | Q(replacement_id=source))
        .defer("signature")
        .order_by("sent_at", "pk")
    )
    if not packages:
        return []
    others = {p.replacement_id if p.document_id == source else p.document_id for p in packages}
    copies = incoming_copies_of([o for o in others if o], [document.organization_id])
    links = []
    for p in packages:
        is_old = p.document_id == source
        other_id = p.replacement_id if is_old else p.document_id
        other = copies.get((other_id, document.organization_id)) if other_id else None
        label = _label(p.business_type, is_old=is_old)
        links.append(VersionLink(label, p.sent_at, p.reason, other, p.business_type, is_old))
    return links


def _links_from_peer(document: Document) -> list[VersionLink]:
    """For a copy registered from a peer's package, what that sender recalled, updated or
    replaced that this installation carried out (answered 15); the other version is this
    organization's copy of it once registered (three queries at most)."""
    received = ReceivedPackage.objects.filter(
        document=document, business_type=BusinessType.NEW
    ).first()
    if received is None:
        return []
    same = {
        "organization_id": received.organization_id,
        "sender_organ_id": received.sender_organ_id,
    }
    mine = received.edxml_document_id
    rows = list(
        DeliveredPackage.objects.filter(**same, answer=StatusCode.RECALL_ACCEPTED)
        .filter(
            Q(business_document_id=mine)
            | Q(
                edxml_document_id=mine,
                business_type__in=[BusinessType.UPDATE, BusinessType.REPLACE],
            )
        )
        .only("business_type", "business_document_id", "edxml_document_id", "business_reason")
        .order_by("delivered_at", "pk")
    )
    if not rows:
        return []
    others = {
        r.edxml_document_id if r.business_document_id == mine else r.business_document_id
        for r in rows
    }
    copies = {
        r.edxml_document_id: r.document
        for r in ReceivedPackage.objects.filter(
            **same, edxml_document_id__in=others - {mine}, business_type=BusinessType.NEW
        ).select_related("document")
    }
    links = []
    for r in rows:
        is_old = r.business_document_id == mine
        other = copies.get(r.edxml_document_id if is_old else r.business_document_id)
        label = _label(r.business_type, is_old=is_old)
        links.append(
            VersionLink(label, r.delivered_at, r.business_reason, other, r.business_type, is_old)
        )
    return links


@dataclass(frozen=True)
class FailingDelivery:
    package: OutgoingPackage
    next_attempt_at: dt.datetime | None


FAILING = (Transfer.RETRYING, Transfer.REFUSED)


def deliveries_failing_for(organization: Organization, *, limit: int) -> list[FailingDelivery]:
    """The office's packages to peers that failed (retrying, or refused by the peer), the
    most tried first, with when the outbox tries each again (None: not by itself any more).
    Two queries."""
    packages = list(
        OutgoingPackage.objects.filter(document__organization=organization, transfer__in=FAILING)
        .select_related("document", "organization", "peer")
        .defer("signature", "document__search_text")
        .order_by("-transfer_attempts", "sent_at", "pk")[:limit]
    )
    if not packages:
        return []
    pending = OutboxMessage.objects.filter(
        kind=REMOTE_DELIVERY,
        status=OutboxStatus.PENDING,
        payload__document__in=sorted({p.document_id for p in packages}),
    ).values_list("payload", "next_attempt_at")
    next_at: dict[tuple[int, int], dt.datetime] = {}
    for payload, at in pending:
        key = (int(payload["document"]), int(payload["organization"]))
        next_at[key] = min(at, next_at.get(key, at))
    business = sorted(p.pk for p in packages if p.business_type != BusinessType.NEW)
    # A recall, update or replacement is retried by its own message (one more query).
    business_at: dict[int, dt.datetime] = {}
    if business:
        for payload, at in OutboxMessage.objects.filter(
            kind=REMOTE_BUSINESS, status=OutboxStatus.PENDING, payload__package__in=business
        ).values_list("payload", "next_attempt_at"):
            pk = int(payload["package"])
            business_at[pk] = min(at, business_at.get(pk, at))

    def when(p: OutgoingPackage) -> dt.datetime | None:
        if p.transfer != Transfer.RETRYING:
            return None
        if p.business_type != BusinessType.NEW:
            return business_at.get(p.pk)
        return next_at.get((p.document_id, p.organization_id))

    return [FailingDelivery(p, when(p)) for p in packages]
