"""Per-request facts (client IP) that the audit trail records without passing them around."""

from __future__ import annotations

from contextvars import ContextVar

client_ip: ContextVar[str | None] = ContextVar("client_ip", default=None)
