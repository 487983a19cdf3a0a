"""The sealer: the only writer of the chain, in short locked passes off the request path.

Events are insert-only. A pass finds the committed events that have no `AuditSeal` yet,
numbers and hashes them in insert order, and adds their seals with one bulk INSERT into the
narrow seal table (ADR 0025), so the wide, indexed event row is written once only.

Finding the waiting events must not read the whole table, so the chain head keeps a
low-water mark, `scan_from`: every event below it is sealed. Ids are taken when a row is
inserted, not when it commits, so an event with a small id can become visible after larger
ones were sealed. On PostgreSQL the mark therefore moves past the largest id seen at a pass
(`horizon_id`) only once every transaction in progress at that pass (the snapshot stored in
`horizon`) has ended. SQLite has one writer at a time and the
sealer takes the write lock first, so what it sees is final. A sweep (`sweep=True`, run
before every verification and checkpoint) ignores the mark and seals any straggler.
"""

from __future__ import annotations

from django.db import connection, transaction

from partydesk.core.audit.chain import event_digest
from partydesk.core.models import AuditChainHead, AuditEvent, AuditSeal


def audit_seal(*, batch_size: int = 2000, sweep: bool = False) -> int:
    """Seal every committed, unsealed event, oldest insert first, and move the chain head;
    returns how many were sealed.

    Each batch is one short transaction holding the head row's lock, so sealers running
    at the same time (jobs, `manage.py audit_seal`, a verification) take turns and never
    give two events the same place.
    """
    sealed = 0
    floor = 0 if sweep else None
    while True:
        with transaction.atomic():
            head, _ = AuditChainHead.objects.select_for_update().get_or_create(pk=1)
            # Before reading the events: whatever ended before this check is visible below.
            settled = _horizon_passed(head)
            lower = head.scan_from if floor is None else floor
            rows = list(
                AuditEvent.objects.filter(id__gte=lower, seal__isnull=True).order_by("id")[
                    :batch_size
                ]
            )
            full = len(rows) == batch_size
            if rows:
                _write_seals(head, rows)
                floor = rows[-1].pk + 1 if floor is not None else None
            changed = _move_mark(head, rows, full=full, settled=settled)
            if rows or changed:
                head.save(update_fields=[
                    "last_seq", "last_hash", "scan_from", "horizon_id", "horizon"
                ])  # fmt: skip
        sealed += len(rows)
        if not full:
            return sealed


def _write_seals(head: AuditChainHead, rows: list[AuditEvent]) -> None:
    """Number and hash the batch and insert its seals with one statement (a multi-row
    INSERT into a table of four columns and two indexes: no event row is touched)."""
    seq, prev = head.last_seq, head.last_hash
    seals = []
    for event in rows:
        seq += 1
        digest = event_digest(event, seq, prev)
        seals.append(AuditSeal(seq=seq, event_id=event.pk, prev_hash=prev, hash=digest))
        prev = digest
    AuditSeal.objects.bulk_create(seals, batch_size=len(seals))
    head.last_seq, head.last_hash = seq, prev


def _horizon() -> tuple[str, int]:
    """PostgreSQL: the current snapshot (which transactions are in progress) and the largest
    event id visible now."""
    table = AuditEvent._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT pg_current_snapshot()::text, (SELECT coalesce(max(id), 0) FROM {table})"  # noqa: S608 (the model's table)
        )
        snapshot, top = cursor.fetchone()
    return str(snapshot), int(top)


def _horizon_passed(head: AuditChainHead) -> bool:
    """Whether every transaction in progress when `horizon_id` was read has ended, so no
    event with an id up to it can still appear. Only those transactions count: a long one
    that began later (in this database or another) does not hold the mark back."""
    if connection.vendor != "postgresql":
        return True
    if not head.horizon:
        return False
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT NOT EXISTS (SELECT 1 FROM pg_snapshot_xip(%s::pg_snapshot) AS x "
            "WHERE pg_xact_status(x) = 'in progress')",
            [head.horizon],
        )
        (passed,) = cursor.fetchone()
    return bool(passed)


def _move_mark(head: AuditChainHead, rows: list[AuditEvent], *, full: bool, settled: bool) -> bool:
    """Raise `scan_from` as far as is safe and, on PostgreSQL, take the next horizon."""
    before = (head.scan_from, head.horizon_id, head.horizon)
    if connection.vendor != "postgresql":
        # One writer at a time: events not seen now will get larger ids than these.
        if rows:
            head.scan_from = max(head.scan_from, rows[-1].pk + 1)
        return (head.scan_from, head.horizon_id, head.horizon) != before
    if settled and head.horizon:
        mark = head.horizon_id + 1
        if full:  # events above this batch may still wait
            mark = min(mark, rows[-1].pk + 1)
        head.scan_from = max(head.scan_from, mark)
    if settled or not head.horizon:
        head.horizon, head.horizon_id = _horizon()
    return (head.scan_from, head.horizon_id, head.horizon) != before
