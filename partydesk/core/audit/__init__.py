"""The audit trail: a SHA-256 hash chain written without a global lock.

Requests insert unsealed events (`audit_log`, `audit_log_anonymous`); the sealer
(`audit_seal`, run as a job after commit) gives them their place in the chain; `audit_verify`
walks it; signed checkpoints written outside the database anchor its head, countersigned by the
anchor an app registers (ADR 0007).
"""

from partydesk.core.audit.anchors import (
    AnchorFailed,
    AnchorProof,
    AnchorResult,
    AnchorUnavailable,
    CheckpointAnchor,
    checkpoint_anchor,
    register_checkpoint_anchor,
)
from partydesk.core.audit.chain import GENESIS, event_digest
from partydesk.core.audit.check import AuditCheck, audit_check, audit_integrity_status
from partydesk.core.audit.checkpoint import (
    Checkpoint,
    CheckpointFault,
    checkpoint_payload,
    checkpoint_write,
    checkpoints_read,
)
from partydesk.core.audit.log import ANONYMOUS_LABEL, audit_log, audit_log_anonymous, audit_log_many
from partydesk.core.audit.seal import audit_seal
from partydesk.core.audit.verify import ChainProblem, audit_verify

__all__ = [
    "ANONYMOUS_LABEL",
    "GENESIS",
    "AnchorFailed",
    "AnchorProof",
    "AnchorResult",
    "AnchorUnavailable",
    "AuditCheck",
    "ChainProblem",
    "Checkpoint",
    "CheckpointAnchor",
    "CheckpointFault",
    "audit_check",
    "audit_integrity_status",
    "audit_log",
    "audit_log_anonymous",
    "audit_log_many",
    "audit_seal",
    "audit_verify",
    "checkpoint_anchor",
    "checkpoint_payload",
    "checkpoint_write",
    "checkpoints_read",
    "event_digest",
    "register_checkpoint_anchor",
]
