"""The audit trail: append events to a SHA-256 hash chain, and verify the chain."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from partydesk.core.context import client_ip
from partydesk.core.models import AuditChainHead, AuditEvent

GENESIS = "0" * 64


def _digest(event: AuditEvent) -> str:
    payload = json.dumps(
        [
            event.prev_hash,
            event.seq,
            event.occurred_at.isoformat(),
            event.actor_id,
            event.actor_label,
            event.action,
            event.target_type,
            event.target_id,
            event.target_label,
            event.organization_id,
            event.ip,
            event.details,
        ],
        sort_keys=True,
        ensure_ascii=False,
        default=str,
        separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def audit_log(
    *,
    actor: Any,
    action: str,
    target: models.Model | None = None,
    organization_id: int | None = None,
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event (actor, dotted action, target) to the chain inside the caller's
    transaction; the chain head row is locked so concurrent appends stay in order."""
    with transaction.atomic():
        head, _ = AuditChainHead.objects.select_for_update().get_or_create(pk=1)
        is_user = actor is not None and getattr(actor, "is_authenticated", False)
        event = AuditEvent(
            seq=head.last_seq + 1,
            occurred_at=timezone.now(),
            actor=actor if is_user else None,
            actor_label=str(actor) if actor is not None else "system",
            action=action,
            target_type=target._meta.label_lower if target is not None else "",
            target_id=str(target.pk) if target is not None else "",
            target_label=str(target)[:300] if target is not None else "",
            organization_id=organization_id,
            ip=client_ip.get(),
            details=json.loads(json.dumps(details or {}, default=str)),
            prev_hash=head.last_hash,
        )
        event.hash = _digest(event)
        event.save()
        head.last_seq = event.seq
        head.last_hash = event.hash
        head.save(update_fields=["last_seq", "last_hash"])
    return event


@dataclass(frozen=True)
class ChainProblem:
    """One place where the stored chain does not match what was recorded."""

    seq: int
    kind: str  # "changed" | "removed" | "inserted" | "truncated"
    explanation: str


def _original_seq(event: AuditEvent, reach: int = 5) -> int | None:
    """If the row is intact but renumbered, the seq it was recorded with."""
    stored = event.seq
    try:
        for offset in [o for k in range(1, reach + 1) for o in (k, -k)]:
            event.seq = stored + offset
            if event.seq > 0 and _digest(event) == event.hash:
                return event.seq
        return None
    finally:
        event.seq = stored


def audit_verify(batch_size: int = 5000) -> Iterator[ChainProblem]:
    """Walk the chain in order and yield each changed, removed or inserted row."""
    expected_prev = GENESIS
    expected_seq = 1
    last_seq = 0
    reported_shift = False
    for event in AuditEvent.objects.order_by("seq").iterator(chunk_size=batch_size):
        intact = _digest(event) == event.hash
        if event.seq > expected_seq:
            yield ChainProblem(
                expected_seq,
                "removed",
                f"events #{expected_seq}..#{event.seq - 1} are missing before #{event.seq}",
            )
        elif not intact:
            recorded = _original_seq(event)
            if recorded is not None and recorded < event.seq and not reported_shift:
                reported_shift = True
                yield ChainProblem(
                    event.seq - 1,
                    "inserted",
                    f"#{event.seq - 1} was inserted: the event recorded as #{recorded} "
                    f"now stands at #{event.seq}",
                )
            elif recorded is not None and recorded > event.seq and not reported_shift:
                reported_shift = True
                yield ChainProblem(
                    event.seq,
                    "removed",
                    f"an event before #{event.seq} was removed and the rest renumbered",
                )
            elif recorded is None:
                yield ChainProblem(
                    event.seq, "changed", f"#{event.seq} differs from what was recorded"
                )
        elif event.prev_hash != expected_prev:
            yield ChainProblem(
                event.seq, "inserted", f"#{event.seq} does not follow the event before it"
            )
        expected_prev = event.hash
        expected_seq = event.seq + 1
        last_seq = event.seq
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is not None and head.last_seq != last_seq:
        yield ChainProblem(
            last_seq + 1,
            "truncated",
            f"the chain ends at #{last_seq} but #{head.last_seq} was the last one written",
        )
