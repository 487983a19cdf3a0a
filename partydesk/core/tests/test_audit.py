"""The audit chain: requests insert events without a lock and never touch them again; the
sealer chains them in order in a table of its own; audit_verify names a changed, removed,
inserted or reordered event, or an edited seal, even when the forger recomputed the hashes,
by comparing the head and the signed checkpoints (ADR 0007, 0025)."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, connections, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from partydesk.core.audit import audit_log, audit_seal, audit_verify, event_digest
from partydesk.core.audit import seal as sealer
from partydesk.core.models import AuditChainHead, AuditEvent, AuditSeal
from partydesk.core.tests.forgery import (
    edit_event,
    forge,
    guard_lifted,
    rechain_from,
    remove,
    renumber_from,
    sealed_chain,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", [AuditEvent, AuditSeal])
def test_the_database_refuses_to_update_an_audit_row_sealed_or_not(model):
    """An unsealed event is as closed as a sealed one: the database's trigger refuses the
    UPDATE, from the ORM or from raw SQL, before the sealer has reached it (ADR 0025)."""
    audit_log(actor=None, action="tests.thing.done", details={"i": 1})
    event = AuditEvent.objects.get(action="tests.thing.done")
    assert event.sealed is None
    if model is AuditSeal:
        audit_seal()
    row = model.objects.order_by("pk").last()
    with pytest.raises(DatabaseError, match="insert-only"), transaction.atomic():
        model.objects.filter(pk=row.pk).update(**_CHANGE[model])
    table = model._meta.db_table
    column, value = next(iter(_CHANGE[model].items()))
    with (
        pytest.raises(DatabaseError, match="insert-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(f"UPDATE {table} SET {column} = %s", [value])  # noqa: S608
    assert model.objects.filter(**_CHANGE[model]).count() == 0


_CHANGE = {AuditEvent: {"action": "tests.thing.undone"}, AuditSeal: {"hash": "e" * 64}}


def _kinds() -> list[tuple[int, str]]:
    return [(p.seq, p.kind) for p in audit_verify()]


def test_a_clean_chain_verifies():
    sealed_chain(5)
    assert _kinds() == []


def test_a_write_inserts_one_unsealed_row_and_locks_nothing():
    with CaptureQueriesContext(connection) as queries:
        event = audit_log(actor=None, action="tests.thing.done")
    sql = " ".join(q["sql"].upper() for q in queries.captured_queries)
    assert "FOR UPDATE" not in sql and "CHAIN" not in sql
    assert [q["sql"].split()[0].upper() for q in queries.captured_queries] == ["INSERT"]
    assert AuditEvent.objects.get(pk=event.pk).sealed is None


def test_sealing_adds_seal_rows_and_never_updates_an_event():
    audit_log(actor=None, action="tests.thing.first")
    audit_log(actor=None, action="tests.thing.second")
    with CaptureQueriesContext(connection) as queries:
        assert audit_seal() == 2
    event_table = AuditEvent._meta.db_table
    writes = [q["sql"] for q in queries.captured_queries if not q["sql"].startswith("SELECT")]
    assert not [sql for sql in writes if event_table in sql.split(" SET ")[0]]
    seal_table = AuditSeal._meta.db_table
    assert len([sql for sql in writes if sql.startswith(f'INSERT INTO "{seal_table}"')]) == 1


def test_the_sealer_numbers_and_links_events_in_the_order_they_were_written():
    first = audit_log(actor=None, action="tests.thing.first")
    second = audit_log(actor=None, action="tests.thing.second")
    assert audit_seal() == 2
    assert audit_seal() == 0
    one, two = AuditSeal.objects.get(event=first), AuditSeal.objects.get(event=second)
    assert (one.seq, two.seq) == (1, 2)
    assert two.prev_hash == one.hash == event_digest(first, 1, one.prev_hash)
    head = AuditChainHead.objects.get(pk=1)
    assert (head.last_seq, head.last_hash) == (2, two.hash)
    third = audit_log(actor=None, action="tests.thing.third")
    audit_seal()
    three = AuditSeal.objects.get(event=third)
    assert (three.seq, three.prev_hash) == (3, two.hash)


def test_the_sealer_looks_only_above_its_mark_and_a_sweep_finds_a_straggler():
    sealed_chain(3)
    top = max(AuditEvent.objects.values_list("pk", flat=True))
    if connection.vendor == "postgresql":
        # As if every transaction in progress at the last pass's horizon had ended (an
        # empty snapshot): the next pass moves the mark past the ids that pass saw.
        AuditChainHead.objects.filter(pk=1).update(horizon="1:1:", horizon_id=top)
        audit_seal()
    head = AuditChainHead.objects.get(pk=1)
    assert head.scan_from > top
    # An event that becomes visible below the mark (as one whose transaction took its id
    # long before it committed), written without asking for a seal job.
    below = min(AuditEvent.objects.values_list("pk", flat=True)) - 1
    AuditEvent.objects.create(id=below, occurred_at=timezone.now(), action="tests.thing.late")
    assert audit_seal() == 0
    assert audit_seal(sweep=True) == 1
    assert _kinds() == []


def test_verify_seals_what_is_waiting_before_it_checks():
    sealed_chain(2)
    audit_log(actor=None, action="tests.thing.late")
    assert _kinds() == []
    assert not AuditEvent.objects.filter(seal__isnull=True).exists()


def test_one_seal_job_is_asked_for_per_transaction(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        for _ in range(3):
            audit_log(actor=None, action="tests.thing.done")
    assert len(callbacks) == 1
    # The job ran (immediate backend in tests) and sealed all three.
    assert list(AuditSeal.objects.values_list("seq", flat=True)) == [1, 2, 3]


def test_a_changed_row_is_named():
    sealed_chain(5)
    edit_event(3, action="tests.thing.undone")
    assert _kinds() == [(3, "changed")]


def test_a_removed_row_is_named():
    sealed_chain(5)
    remove(2)
    assert _kinds() == [(2, "removed")]


def test_a_removed_seal_is_named_even_though_its_event_is_sealed_again():
    sealed_chain(5)
    AuditSeal.objects.filter(seq=2).delete()
    assert _kinds() == [(2, "removed")]


def test_a_deleted_tail_is_named_as_removed():
    sealed_chain(3)
    remove(3)
    assert _kinds() == [(3, "removed")]


def test_an_inserted_row_is_named():
    seals = sealed_chain(3)
    # Shift the tail up by one and slip a forged row (with a self-consistent hash) into the gap.
    renumber_from(2)
    forge(2, seals[0].hash, like=seals[1].event, action="tests.thing.forged")
    assert (2, "inserted") in set(_kinds())


def test_a_forged_append_is_named_as_inserted_not_truncated():
    seals = sealed_chain(3)
    forge(4, seals[-1].hash, like=seals[-1].event, action="tests.thing.forged")
    assert _kinds() == [(4, "inserted")]


def test_two_events_swapped_between_their_seals_are_both_named():
    seals = sealed_chain(4)
    two, three = seals[1], seals[2]
    AuditSeal.objects.filter(seq__in=[2, 3]).delete()
    for seal, event in ((two, three.event), (three, two.event)):
        AuditSeal.objects.create(
            seq=seal.seq, event=event, prev_hash=seal.prev_hash, hash=seal.hash
        )
    assert _kinds() == [(2, "changed"), (3, "changed")]


@pytest.mark.parametrize("field", ["hash", "prev_hash"])
def test_an_edited_seal_is_named(field):
    sealed_chain(4)
    with guard_lifted():
        AuditSeal.objects.filter(seq=2).update(**{field: "e" * 64})
    assert (2, "changed") in set(_kinds())


def test_a_rewrite_from_an_event_onwards_with_hashes_recomputed_is_caught_by_the_head():
    sealed_chain(6)
    rechain_from(3, action="tests.thing.rewritten")
    problems = list(audit_verify())
    assert [(p.seq, p.kind) for p in problems] == [(6, "changed")]
    assert "rewritten" in problems[0].explanation


def test_an_edit_of_the_newest_event_with_its_hash_recomputed_is_named():
    sealed_chain(4)
    rechain_from(4, details={"i": 99})
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
    # The portal's migration queues Wagtail's indexing tasks too: count the seal jobs only.
    seal_jobs = DBTaskResult.objects.filter(task_path__endswith=".audit_seal_job")
    assert seal_jobs.count() == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's snapshots")
@pytest.mark.django_db(transaction=True)
def test_the_mark_waits_for_a_transaction_in_progress_at_its_horizon():
    """An event inserted by a transaction still open when the horizon was read may commit
    later with a smaller id than those sealed: the mark may not pass it until it ends."""
    other = connections.create_connection("default")
    try:
        other.set_autocommit(False)
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_current_xact_id()::text")
            (xid,) = cursor.fetchone()
        head = AuditChainHead(horizon=f"{xid}:{int(xid) + 1}:{xid}", horizon_id=10)
        assert not sealer._horizon_passed(head)
        other.commit()
        assert sealer._horizon_passed(head)
    finally:
        other.close()
