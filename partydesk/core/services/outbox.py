"""The transactional outbox: a side effect (an email, a message to another installation) is
a row written in the same transaction as the change that causes it, so a rolled-back change
sends nothing and a committed one is sent even if the process dies right after. A worker
(`manage.py outbox_deliver`, or the `outbox_deliver` job) delivers due rows through the
handler registered for their kind, retrying with exponential backoff."""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from partydesk.core.models import OutboxMessage, OutboxStatus

logger = logging.getLogger(__name__)

OutboxHandler = Callable[[OutboxMessage], None]
_handlers: dict[str, OutboxHandler] = {}
_leases: dict[str, dt.timedelta] = {}

# How long a worker holds a message it is delivering; a crashed worker's message is due
# again after this.
LEASE = dt.timedelta(minutes=5)
MAX_BACKOFF = dt.timedelta(hours=6)


def outbox_handler(
    kind: str, *, lease: dt.timedelta = LEASE
) -> Callable[[OutboxHandler], OutboxHandler]:
    """Register the function that delivers messages of `kind` (at import, from AppConfig.ready).
    A handler may run more than once for one message (a worker can die after sending and
    before recording it): receivers deduplicate on `message.idempotency_key`. `lease` is how
    long a worker holds a message before another may take it again: longer than the
    handler's slowest run (an election's count takes minutes)."""

    def register(handler: OutboxHandler) -> OutboxHandler:
        _handlers[kind] = handler
        _leases[kind] = lease
        return handler

    return register


def outbox_enqueue(
    *,
    kind: str,
    payload: dict[str, Any],
    idempotency_key: str = "",
    deliver_after_commit: bool = False,
) -> OutboxMessage:
    """Write a message in the caller's transaction. The same idempotency key twice gives the
    first message back instead of a second one. With `deliver_after_commit`, this process
    also tries it as soon as the transaction commits (what the person waits for, such as a
    local delivery, is there when the page comes back); the worker stays the retry path."""
    if kind not in _handlers:
        raise LookupError(f"no outbox handler is registered for {kind!r}")
    key = idempotency_key or f"{kind}:{uuid.uuid4()}"
    try:
        with transaction.atomic():
            message = OutboxMessage.objects.create(kind=kind, payload=payload, idempotency_key=key)
    except IntegrityError:
        return OutboxMessage.objects.get(idempotency_key=key)
    if deliver_after_commit:
        pk = message.pk
        transaction.on_commit(lambda: outbox_deliver_message(pk), robust=True)
    return message


def backoff(attempts: int) -> dt.timedelta:
    """Wait before the next try: the base delay doubled for every failed attempt, capped."""
    base = dt.timedelta(seconds=settings.PARTYDESK_OUTBOX_BACKOFF_SECONDS)
    return min(base * (2 ** max(attempts - 1, 0)), MAX_BACKOFF)


@dataclass
class DeliveryReport:
    """What one pass of the worker did."""

    delivered: int = 0
    retried: int = 0
    failed: int = 0


def _claim(pk: int, kind: str, now: dt.datetime) -> bool:
    """Take one due message for this worker, in its own short write: exactly one of any
    number of concurrent workers sees the row still due and moves it on."""
    taken = OutboxMessage.objects.filter(
        pk=pk, status=OutboxStatus.PENDING, next_attempt_at__lte=now
    ).update(next_attempt_at=now + _leases.get(kind, LEASE), attempts=F("attempts") + 1)
    return taken == 1


def _attempt(message: OutboxMessage, now: dt.datetime, report: DeliveryReport) -> None:
    handler = _handlers.get(message.kind)
    try:
        if handler is None:
            raise LookupError(f"no outbox handler is registered for {message.kind!r}")
        handler(message)
    except Exception as exc:  # any failure of a handler is retried, never lost
        error = f"{type(exc).__name__}: {exc}"[:2000]
        if message.attempts >= settings.PARTYDESK_OUTBOX_MAX_ATTEMPTS:
            logger.error(
                "outbox message %s gave up after %s attempts: %s",
                message.pk,
                message.attempts,
                error,
            )
            OutboxMessage.objects.filter(pk=message.pk).update(
                status=OutboxStatus.FAILED, last_error=error
            )
            report.failed += 1
        else:
            logger.warning(
                "outbox message %s attempt %s failed: %s", message.pk, message.attempts, error
            )
            OutboxMessage.objects.filter(pk=message.pk).update(
                next_attempt_at=now + backoff(message.attempts), last_error=error
            )
            report.retried += 1
        return
    OutboxMessage.objects.filter(pk=message.pk).update(
        status=OutboxStatus.DELIVERED, delivered_at=timezone.now(), last_error=""
    )
    report.delivered += 1


def outbox_deliver_message(pk: int, *, now: dt.datetime | None = None) -> DeliveryReport:
    """Deliver one message now if it is still due (claimed like the worker does, so a worker
    running at the same moment never delivers it a second time)."""
    now = now or timezone.now()
    report = DeliveryReport()
    kind = OutboxMessage.objects.filter(pk=pk).values_list("kind", flat=True).first()
    if kind is not None and _claim(pk, kind, now):
        _attempt(OutboxMessage.objects.get(pk=pk), now, report)
    return report


def outbox_deliver(*, limit: int = 100, now: dt.datetime | None = None) -> DeliveryReport:
    """Deliver the messages that are due, oldest first. Runs outside any transaction: each
    claim and each outcome is its own short write, and handlers (SMTP, peers) run between
    them holding no lock."""
    now = now or timezone.now()
    report = DeliveryReport()
    due = list(
        OutboxMessage.objects.filter(status=OutboxStatus.PENDING, next_attempt_at__lte=now)
        .order_by("next_attempt_at", "id")
        .values_list("pk", "kind")[:limit]
    )
    for pk, kind in due:
        if _claim(pk, kind, now):
            _attempt(OutboxMessage.objects.get(pk=pk), now, report)
    return report
