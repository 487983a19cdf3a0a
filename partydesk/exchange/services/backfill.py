"""Tracked deliveries recorded after the fact: releases whose arrivals were registered in bulk
(the demo's year of documents, an import of an older installation's history) get the
outgoing packages and statuses the live path would have written.

The recipients' moves are given as the documents hooks describe them (`IncomingMoved`) and
turned into statuses by the same table as the live path (`codes_for`), so a backfilled
timeline says what a live one would have said: 01 and 03 on arrival, 02 with the reason of
a refusal, 04/05/06 as the recipient handled it. Written with two bulk inserts and one audit
event for the batch."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import transaction

from partydesk.accounts.models import User
from partydesk.core.audit import audit_log
from partydesk.documents.hooks import IncomingMoved
from partydesk.documents.models import Document
from partydesk.exchange.models import BusinessType, OutgoingPackage, PackageStatus
from partydesk.exchange.services.statuses import codes_for


@dataclass(frozen=True)
class DeliveryHistory:
    """One released document's delivery to one recipient, and the recipient's moves."""

    document: Document
    organization_id: int
    sent_at: dt.datetime
    moves: Sequence[IncomingMoved] = field(default_factory=tuple)


def _statuses(history: DeliveryHistory, users: dict[int, User]) -> list[PackageStatus]:
    rows: list[PackageStatus] = []
    for move in sorted(history.moves, key=lambda m: m.at):
        if move.at < history.sent_at:
            raise ValueError("a recipient's move cannot come before the package was sent")
        for code in codes_for(move):
            if rows and rows[-1].code == code:
                continue  # a status is not repeated (package_status_record)
            rows.append(
                PackageStatus(
                    code=code,
                    at=move.at,
                    by=users.get(move.actor_id) if move.actor_id else None,
                    reason=move.reason,
                )
            )
    return rows


@transaction.atomic
def package_history_bulk_record(
    *, actor: User | None, histories: Sequence[DeliveryHistory]
) -> list[OutgoingPackage]:
    """Outgoing packages with their statuses for deliveries that were not tracked when they
    happened. A delivery already tracked is left as it is. One audit event for the batch."""
    wanted = {(h.document.pk, h.organization_id): h for h in histories}
    tracked = set(
        OutgoingPackage.objects.filter(
            document__in=[h.document for h in histories], business_type=BusinessType.NEW
        ).values_list("document_id", "organization_id")
    )
    todo = [h for key, h in wanted.items() if key not in tracked]
    actor_ids = {m.actor_id for h in todo for m in h.moves if m.actor_id}
    users = {u.pk: u for u in User.objects.filter(pk__in=actor_ids)}
    packages, statuses = [], []
    for history in todo:
        rows = _statuses(history, users)
        packages.append(
            OutgoingPackage(
                document=history.document,
                organization_id=history.organization_id,
                sent_at=history.sent_at,
                status=rows[-1].code if rows else "",
                status_at=rows[-1].at if rows else None,
            )
        )
        statuses.append(rows)
    created = OutgoingPackage.objects.bulk_create(packages, batch_size=500)
    for package, rows in zip(created, statuses, strict=True):
        for row in rows:
            row.package = package
    PackageStatus.objects.bulk_create([r for rows in statuses for r in rows], batch_size=1000)
    if created:
        audit_log(
            actor=actor,
            action="exchange.package.history_recorded",
            details={
                "packages": len(created),
                "statuses": sum(len(rows) for rows in statuses),
                "documents": len({p.document_id for p in created}),
            },
        )
    return created
