"""The count of an electronic election runs in the outbox worker for minutes: its kind holds
a message for an hour, not core's default five minutes, before another worker may start the
same work (docs/performance.md: 500 ballots took 7 minutes)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from partydesk.core.services import outbox
from partydesk.core.services.outbox import outbox_enqueue
from partydesk.meetings.services.electronic import COUNT_KIND, COUNT_LEASE

pytestmark = pytest.mark.django_db


def test_a_count_is_not_taken_again_while_its_worker_runs() -> None:
    assert COUNT_LEASE > outbox.LEASE
    message = outbox_enqueue(kind=COUNT_KIND, payload={"election": 0})
    now = timezone.now()
    assert outbox._claim(message.pk, COUNT_KIND, now)
    message.refresh_from_db()
    assert message.next_attempt_at == now + COUNT_LEASE
    later = now + outbox.LEASE + dt.timedelta(minutes=1)
    assert not outbox._claim(message.pk, COUNT_KIND, later)
