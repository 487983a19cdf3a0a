"""Recall, update and replacement of a released document (QCVN 102:2016 business types 1-3,
domain rules §1.9 and §2.3, ADR 0020), inside the installation and, for recipients
served by a peer, as signed packages the peer applies and answers (services/business_remote).

The sending clerk asks from the document's page with a reason. One outgoing package per
recipient that holds the document (business type 1, 2 or 3; the recall starts at 13) is
written with an outbox message in the same transaction, the way a release hands its
recipients on. Its handler, after the commit and retried by the worker, applies the request
to the recipient's copy and answers 15 (done) or 16 (not possible there, with why), once:
the package is unique per (document, recipient, business type) and the message per package,
and a package that has its answer is left alone.
- Recall: the copy is withdrawn (cancelled: out of every queue, nobody acts on it, its
  history kept), as ND30 Điều 18.4 has recalled documents cancelled on the receiver's side.
- Replace: the same, and the copy of the new version (released to the same recipients
  first) is the one in force; both pages link to each other.
- Update: the copy stays in force, its history notes the update, both link to each other.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partydesk.core.audit import audit_log
from partydesk.core.errors import InvalidInput, NotAllowed
from partydesk.core.http import Acting
from partydesk.core.models import OutboxMessage
from partydesk.core.services.outbox import outbox_enqueue, outbox_handler
from partydesk.documents.models import Direction, Document
from partydesk.documents.selectors.copies import incoming_copies_of
from partydesk.documents.services.incoming import incoming_mark_updated, incoming_withdraw
from partydesk.exchange.models import (
    BusinessType,
    OutgoingPackage,
    PackageStatus,
    StatusCode,
    Transfer,
)
from partydesk.exchange.permissions import PACKAGE
from partydesk.exchange.services.send import REMOTE_BUSINESS
from partydesk.exchange.services.statuses import package_status_record

LOCAL_BUSINESS = "exchange.business.local"
ANSWERED = (StatusCode.RECALL_ACCEPTED, StatusCode.RECALL_REFUSED)
AUDIT_ACTIONS = {
    BusinessType.RECALL: "exchange.package.recall_requested",
    BusinessType.UPDATE: "exchange.package.update_sent",
    BusinessType.REPLACE: "exchange.package.replacement_sent",
}
# What already happened to a document rules out what may follow.
_FINAL = (BusinessType.RECALL, BusinessType.REPLACE)


def _refusal_done(business_type: int) -> str:
    if business_type == BusinessType.RECALL:
        return _("This document has already been recalled.")
    if business_type == BusinessType.REPLACE:
        return _("This document has already been replaced.")
    return _("This document has already been updated once.")


def _check(
    actor: Acting, document: Document, business_type: BusinessType, reason: str
) -> list[OutgoingPackage]:
    """Lock and return the packages the request goes to, or refuse it."""
    if business_type not in AUDIT_ACTIONS:
        raise ValueError(f"not a recall, update or replacement: {business_type!r}")
    if not actor.can(PACKAGE, on=document.organization):
        raise NotAllowed(_("Only the office (văn thư) recalls, updates or replaces a document."))
    if document.direction != Direction.OUTGOING or document.released_at is None:
        raise InvalidInput(_("Only a released document is recalled, updated or replaced."))
    if not reason:
        raise InvalidInput(_("Say why; every recipient reads it."), field="reason")
    packages = list(
        OutgoingPackage.objects.select_for_update(of=("self",))
        .select_related("organization")
        .defer("signature")
        .filter(document=document)
        .order_by("pk")
    )
    for earlier in {p.business_type for p in packages}:
        if earlier in _FINAL or earlier == business_type:
            raise InvalidInput(_refusal_done(earlier))
    held = [
        p
        for p in packages
        if p.business_type == BusinessType.NEW
        and p.status != StatusCode.REJECTED
        and p.transfer != Transfer.REFUSED
    ]
    if not held:
        raise InvalidInput(_("No recipient holds this document through partydesk."))
    return held


def _check_replacement(
    document: Document, replacement: Document | None, held: list[OutgoingPackage]
) -> Document:
    if replacement is None:
        raise InvalidInput(_("Choose the new version."), field="replacement")
    if (
        replacement.pk == document.pk
        or replacement.organization_id != document.organization_id
        or replacement.direction != Direction.OUTGOING
        or replacement.released_at is None
    ):
        raise InvalidInput(
            _("The new version is another released document of this office."),
            field="replacement",
        )
    reached = set(
        OutgoingPackage.objects.filter(
            document=replacement, business_type=BusinessType.NEW
        ).values_list("organization_id", flat=True)
    )
    missing = [p.organization.name for p in held if p.organization_id not in reached]
    if missing:
        raise InvalidInput(
            _("Release the new version to these recipients first: %(names)s.")
            % {"names": ", ".join(missing)},
            field="replacement",
        )
    return replacement


def business_request(
    *,
    actor: Acting,
    document: Document,
    business_type: BusinessType,
    reason: str,
    replacement: Document | None = None,
) -> list[OutgoingPackage]:
    """Recall, update or replace a released document at every recipient that holds it."""
    reason = reason.strip()
    with transaction.atomic():
        held = _check(actor, document, business_type, reason)
        if business_type != BusinessType.RECALL:
            replacement = _check_replacement(document, replacement, held)
        else:
            replacement = None
        now = timezone.now()
        recall = business_type == BusinessType.RECALL
        packages = OutgoingPackage.objects.bulk_create(
            [
                OutgoingPackage(
                    document=document,
                    organization_id=p.organization_id,
                    business_type=business_type,
                    sent_at=now,
                    reason=reason,
                    replacement=replacement,
                    status=StatusCode.RECALL_REQUESTED if recall else "",
                    status_at=now if recall else None,
                    # To a peer: the same package travels signed (ADR 0020).
                    peer_id=p.peer_id,
                    transfer=Transfer.SENDING if _remote(p) else "",
                )
                for p in held
            ]
        )
        if recall:
            PackageStatus.objects.bulk_create(
                PackageStatus(
                    package=p,
                    code=StatusCode.RECALL_REQUESTED,
                    at=now,
                    by=actor.user,
                    reason=reason,
                )
                for p in packages
            )
        audit_log(
            actor=actor.user,
            action=AUDIT_ACTIONS[business_type],
            target=document,
            organization_id=document.organization_id,
            details={
                "recipients": [p.organization_id for p in held],
                "reason": reason,
                "replacement": replacement.pk if replacement else None,
            },
        )
        for package in packages:
            kind = REMOTE_BUSINESS if package.transfer else LOCAL_BUSINESS
            outbox_enqueue(
                kind=kind,
                payload={"package": package.pk},
                idempotency_key=f"{kind}:{package.pk}",
                deliver_after_commit=True,
            )
    return packages


def _remote(package: OutgoingPackage) -> bool:
    """The recipient is served by a peer (its delivery went, or is going, over the network)."""
    return bool(package.peer_id or package.transfer)


def _apply(package: OutgoingPackage) -> tuple[StatusCode, str]:
    """Do what the package asks to the recipient's copy: the answer and why."""
    sources = [package.document_id]
    if package.replacement_id:
        sources.append(package.replacement_id)
    copies = incoming_copies_of(sources, [package.organization_id])
    old = copies.get((package.document_id, package.organization_id))
    if old is None:
        return StatusCode.RECALL_REFUSED, _(
            "The document is not in the recipient's register (it never arrived there)."
        )
    if package.business_type == BusinessType.RECALL:
        done = incoming_withdraw(document=old, action="recalled", reason=package.reason)
        return StatusCode.RECALL_ACCEPTED, "" if done else _("It had already been withdrawn.")
    assert package.replacement is not None
    new = copies.get((package.replacement.pk, package.organization_id))
    if new is None:
        return StatusCode.RECALL_REFUSED, _("The new version has not arrived at the recipient.")
    note = _("%(reason)s (new version: %(symbol)s)") % {
        "reason": package.reason,
        "symbol": package.replacement.symbol or package.replacement.subject,
    }
    if package.business_type == BusinessType.REPLACE:
        done = incoming_withdraw(document=old, action="replaced", reason=note)
        return StatusCode.RECALL_ACCEPTED, "" if done else _("It had already been withdrawn.")
    incoming_mark_updated(document=old, note=note)
    return StatusCode.RECALL_ACCEPTED, ""


@outbox_handler(LOCAL_BUSINESS)
@transaction.atomic
def business_deliver_local(message: OutboxMessage) -> None:
    """Apply a recall, update or replacement at one recipient and answer 15 or 16. Delivered
    again, it does nothing: the package already has its answer."""
    package = (
        OutgoingPackage.objects.select_for_update(of=("self",))
        .select_related("document", "replacement")
        .defer("signature")
        .filter(pk=message.payload["package"])
        .first()
    )
    if package is None or package.status in ANSWERED:
        return
    code, note = _apply(package)
    package_status_record(package=package, code=code, actor=None, reason=note)
