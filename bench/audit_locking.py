"""The audit writer as it was before sealing (kept as the bench's baseline, never used by the
application): every write locks the one chain-head row, numbers and hashes its event, and
holds the lock until its transaction commits, so all audited writes form one queue.

Since ADR 0025 the seal is a row of its own, so the old writer inserts the event and its
seal under the lock: the same columns as its one wide row and six index entries instead of
nine (the event's four and the seal's two), but one statement more while holding the lock
than the original writer (docs/performance.md, audit, says what that does to the ratio)."""

from __future__ import annotations

import json
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from partydesk.core.audit import event_digest
from partydesk.core.context import client_ip
from partydesk.core.models import AuditChainHead, AuditEvent, AuditSeal


def audit_log_locking(
    *,
    actor: Any,
    action: str,
    target: models.Model | None = None,
    organization_id: int | None = None,
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event under the chain head's row lock (the pre-0007 `audit_log`)."""
    with transaction.atomic():
        head, _ = AuditChainHead.objects.select_for_update().get_or_create(pk=1)
        is_user = actor is not None and getattr(actor, "is_authenticated", False)
        event = AuditEvent(
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
        )
        event.save()
        seq = head.last_seq + 1
        digest = event_digest(event, seq, head.last_hash)
        AuditSeal.objects.create(seq=seq, event=event, prev_hash=head.last_hash, hash=digest)
        head.last_seq, head.last_hash = seq, digest
        head.save(update_fields=["last_seq", "last_hash"])
    return event
