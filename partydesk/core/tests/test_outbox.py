"""The transactional outbox: a message exists only if its transaction commits, is delivered
once, and a failing handler is retried with exponential backoff until the worker gives up."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from partydesk.core.models import OutboxMessage, OutboxStatus
from partydesk.core.services import outbox
from partydesk.core.services.outbox import backoff, outbox_deliver, outbox_enqueue

pytestmark = pytest.mark.django_db

KIND = "test.peer_message"


class Peer:
    """A stand-in for another installation: records what reached it, or is down."""

    def __init__(self) -> None:
        self.received: list[dict[str, object]] = []
        self.down = False

    def __call__(self, message: OutboxMessage) -> None:
        if self.down:
            raise ConnectionError("peer unreachable")
        self.received.append(message.payload)


@pytest.fixture
def peer(monkeypatch: pytest.MonkeyPatch) -> Iterator[Peer]:
    receiver = Peer()
    monkeypatch.setitem(outbox._handlers, KIND, receiver)
    yield receiver


def test_a_rolled_back_transaction_leaves_no_message(peer):
    with pytest.raises(RuntimeError), transaction.atomic():
        outbox_enqueue(kind=KIND, payload={"envelope": 1})
        raise RuntimeError("the change failed")

    assert not OutboxMessage.objects.exists()
    assert outbox_deliver().delivered == 0
    assert peer.received == []


def test_a_committed_message_is_delivered_once(peer):
    outbox_enqueue(kind=KIND, payload={"envelope": 1}, idempotency_key="envelope-1")

    first = outbox_deliver()
    second = outbox_deliver()

    assert (first.delivered, second.delivered) == (1, 0)
    assert peer.received == [{"envelope": 1}]
    message = OutboxMessage.objects.get()
    assert message.status == OutboxStatus.DELIVERED and message.delivered_at is not None


def test_the_same_idempotency_key_twice_is_one_message(peer):
    first = outbox_enqueue(kind=KIND, payload={"envelope": 1}, idempotency_key="envelope-1")
    again = outbox_enqueue(kind=KIND, payload={"envelope": 1}, idempotency_key="envelope-1")

    assert again.pk == first.pk
    outbox_deliver()
    assert peer.received == [{"envelope": 1}]


def test_a_message_another_worker_holds_is_not_delivered_twice(peer):
    outbox_enqueue(kind=KIND, payload={"envelope": 1})
    now = timezone.now()
    # Worker A has claimed it and is talking to the peer right now...
    assert outbox._claim(OutboxMessage.objects.get().pk, KIND, now)

    # ...so worker B, a moment later, finds nothing due.
    assert outbox_deliver(now=now + dt.timedelta(seconds=1)).delivered == 0
    assert peer.received == []


def test_a_failing_handler_is_retried_with_backoff_then_marked_failed(peer, settings):
    settings.PARTYDESK_OUTBOX_MAX_ATTEMPTS = 4
    settings.PARTYDESK_OUTBOX_BACKOFF_SECONDS = 30
    peer.down = True
    message = outbox_enqueue(kind=KIND, payload={"envelope": 1})
    now = timezone.now()

    waits = []
    for _attempt in range(3):
        assert outbox_deliver(now=now).retried == 1
        message.refresh_from_db()
        waits.append(message.next_attempt_at - now)
        # Not due again before the wait is over.
        assert outbox_deliver(now=now + waits[-1] - dt.timedelta(seconds=1)).retried == 0
        now += waits[-1]

    assert waits == [dt.timedelta(seconds=30), dt.timedelta(seconds=60), dt.timedelta(seconds=120)]
    assert message.status == OutboxStatus.PENDING
    assert "peer unreachable" in message.last_error

    assert outbox_deliver(now=now).failed == 1
    message.refresh_from_db()
    assert message.status == OutboxStatus.FAILED and message.attempts == 4
    assert outbox_deliver(now=now + dt.timedelta(days=1)).failed == 0  # given up for good
    assert peer.received == []


def test_a_peer_back_up_gets_the_message_on_the_next_try(peer):
    peer.down = True
    outbox_enqueue(kind=KIND, payload={"envelope": 1})
    now = timezone.now()
    outbox_deliver(now=now)

    peer.down = False
    report = outbox_deliver(now=now + backoff(1))

    assert report.delivered == 1 and peer.received == [{"envelope": 1}]


def test_the_backoff_doubles_and_is_capped(settings):
    settings.PARTYDESK_OUTBOX_BACKOFF_SECONDS = 30
    assert [backoff(n).total_seconds() for n in (1, 2, 3, 4)] == [30, 60, 120, 240]
    assert backoff(40) == dt.timedelta(hours=6)


def test_a_message_can_be_tried_right_after_commit_and_left_to_the_worker_if_it_fails(
    peer, django_capture_on_commit_callbacks
):
    # Nothing is tried before the commit
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        outbox_enqueue(kind=KIND, payload={"envelope": 1}, deliver_after_commit=True)
    assert peer.received == [] and len(callbacks) == 1
    # Right after it, the process tries once; the peer is down, so the row waits its turn
    peer.down = True
    callbacks[0]()
    message = OutboxMessage.objects.get()
    assert message.status == OutboxStatus.PENDING and message.attempts == 1
    # And the worker delivers it once the backoff is over
    peer.down = False
    assert outbox_deliver(now=timezone.now() + backoff(1)).delivered == 1
    assert peer.received == [{"envelope": 1}]


def test_a_message_delivered_right_after_commit_is_not_delivered_again(
    peer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        outbox_enqueue(kind=KIND, payload={"envelope": 1}, deliver_after_commit=True)

    assert outbox_deliver().delivered == 0
    assert peer.received == [{"envelope": 1}]
    assert OutboxMessage.objects.get().status == OutboxStatus.DELIVERED


def test_a_kind_without_handler_is_refused_at_once():
    with pytest.raises(LookupError):
        outbox_enqueue(kind="nobody.handles_this", payload={})


def test_the_worker_command_delivers_what_is_due(peer, capsys):
    outbox_enqueue(kind=KIND, payload={"envelope": 7})

    call_command("outbox_deliver")

    assert peer.received == [{"envelope": 7}]
    assert "delivered 1" in capsys.readouterr().out
