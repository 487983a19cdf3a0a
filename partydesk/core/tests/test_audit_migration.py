"""Seals moved out of the event row into their own table without losing one (core 0005,
0006; ADR 0025): a trail sealed in the old schema verifies in the new one, and going back
puts every seal into its row again."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.state import StateApps

from partydesk.core.audit import audit_log, audit_seal, audit_verify
from partydesk.core.models import AuditEvent, AuditSeal
from partydesk.core.tests.forgery import empty_trail

BEFORE = [("core", "0004_files_notifications_outbox")]


def _migrate(targets: list[tuple[str, str]]) -> StateApps:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.one_database("postgresql")  # a migration round trip: minutes
@pytest.mark.django_db(transaction=True)
def test_seals_survive_the_move_to_their_own_table_and_back():
    empty_trail()
    for i in range(4):
        audit_log(actor=None, action="tests.thing.done", details={"i": i})
    audit_seal()
    waiting = AuditEvent.objects.create(occurred_at=AuditEvent.objects.get(seal__seq=1).occurred_at,
                                        action="tests.thing.waiting")  # fmt: skip
    seals = list(AuditSeal.objects.values_list("seq", "event_id", "prev_hash", "hash"))
    try:
        # Back: every seal returns to its event row, the unsealed event stays unsealed.
        old = _migrate(BEFORE)
        rows = old.get_model("core", "AuditEvent").objects.order_by("id")
        in_rows = [(e.seq, e.pk, e.prev_hash, e.hash) for e in rows if e.seq is not None]
        assert in_rows == seals
        assert rows.get(pk=waiting.pk).seq is None
    finally:
        # Forth: the copy into the seal table (and the rest of the apps back at their leaves).
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    assert list(AuditSeal.objects.values_list("seq", "event_id", "prev_hash", "hash")) == seals
    assert AuditEvent.objects.get(pk=waiting.pk).sealed is None
    assert list(audit_verify()) == []
    assert AuditSeal.objects.get(event=waiting).seq == 5
