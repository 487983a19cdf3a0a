"""Running the check as operators do: seal, verify against the checkpoints, record the run,
and (for `audit_checkpoint`) sign the new head when the chain is intact."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils import timezone

from partydesk.core.audit.checkpoint import Checkpoint, checkpoint_write, checkpoints_read
from partydesk.core.audit.verify import ChainProblem, _Walk, audit_verify
from partydesk.core.models import AuditChainHead, AuditVerification


@dataclass
class AuditCheck:
    """The outcome of one run: the problems found and the recorded row."""

    problems: list[ChainProblem] = field(default_factory=list)
    events: int = 0
    checkpoint: Checkpoint | None = None
    latest: Checkpoint | None = None  # the newest believed checkpoint before this run
    checkpoints: int = 0
    run: AuditVerification | None = None

    @property
    def ok(self) -> bool:
        return not self.problems


def audit_check(*, batch_size: int = 5000, write_checkpoint: bool = False) -> AuditCheck:
    """Verify the whole chain against every valid checkpoint and record the run; with
    `write_checkpoint`, sign the head when (and only when) the chain is intact."""
    started = timezone.now()
    checkpoints, bad = checkpoints_read()
    walk = _Walk()
    result = AuditCheck()
    result.problems = list(
        audit_verify(batch_size=batch_size, checkpoints=checkpoints, bad_checkpoints=bad, walk=walk)
    )
    result.events = walk.events
    latest = checkpoints[-1] if checkpoints else None
    result.latest, result.checkpoints = latest, len(checkpoints)
    if write_checkpoint and result.ok:
        head = AuditChainHead.objects.filter(pk=1).first()
        if head is not None and head.last_seq and (latest is None or latest.seq != head.last_seq):
            latest = checkpoint_write(seq=head.last_seq, hash=head.last_hash, at=timezone.now())
        result.checkpoint = latest
    result.run = AuditVerification.objects.create(
        started_at=started,
        finished_at=timezone.now(),
        ok=result.ok,
        events=result.events,
        problems=len(result.problems),
        summary="\n".join(
            f"{p.kind.upper()} #{p.seq}: {p.explanation}" for p in result.problems[:20]
        ),
        checkpoint_seq=latest.seq if latest else None,
    )
    return result


def audit_integrity_status() -> AuditVerification | None:
    """The last recorded verification, for the audit viewer's status box."""
    return AuditVerification.objects.order_by("-finished_at").first()
