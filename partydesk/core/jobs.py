"""Background jobs of the shared kernel (thin: call a service)."""

from __future__ import annotations

from django_tasks import task

from partydesk.core.services.notifications import notifications_digest
from partydesk.core.services.outbox import outbox_deliver


@task()
def outbox_deliver_due(limit: int = 500) -> int:
    """Deliver the outbox messages that are due; how many were delivered."""
    return outbox_deliver(limit=limit).delivered


@task()
def notifications_digest_send() -> int:
    """Queue today's digest emails; how many people get one."""
    return notifications_digest()
