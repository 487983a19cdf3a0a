"""Recall, update and replacement arriving from a peer installation (ADR 0020): the
receiving side of business packages (QCVN 102:2016 business types 1-3).

The peer's inbox keeps the package once per (receiving organization, sender, DocumentId,
business type), as any package, and leaves it to the worker (the sender's POST does not
wait for our answer). The handler applies it to the copy of the document the same sender
delivered here, exactly as the local path does (recall: the copy is cancelled; replacement:
the old copy is cancelled and the new version is in force; update: the copy stays in force
with an `updated` row in its history) and answers 15, or 16 with why, as a signed status
package. A package that has its answer is left alone, so a message or a package delivered
twice changes nothing more. Packages that do not add up (a document this sender never
delivered here, a DocumentId of another sender, a recall naming two documents) are answered
16 with the reason; nothing is changed."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partydesk.core.audit import audit_log
from partydesk.core.models import OutboxMessage
from partydesk.core.services.outbox import outbox_enqueue, outbox_handler
from partydesk.documents.services.incoming import incoming_mark_updated, incoming_withdraw
from partydesk.exchange.models import (
    BusinessType,
    DeliveredPackage,
    ReceivedPackage,
    StatusCode,
)
from partydesk.exchange.services.remote_statuses import status_queue

REMOTE_APPLY = "exchange.business.apply"


def business_queue(delivered: DeliveredPackage) -> None:
    """In the inbox's transaction: apply the business package by the worker, once."""
    outbox_enqueue(
        kind=REMOTE_APPLY,
        payload={"delivered": delivered.pk},
        idempotency_key=f"{REMOTE_APPLY}:{delivered.pk}",
        deliver_after_commit=False,
    )


def _delivered(row: DeliveredPackage, document_id: str) -> DeliveredPackage | None:
    """The document package with this DocumentId the same sender delivered to the same
    organization (one query)."""
    return DeliveredPackage.objects.filter(
        organization_id=row.organization_id,
        sender_organ_id=row.sender_organ_id,
        edxml_document_id=document_id,
        business_type=BusinessType.NEW,
    ).first()


def _inconsistent(row: DeliveredPackage) -> str:
    """Why the package does not add up, or ""."""
    old_id = row.business_document_id
    if not old_id.startswith(f"{row.sender_organ_id},"):
        return _("The package acts on %(id)s, which %(sender)s did not send.") % {
            "id": old_id or "—",
            "sender": row.sender_organ_id,
        }
    if row.business_type == BusinessType.RECALL and old_id != row.edxml_document_id:
        return _("The recall names two different documents (%(a)s and %(b)s).") % {
            "a": row.edxml_document_id,
            "b": old_id,
        }
    if row.business_type != BusinessType.RECALL and old_id == row.edxml_document_id:
        return _("The new version is the document it replaces.")
    return ""


def _apply(row: DeliveredPackage) -> tuple[StatusCode, str]:
    """Do what the package asks to this organization's copy: the answer and why."""
    problem = _inconsistent(row)
    if problem:
        return StatusCode.RECALL_REFUSED, problem
    old = _delivered(row, row.business_document_id)
    if old is None:
        return StatusCode.RECALL_REFUSED, _(
            "The document %(id)s never reached %(organization)s from this sender."
        ) % {"id": row.business_document_id, "organization": row.organization.name}
    note = row.business_reason
    if row.business_type != BusinessType.RECALL:
        if _delivered(row, row.edxml_document_id) is None:
            return StatusCode.RECALL_REFUSED, _("The new version has not arrived at the recipient.")
        note = _("%(reason)s (new version: %(symbol)s)") % {
            "reason": row.business_reason,
            "symbol": row.edxml_document_id.split(",", 2)[-1],
        }
    registered = (
        ReceivedPackage.objects.filter(
            organization_id=row.organization_id,
            sender_organ_id=row.sender_organ_id,
            edxml_document_id=row.business_document_id,
            business_type=BusinessType.NEW,
        )
        .select_related("document")
        .first()
    )
    if row.business_type == BusinessType.UPDATE:
        if registered is not None:
            incoming_mark_updated(document=registered.document, note=note)
        return StatusCode.RECALL_ACCEPTED, ""
    action = "recalled" if row.business_type == BusinessType.RECALL else "replaced"
    if registered is not None:
        done = incoming_withdraw(document=registered.document, action=action, reason=note)
        return StatusCode.RECALL_ACCEPTED, "" if done else _("It had already been withdrawn.")
    if old.refused_at is not None:
        return StatusCode.RECALL_ACCEPTED, _("It had already been refused.")
    # Still waiting for the clerk: it leaves the inbox (no 02: the sender asked for it).
    old.refused_at = timezone.now()
    old.refusal_reason = note
    old.save(update_fields=["refused_at", "refusal_reason"])
    return StatusCode.RECALL_ACCEPTED, _("It was withdrawn before it was registered.")


@outbox_handler(REMOTE_APPLY)
@transaction.atomic
def business_apply(message: OutboxMessage) -> None:
    """Apply a peer's recall, update or replacement and answer 15 or 16, once."""
    row = (
        DeliveredPackage.objects.select_for_update(of=("self",))
        .select_related("organization", "peer")
        .filter(pk=message.payload["delivered"])
        .first()
    )
    if row is None or row.answer:
        return
    code, why = _apply(row)
    row.answer, row.answer_reason, row.answered_at = code.value, why, timezone.now()
    row.save(update_fields=["answer", "answer_reason", "answered_at"])
    audit_log(
        actor=None,
        action="exchange.package.business_answered",
        target=row,
        organization_id=row.organization_id,
        details={
            "document_id": row.edxml_document_id,
            "business_type": row.business_type,
            "acts_on": row.business_document_id,
            "status": code.value,
            "reason": why,
        },
    )
    status_queue(row, code, at=row.answered_at, reason=why)
