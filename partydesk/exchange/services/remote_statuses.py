"""Statuses between installations (domain rules §2.3, ADR 0020). The recipient's side queues
a signed status package for the peer that delivered a package (01 when it arrives, 03 when
the clerk registers it, 02 when the clerk refuses it, 04/05/06 as its incoming workflow
moves); the sender's side records a status package that arrives at its inbox on the
outgoing package it answers, as the local statuses are."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partydesk.accounts.models import User
from partydesk.core.audit import audit_log
from partydesk.core.errors import InvalidInput, NotAllowed
from partydesk.core.http import Acting
from partydesk.core.models import OutboxMessage
from partydesk.core.services.outbox import outbox_enqueue, outbox_handler
from partydesk.documents.hooks import IncomingMoved
from partydesk.exchange.edxml import Organ, ResponseFor, StatusNotice, parse_date, status_write
from partydesk.exchange.models import (
    BusinessType,
    DeliveredPackage,
    OutgoingPackage,
    PackageStatus,
    Peer,
    ReceivedPackage,
    StatusCode,
)
from partydesk.exchange.permissions import PACKAGE
from partydesk.exchange.selectors.organ_ids import organ_id_of, organization_for_organ_id
from partydesk.exchange.services.send import TransferDeferred, post_signed
from partydesk.exchange.services.statuses import codes_for, package_status_record
from partydesk.organizations.models import Organization
from partydesk.signatures.services.detached import organization_seal_detached

logger = logging.getLogger(__name__)

REMOTE_STATUS = "exchange.status.package"


def status_queue(
    delivered: DeliveredPackage,
    code: StatusCode,
    *,
    at: dt.datetime | None = None,
    reason: str = "",
    actor: User | None = None,
    now: bool = True,
) -> None:
    """In the caller's transaction: a status of a delivered package for its sender. With
    `now`, sent right after the commit (a clerk's step); otherwise by the worker (the
    arrival itself, so the peer's POST is not held up by ours)."""
    moment = at or timezone.now()
    outbox_enqueue(
        kind=REMOTE_STATUS,
        payload={
            "delivered": delivered.pk,
            "code": code.value,
            "at": moment.isoformat(),
            "reason": reason,
            "staff": actor.display_name if actor is not None else "",
        },
        idempotency_key=f"{REMOTE_STATUS}:{delivered.pk}:{code.value}:{moment.isoformat()}",
        deliver_after_commit=now,
    )


def delivered_for_document(document_id: int) -> DeliveredPackage | None:
    """The peer's package an incoming document was registered from, if any (one query)."""
    received = ReceivedPackage.objects.filter(document_id=document_id).first()
    if received is None:
        return None
    return DeliveredPackage.objects.filter(
        organization_id=received.organization_id,
        sender_organ_id=received.sender_organ_id,
        edxml_document_id=received.edxml_document_id,
        business_type=received.business_type,
    ).first()


def _notice(delivered: DeliveredPackage, payload: dict[str, Any]) -> StatusNotice:
    organ, day, code = ([*delivered.edxml_document_id.split(",", 2), "", ""])[:3]
    at = timezone.localtime(dt.datetime.fromisoformat(payload["at"])).replace(tzinfo=None)
    reporter = delivered.organization
    return StatusNotice(
        response_for=ResponseFor(
            organ_id=organ.strip(),
            code=code.strip(),
            promulgation_date=parse_date(day) or dt.date.min,
            document_id=delivered.edxml_document_id,
        ),
        sender=Organ(organ_id_of(reporter) or "", reporter.name),
        code=payload["code"],
        timestamp=at.replace(microsecond=0),
        description=payload.get("reason", ""),
        department=reporter.name,
        staff=payload.get("staff", ""),
    )


@outbox_handler(REMOTE_STATUS)
def status_send(message: OutboxMessage) -> None:
    """Sign a status with the recipient organization's seal and POST it to the peer that
    delivered the package. A refusal by the peer is logged and not retried."""
    payload = message.payload
    delivered = (
        DeliveredPackage.objects.select_related("organization", "peer")
        .filter(pk=payload["delivered"])
        .first()
    )
    if delivered is None:
        return
    data = status_write(_notice(delivered, payload))
    signature = organization_seal_detached(organization=delivered.organization, payload=data)
    code, answer = post_signed(f"{delivered.peer.base_url}exchange/inbox/", data, signature)
    if code == 202:
        return
    if 400 <= code < 500 and code != 429:
        logger.warning("peer %s refused status %s: %s", delivered.peer, payload, answer)
        return
    raise TransferDeferred(f"HTTP {code}: {answer}")


def incoming_moved_remote(event: IncomingMoved) -> None:
    """documents' incoming observer: a document registered from a peer's package reports
    its moves (assigned, in progress, completed, refused) to that peer."""
    if event.source_document_id is not None or event.action == "delivered":
        return
    codes = codes_for(event)
    if not codes:
        return
    delivered = delivered_for_document(event.document_id)
    if delivered is None:
        return
    actor = User.objects.filter(pk=event.actor_id).first() if event.actor_id else None
    for code in codes:
        status_queue(delivered, code, at=event.at, reason=event.reason, actor=actor)


BUSINESS_ANSWERS = (StatusCode.RECALL_ACCEPTED, StatusCode.RECALL_REFUSED)


def _answerable(notice: StatusNotice, peer: Peer, reporter: Organization) -> list[OutgoingPackage]:
    """The outgoing packages a status may answer, locked: the delivery for 01-06, the
    recall, update or replacement for 15 and 16 (those still waiting for their answer first:
    a document recalled after it replaced another has two with its DocumentId)."""
    business = notice.code in BUSINESS_ANSWERS
    candidates = list(
        OutgoingPackage.objects.select_for_update(of=("self",))
        .select_related("document")
        .defer("signature")
        .filter(
            edxml_document_id=notice.response_for.document_id,
            organization=reporter,
            peer=peer,
        )
        .filter(
            business_type__in=[BusinessType.RECALL, BusinessType.UPDATE, BusinessType.REPLACE]
            if business
            else [BusinessType.NEW]
        )
        .order_by("sent_at", "pk")
    )
    waiting = [p for p in candidates if p.status not in BUSINESS_ANSWERS]
    return waiting + [p for p in candidates if p not in waiting]


@transaction.atomic
def status_receive(notice: StatusNotice, peer: Peer) -> bool:
    """Record a peer's status on the outgoing package it answers; False if it was already
    recorded (the peer retried). Refused (InvalidInput) if no package of ours matches."""
    if notice.code not in StatusCode.values:
        raise InvalidInput(_("Unknown status code %(code)s.") % {"code": notice.code})
    reporter = organization_for_organ_id(notice.sender.organ_id)
    candidates = _answerable(notice, peer, reporter) if reporter is not None else []
    if not candidates:
        raise InvalidInput(
            _("No package sent from here matches the status for %(id)s.")
            % {"id": notice.response_for.document_id}
        )
    at = timezone.make_aware(notice.timestamp)
    if PackageStatus.objects.filter(package__in=candidates, code=notice.code, at=at).exists():
        return False
    package = candidates[0]
    recorded = package_status_record(
        package=package,
        code=StatusCode(notice.code),
        actor=None,
        reason=notice.description,
        at=at,
        by_name=notice.staff,
    )
    return recorded is not None


@transaction.atomic
def delivered_refuse(
    *, actor: Acting, delivered: DeliveredPackage, reason: str
) -> DeliveredPackage:
    """The clerk refuses a package a peer delivered, with the reason (02 goes back)."""
    delivered = DeliveredPackage.objects.select_for_update().get(pk=delivered.pk)
    if not actor.can(PACKAGE, on=delivered.organization):
        raise NotAllowed(_("Only the office (văn thư) refuses delivered packages."))
    if not reason.strip():
        raise InvalidInput(_("Say why the package is refused."), field="reason")
    if (
        delivered.refused_at is not None
        or ReceivedPackage.objects.filter(
            organization_id=delivered.organization_id,
            sender_organ_id=delivered.sender_organ_id,
            edxml_document_id=delivered.edxml_document_id,
            business_type=delivered.business_type,
        ).exists()
    ):
        raise InvalidInput(_("This package was already registered or refused."))
    delivered.refused_at = timezone.now()
    delivered.refused_by = actor.user
    delivered.refusal_reason = reason.strip()
    delivered.save(update_fields=["refused_at", "refused_by", "refusal_reason"])
    audit_log(
        actor=actor.user,
        action="exchange.package.refused",
        target=delivered,
        organization_id=delivered.organization_id,
        details={"document_id": delivered.edxml_document_id, "reason": delivered.refusal_reason},
    )
    status_queue(
        delivered,
        StatusCode.REJECTED,
        at=delivered.refused_at,
        reason=delivered.refusal_reason,
        actor=actor.user,
    )
    return delivered
