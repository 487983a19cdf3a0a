"""The chain's arithmetic: what an event's SHA-256 covers, and the hash before the first."""

from __future__ import annotations

import hashlib
import json

from partydesk.core.models import AuditEvent

GENESIS = "0" * 64


def event_digest(event: AuditEvent, seq: int, prev_hash: str) -> str:
    """SHA-256 over every recorded field, the event's place (`seq`) and the previous hash.

    The payload is unchanged since the first release (the seal's two fields stood in the
    event row until ADR 0025), so chains written before still verify.
    """
    payload = json.dumps(
        [
            prev_hash,
            seq,
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
