"""Tracked delivery inside the installation: the release opens one outgoing package per
recipient (in its own transaction), and the recipient's arrival and workflow come back as
business statuses (domain rules §2.3), each one with its time, actor, reason and audit event.

`packages_open` and `incoming_moved` are plugged into documents' hooks in
ExchangeConfig.ready(); documents never imports exchange. A move of the recipient writes an
outbox message in its own transaction and the status is recorded after the commit by its
handler, retried by the worker until it succeeds: a status is never lost and recording it
never holds up or undoes the recipient's step."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone

from partydesk.accounts.models import User
from partydesk.core.audit import audit_log, audit_log_many
from partydesk.core.models import OutboxMessage
from partydesk.core.rows import rows_insert
from partydesk.core.services.outbox import outbox_enqueue, outbox_handler
from partydesk.documents.hooks import IncomingMoved
from partydesk.documents.models import Document, DocumentRecipient, Status
from partydesk.exchange.models import (
    BusinessType,
    OutgoingPackage,
    PackageStatus,
    StatusCode,
    Transfer,
)
from partydesk.exchange.services.send import served_by_peers

# The outbox kind of a status reported inside this installation, and of the same move of
# many recipients at once (a bulk arrival: 01 and 03 from each).
LOCAL_STATUS = "exchange.status.local"
LOCAL_STATUSES = "exchange.status.local_many"

# What each move of the recipient's incoming document reports to the sender. An arrival
# is registered in the same step (ADR 0017), so it reports 01 and 03 together.
_BY_ACTION: dict[str, tuple[StatusCode, ...]] = {
    "delivered": (StatusCode.ARRIVED, StatusCode.REGISTERED),
    "refused": (StatusCode.REJECTED,),
}
_BY_STATUS: dict[str, tuple[StatusCode, ...]] = {
    Status.ASSIGNED: (StatusCode.ASSIGNED,),
    Status.IN_PROGRESS: (StatusCode.IN_PROGRESS,),
    Status.COMPLETED: (StatusCode.COMPLETED,),
}


def packages_open(
    document: Document, recipients: Sequence[DocumentRecipient], actor: User | None
) -> None:
    """One outgoing package per recipient the release hands on, with no status yet."""
    if not recipients:
        return
    now = timezone.now()
    remote = served_by_peers([r.organization_id for r in recipients])
    OutgoingPackage.objects.bulk_create(
        [
            OutgoingPackage(
                document=document,
                organization_id=r.organization_id,
                sent_at=now,
                transfer=Transfer.SENDING if r.organization_id in remote else "",
            )
            for r in recipients
        ],
        ignore_conflicts=True,  # released again after a failed delivery: tracked once
    )
    audit_log(
        actor=actor,
        action="exchange.package.sent",
        target=document,
        organization_id=document.organization_id,
        details={"recipients": [r.organization_id for r in recipients]},
    )


def mover_of(event: IncomingMoved) -> User | None:
    """Who made the move the statuses report: nobody for an arrival, which the installation
    registers on its own when the sender releases (the event's actor is the sender's clerk,
    and "03 registered — <the sender's clerk>" under the recipient reads as a lie)."""
    if event.action == "delivered" or not event.actor_id:
        return None
    return User.objects.filter(pk=event.actor_id).first()


def codes_for(event: IncomingMoved) -> tuple[StatusCode, ...]:
    """The statuses a move of the recipient's document reports (none for a filing)."""
    return _BY_ACTION.get(event.action) or _BY_STATUS.get(event.status, ())


def incoming_moved(event: IncomingMoved) -> None:
    """In the recipient's transaction: queue what its move reports to the sender (a document
    that did not arrive through a release reports nothing)."""
    if event.source_document_id is None or not codes_for(event):
        return
    payload = {**dataclasses.asdict(event), "at": event.at.isoformat()}
    outbox_enqueue(kind=LOCAL_STATUS, payload=payload, deliver_after_commit=True)


def incoming_moved_many(events: Sequence[IncomingMoved]) -> None:
    """`incoming_moved` for a batch (documents' bulk arrival): one message per kind of
    move, naming every recipient that made it."""
    groups: dict[tuple[Any, ...], list[int]] = {}
    for event in events:
        if event.source_document_id is None or not codes_for(event):
            continue
        move = (event.source_document_id, event.status, event.action, event.actor_id)
        groups.setdefault((*move, event.at.isoformat(), event.reason), []).append(
            event.organization_id
        )
    for (source, status, action, actor, at, reason), organizations in groups.items():
        outbox_enqueue(
            kind=LOCAL_STATUSES,
            payload={
                "source_document_id": source,
                "organizations": organizations,
                "status": status,
                "action": action,
                "actor_id": actor,
                "at": at,
                "reason": reason,
            },
            deliver_after_commit=True,
        )


@outbox_handler(LOCAL_STATUSES)
@transaction.atomic
def statuses_deliver_local(message: OutboxMessage) -> None:
    """`status_deliver_local` for many recipients of one document in one transaction:
    statuses and audit events (one per package) in multi-row inserts. Delivered again, it
    records nothing more (a status already there with the same time is skipped)."""
    payload: dict[str, Any] = message.payload
    at = dt.datetime.fromisoformat(payload["at"])
    sample = IncomingMoved(
        document_id=0,
        organization_id=0,
        source_document_id=payload["source_document_id"],
        status=payload["status"],
        action=payload["action"],
        actor_id=payload["actor_id"],
        at=at,
        reason=payload["reason"],
    )
    # The packages as plain values and their document once (not a model pair per recipient).
    packages = list(
        OutgoingPackage.objects.select_for_update()
        .filter(
            document_id=payload["source_document_id"],
            organization_id__in=payload["organizations"],
            business_type=BusinessType.NEW,
        )
        .order_by("pk")
        .values_list("pk", "organization_id", "status")
    )
    if not packages:
        return
    recorded = set(
        PackageStatus.objects.filter(package_id__in=[p[0] for p in packages], at=at).values_list(
            "package_id", "code"
        )
    )
    actor = mover_of(sample)
    added: list[tuple[int, int, str]] = []  # (package, recipient, code)
    outcome: dict[int, str] = {}
    for pk, organization_id, status in packages:
        for code in codes_for(sample):
            if (pk, code) in recorded or status == code:
                continue
            added.append((pk, organization_id, code))
            status = outcome[pk] = code
    template = PackageStatus(at=at, by=actor, reason=sample.reason)
    rows_insert(template, varying=["package_id", "code"], rows=[(pk, c) for pk, _o, c in added])
    moved: dict[str, list[int]] = {}
    for pk, last in outcome.items():  # one UPDATE per outcome (all alike on an arrival)
        moved.setdefault(last, []).append(pk)
    for last, pks in moved.items():
        OutgoingPackage.objects.filter(pk__in=pks).update(status=last, status_at=at)
    # One event per package for this one act (an arrival reports 01 and 03 together),
    # naming every status it added, the last as `code` as a single status's event does.
    codes: dict[int, list[str]] = {}
    for _pk, organization_id, added_code in added:
        codes.setdefault(organization_id, []).append(str(added_code))
    document = Document.objects.get(pk=payload["source_document_id"])
    audit_log_many(
        actor=actor,
        action="exchange.package.status",
        events=[
            (
                document,
                organization_id,
                {
                    "recipient": organization_id,
                    "code": reported[-1],
                    "codes": reported,
                    "reason": sample.reason,
                },
            )
            for organization_id, reported in codes.items()
        ],
    )


@outbox_handler(LOCAL_STATUS)
@transaction.atomic
def status_deliver_local(message: OutboxMessage) -> None:
    """Record on the sender's package the statuses a recipient's move reports. Delivered
    again, it records nothing more: a status already there with the same time is skipped."""
    payload: dict[str, Any] = message.payload
    event = IncomingMoved(**{**payload, "at": dt.datetime.fromisoformat(payload["at"])})
    package = (
        OutgoingPackage.objects.select_for_update(of=("self",))
        .select_related("document")
        .filter(
            document_id=payload["source_document_id"],
            organization_id=event.organization_id,
            business_type=BusinessType.NEW,
        )
        .first()
    )
    if package is None:
        return  # released before deliveries were tracked
    actor = mover_of(event)
    recorded = set(
        PackageStatus.objects.filter(package=package, at=event.at).values_list("code", flat=True)
    )
    for code in codes_for(event):
        if code not in recorded:
            package_status_record(
                package=package, code=code, actor=actor, reason=event.reason, at=event.at
            )


def package_status_record(
    *,
    package: OutgoingPackage,
    code: StatusCode,
    actor: User | None,
    reason: str = "",
    at: dt.datetime | None = None,
    by_name: str = "",
) -> PackageStatus | None:
    """Add a status (reported at `at`, default now) to a locked package; the status it
    already has is not repeated."""
    if package.status == code:
        return None
    status = PackageStatus.objects.create(
        package=package,
        code=code,
        at=at or timezone.now(),
        by=actor,
        reason=reason,
        by_name=by_name,
    )
    package.status, package.status_at = code, status.at
    package.save(update_fields=["status", "status_at"])
    audit_log(
        actor=actor,
        action="exchange.package.status",
        target=package.document,
        organization_id=package.organization_id,
        details={"recipient": package.organization_id, "code": code.value, "reason": reason},
    )
    return status
