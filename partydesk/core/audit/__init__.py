"""The audit trail: a SHA-256 hash chain written without a global lock.

Requests insert unsealed events (`audit_log`, `audit_log_anonymous`); the sealer
(`audit_seal`, run as a job after commit) gives them their place in the chain; `audit_verify`
walks it; signed checkpoints written outside the database anchor its head (ADR 0007).
"""

from partydesk.core.audit.chain import GENESIS, event_digest
from partydesk.core.audit.check import AuditCheck, audit_check, audit_integrity_status
from partydesk.core.audit.checkpoint import Checkpoint, checkpoint_write, checkpoints_read
from partydesk.core.audit.log import ANONYMOUS_LABEL, audit_log, audit_log_anonymous
from partydesk.core.audit.seal import audit_seal
from partydesk.core.audit.verify import ChainProblem, audit_verify

__all__ = [
    "ANONYMOUS_LABEL",
    "GENESIS",
    "AuditCheck",
    "ChainProblem",
    "Checkpoint",
    "audit_check",
    "audit_integrity_status",
    "audit_log",
    "audit_log_anonymous",
    "audit_seal",
    "audit_verify",
    "checkpoint_write",
    "checkpoints_read",
    "event_digest",
]
