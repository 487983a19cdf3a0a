"""Verification: walk the sealed chain and name each changed, removed or inserted event."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from partydesk.core.audit.chain import GENESIS, event_digest
from partydesk.core.audit.checkpoint import Checkpoint, CheckpointFault
from partydesk.core.audit.seal import audit_seal
from partydesk.core.models import AuditChainHead, AuditSeal


@dataclass(frozen=True)
class ChainProblem:
    """One place where the stored chain does not match what was recorded."""

    seq: int
    kind: str  # "changed" | "removed" | "inserted" | "checkpoint"
    explanation: str


def _digest(seal: AuditSeal, seq: int | None = None) -> str:
    return event_digest(seal.event, seal.seq if seq is None else seq, seal.prev_hash)


def _original_seq(seal: AuditSeal, reach: int = 5) -> int | None:
    """If the event and its seal are intact but renumbered, the seq it was recorded with."""
    for offset in [o for k in range(1, reach + 1) for o in (k, -k)]:
        seq = seal.seq + offset
        if seq > 0 and _digest(seal, seq) == seal.hash:
            return seq
    return None


@dataclass
class _Walk:
    """Where the walk stands: the last event seen and the shift already reported."""

    expected_prev: str = GENESIS
    last_seq: int = 0
    last_hash: str = GENESIS
    reported_shift: bool = False
    last_anchor_ok: int = 0
    events: int = 0


def _step(walk: _Walk, seal: AuditSeal, anchors: dict[int, Checkpoint]) -> Iterator[ChainProblem]:
    """One seal of the walk, with its event joined."""
    seq = seal.seq
    expected_seq = walk.last_seq + 1
    intact = _digest(seal) == seal.hash
    if seq > expected_seq:
        yield ChainProblem(
            expected_seq, "removed", f"events #{expected_seq}..#{seq - 1} are missing before #{seq}"
        )
    elif not intact:
        recorded = _original_seq(seal)
        if recorded is not None and recorded < seq and not walk.reported_shift:
            walk.reported_shift = True
            yield ChainProblem(
                seq - 1,
                "inserted",
                f"#{seq - 1} was inserted: the event recorded as #{recorded} now stands at #{seq}",
            )
        elif recorded is not None and recorded > seq and not walk.reported_shift:
            walk.reported_shift = True
            yield ChainProblem(
                seq, "removed", f"an event before #{seq} was removed and the rest renumbered"
            )
        elif recorded is None:
            yield ChainProblem(seq, "changed", f"#{seq} differs from what was recorded")
    elif seal.prev_hash != walk.expected_prev:
        yield ChainProblem(seq, "inserted", f"#{seq} does not follow the event before it")
    elif seq in anchors:
        anchor = anchors[seq]
        if anchor.hash != seal.hash:
            since = f" after #{walk.last_anchor_ok}" if walk.last_anchor_ok else ""
            yield ChainProblem(
                seq,
                "changed",
                f"#{seq} differs from the checkpoint of {anchor.at:%Y-%m-%d %H:%M:%S} UTC: "
                f"history up to #{seq}{since} was rewritten with its hashes recomputed",
            )
        else:
            walk.last_anchor_ok = seq
    walk.expected_prev = seal.hash
    walk.last_seq, walk.last_hash = seq, seal.hash
    walk.events += 1


def _ends(walk: _Walk, latest: Checkpoint | None) -> Iterator[ChainProblem]:
    """Compare the end of the walk with the latest checkpoint and the head row."""
    last = walk.last_seq
    tail_reported = False
    if latest is not None and latest.seq > last:
        tail_reported = True
        yield ChainProblem(
            last + 1,
            "removed",
            f"events #{last + 1}..#{latest.seq} are missing: the checkpoint of "
            f"{latest.at:%Y-%m-%d %H:%M:%S} UTC recorded #{latest.seq}",
        )
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is None:
        return
    # Events newer than the walk mean a sealer committed meanwhile, not a lost tail.
    newer = AuditSeal.objects.filter(seq__gt=last).exists()
    if head.last_seq > last and not tail_reported and not newer:
        yield ChainProblem(
            last + 1,
            "removed",
            f"events #{last + 1}..#{head.last_seq} at the end of the chain are missing",
        )
    elif head.last_seq < last and not newer:
        yield ChainProblem(
            head.last_seq + 1,
            "inserted",
            f"#{head.last_seq + 1}..#{last} were appended after #{head.last_seq}, the newest "
            f"event the sealer wrote",
        )
        at_head = AuditSeal.objects.filter(seq=head.last_seq).values_list("hash", flat=True)
        if head.last_seq and head.last_hash not in at_head:
            yield ChainProblem(head.last_seq, "changed", _rewritten(head.last_seq))
    elif head.last_seq == last and head.last_hash != walk.last_hash and not newer:
        yield ChainProblem(last, "changed", _rewritten(last))


def _rewritten(seq: int) -> str:
    return (
        f"#{seq} differs from the chain head: it, and perhaps events before it, was "
        f"rewritten with its hash recomputed"
    )


def audit_verify(
    *,
    batch_size: int = 5000,
    checkpoints: Sequence[Checkpoint] = (),
    bad_checkpoints: Sequence[CheckpointFault] = (),
    seal: bool = True,
    walk: _Walk | None = None,
) -> Iterator[ChainProblem]:
    """Seal what is waiting (a sweep: stragglers below the sealer's mark too), then walk the
    chain in order and yield each changed, removed or inserted event, checking each
    checkpoint's event and the latest checkpoint's head.

    The walk reads seals joined to their events: a seal whose event row is gone drops out
    of the join and shows as a removed event."""
    if seal:
        audit_seal(sweep=True)
    walk = walk if walk is not None else _Walk()
    for fault in bad_checkpoints:
        yield ChainProblem(0, "checkpoint", f"{fault.path.name} {fault.reason}")
    anchors = {c.seq: c for c in checkpoints}
    while True:
        rows = list(
            AuditSeal.objects.filter(seq__gt=walk.last_seq)
            .select_related("event")
            .order_by("seq")[:batch_size]
        )
        for row in rows:
            yield from _step(walk, row, anchors)
        if rows:
            continue
        # A sealer may have committed after our last read: its events come after the head
        # we are about to read, so walk on until nothing newer exists.
        head_seq = AuditChainHead.objects.filter(pk=1).values_list("last_seq", flat=True).first()
        newer = AuditSeal.objects.filter(seq__gt=walk.last_seq)
        if head_seq is not None and head_seq > walk.last_seq and newer.exists():
            continue
        break
    yield from _ends(walk, max(checkpoints, key=lambda c: c.seq, default=None))
