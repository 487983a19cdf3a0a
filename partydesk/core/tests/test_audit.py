"""The audit chain: requests insert events without a lock, the sealer chains them in order,
and audit_verify names a changed, removed or inserted event, even when the forger
recomputed the hashes, by comparing the head and the signed checkpoints."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partydesk.core.audit import audit_log, audit_seal, audit_verify, event_digest
from partydesk.core.models import AuditChainHead, AuditEvent

pytestmark = pytest.mark.django_db


def _chain(n: int) -> list[AuditEvent]:
    for i in range(n):
        audit_log(actor=None, action="tests.thing.done", details={"i": i})
    audit_seal()
    return list(AuditEvent.objects.order_by("seq"))


def _kinds() -> list[tuple[int, str]]:
    return [(p.seq, p.kind) for p in audit_verify()]


def _rechain_from(seq: int, **changes: object) -> None:
    """What a forger with database access does: edit #seq, recompute every hash after it."""
    prev = AuditEvent.objects.get(seq=seq).prev_hash
    for event in AuditEvent.objects.filter(seq__gte=seq).order_by("seq"):
        if event.seq == seq:
            for name, value in changes.items():
                setattr(event, name, value)
        event.prev_hash = prev
        event.hash = prev = event_digest(event)
        event.save()


def test_a_clean_chain_verifies():
    _chain(5)
    assert _kinds() == []


def test_a_write_inserts_one_unsealed_row_and_locks_nothing():
    with CaptureQueriesContext(connection) as queries:
        event = audit_log(actor=None, action="tests.thing.done")
    sql = " ".join(q["sql"].upper() for q in queries.captured_queries)
    assert "FOR UPDATE" not in sql and "CHAIN" not in sql
    assert [q["sql"].split()[0].upper() for q in queries.captured_queries] == ["INSERT"]
    event.refresh_from_db()
    assert (event.seq, event.hash) == (None, "")


def test_the_sealer_numbers_and_links_events_in_the_order_they_were_written():
    first = audit_log(actor=None, action="tests.thing.first")
    second = audit_log(actor=None, action="tests.thing.second")
    assert audit_seal() == 2
    assert audit_seal() == 0
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.seq, second.seq) == (1, 2)
    assert second.prev_hash == first.hash == event_digest(first)
    head = AuditChainHead.objects.get(pk=1)
    assert (head.last_seq, head.last_hash) == (2, second.hash)
    third = audit_log(actor=None, action="tests.thing.third")
    audit_seal()
    third.refresh_from_db()
    assert (third.seq, third.prev_hash) == (3, second.hash)


def test_verify_seals_what_is_waiting_before_it_checks():
    _chain(2)
    audit_log(actor=None, action="tests.thing.late")
    assert _kinds() == []
    assert not AuditEvent.objects.filter(seq__isnull=True).exists()


def test_one_seal_job_is_asked_for_per_transaction(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        for _ in range(3):
            audit_log(actor=None, action="tests.thing.done")
    assert len(callbacks) == 1
    # The job ran (immediate backend in tests) and sealed all three.
    assert list(AuditEvent.objects.order_by("seq").values_list("seq", flat=True)) == [1, 2, 3]


def test_a_changed_row_is_named():
    events = _chain(5)
    AuditEvent.objects.filter(pk=events[2].pk).update(action="tests.thing.undone")
    assert _kinds() == [(3, "changed")]


def test_a_removed_row_is_named():
    events = _chain(5)
    AuditEvent.objects.filter(pk=events[1].pk).delete()
    assert _kinds() == [(2, "removed")]


def test_a_deleted_tail_is_named_as_removed():
    events = _chain(3)
    AuditEvent.objects.filter(pk=events[-1].pk).delete()
    assert _kinds() == [(3, "removed")]


def test_an_inserted_row_is_named():
    events = _chain(3)
    forged = AuditEvent.objects.get(pk=events[1].pk)
    # Shift the tail up by one and slip a forged row (with a self-consistent hash) into the gap.
    for e in sorted(events[1:], key=lambda e: -(e.seq or 0)):
        AuditEvent.objects.filter(pk=e.pk).update(seq=(e.seq or 0) + 1)
    forged.pk = None
    forged.action = "tests.thing.forged"
    forged.hash = event_digest(forged)
    forged.save()
    assert (2, "inserted") in set(_kinds())


def test_a_forged_append_is_named_as_inserted_not_truncated():
    events = _chain(3)
    last = events[-1]
    forged = AuditEvent(
        seq=4,
        occurred_at=last.occurred_at,
        actor_label="system",
        action="tests.thing.forged",
        details={},
        prev_hash=last.hash,
    )
    forged.hash = event_digest(forged)
    forged.save()
    assert _kinds() == [(4, "inserted")]


def test_a_rewrite_from_an_event_onwards_with_hashes_recomputed_is_caught_by_the_head():
    _chain(6)
    _rechain_from(3, action="tests.thing.rewritten")
    problems = list(audit_verify())
    assert [(p.seq, p.kind) for p in problems] == [(6, "changed")]
    assert "rewritten" in problems[0].explanation


def test_an_edit_of_the_newest_event_with_its_hash_recomputed_is_named():
    _chain(4)
    _rechain_from(4, details={"i": 99})
    assert _kinds() == [(4, "changed")]


def test_a_process_with_a_seal_job_waiting_in_the_queue_adds_no_other(
    settings, monkeypatch, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    from partydesk.core.audit import log

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    monkeypatch.setattr(log, "_last_job", None)
    for _ in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            audit_log(actor=None, action="tests.thing.done")
    assert DBTaskResult.objects.count() == 1
