"""The audit chain: appends in order, and audit_verify names a changed, removed or inserted row."""

import pytest

from partydesk.core.audit import audit_log, audit_verify
from partydesk.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def _chain(n: int) -> list[AuditEvent]:
    return [audit_log(actor=None, action="tests.thing.done", details={"i": i}) for i in range(n)]


def test_a_clean_chain_verifies():
    _chain(5)
    assert list(audit_verify()) == []


def test_a_changed_row_is_named():
    events = _chain(5)
    AuditEvent.objects.filter(pk=events[2].pk).update(action="tests.thing.undone")
    problems = list(audit_verify())
    assert [(p.seq, p.kind) for p in problems] == [(events[2].seq, "changed")]


def test_a_removed_row_is_named():
    events = _chain(5)
    AuditEvent.objects.filter(pk=events[1].pk).delete()
    problems = list(audit_verify())
    assert [(p.seq, p.kind) for p in problems] == [(events[1].seq, "removed")]


def test_the_last_row_removed_is_seen_as_truncation():
    events = _chain(3)
    AuditEvent.objects.filter(pk=events[-1].pk).delete()
    assert [p.kind for p in audit_verify()] == ["truncated"]


def test_an_inserted_row_is_named():
    events = _chain(3)
    forged = AuditEvent.objects.get(pk=events[1].pk)
    # Shift the tail up by one and slip a forged row (with a self-consistent hash) into the gap.
    for e in sorted(events[1:], key=lambda e: -e.seq):
        AuditEvent.objects.filter(pk=e.pk).update(seq=e.seq + 1)
    forged.pk = None
    forged.seq = events[1].seq
    forged.action = "tests.thing.forged"
    from partydesk.core.audit import _digest

    forged.hash = _digest(forged)
    forged.save()
    problems = list(audit_verify())
    assert (events[1].seq, "inserted") in {(p.seq, p.kind) for p in problems}
