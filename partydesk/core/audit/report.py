"""How the commands describe a checkpoint to the operator."""

from __future__ import annotations

from partydesk.core.audit.checkpoint import Checkpoint


def checkpoint_describe(cp: Checkpoint) -> str:
    """'#12 3fa4…, countersigned by X, time-stamped 2026-12-06 02:40:01 UTC' or the HMAC
    fallback and why."""
    head = f"#{cp.seq} {cp.hash[:16]}…"
    if cp.signer:
        stamped = f"{cp.stamped_at:%Y-%m-%d %H:%M:%S} UTC" if cp.stamped_at else "no time"
        return f"{head}, countersigned by {cp.signer}, time-stamped {stamped}"
    why = f" ({cp.hmac_only_because})" if cp.hmac_only_because else ""
    return f"{head}, HMAC only{why}"
