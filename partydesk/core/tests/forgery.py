"""What a forger with database access does to the audit trail, for the tests that prove
`audit_verify` names it: edit an event or a seal, remove both, renumber, re-chain with the
hashes recomputed, slip in a self-consistent forged event."""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connection

from partydesk.core.audit import audit_log, audit_seal, event_digest
from partydesk.core.models import AuditChainHead, AuditEvent, AuditSeal

_GUARD = importlib.import_module("partydesk.core.migrations.0007_audit_rows_refuse_update")


@contextmanager
def guard_lifted() -> Iterator[None]:
    """The insert-only triggers dropped for the block, as a forger who owns the tables can:
    what the chain walk must still catch once the database no longer stops the edit."""
    with connection.cursor() as cursor:
        editor = _Statements(cursor)
        _GUARD._drop(None, editor)
        try:
            yield
        finally:
            _GUARD._create(None, editor)


class _Statements:
    """What the migration's functions use of a schema editor, on a plain cursor (a schema
    editor cannot run inside the test's transaction on SQLite)."""

    def __init__(self, cursor: Any) -> None:
        self.connection = connection
        self._cursor = cursor

    def execute(self, sql: str) -> None:
        self._cursor.execute(sql)


def empty_trail() -> None:
    """No events, no seals, no head: the chain starts again at #1."""
    AuditSeal.objects.all().delete()
    AuditEvent.objects.all().delete()
    AuditChainHead.objects.all().delete()


def sealed_chain(n: int, *, fresh: bool = False) -> list[AuditSeal]:
    """Write and seal `n` events (after emptying the trail with `fresh`); their seals."""
    if fresh:
        empty_trail()
    for i in range(n):
        audit_log(actor=None, action="tests.thing.done", details={"i": i})
    audit_seal()
    return list(AuditSeal.objects.select_related("event").order_by("seq"))


def edit_event(seq: int, **changes: Any) -> None:
    """Change the event sealed as #seq, leaving its seal alone."""
    with guard_lifted():
        AuditEvent.objects.filter(seal__seq=seq).update(**changes)


def remove(*seqs: int) -> None:
    """Delete the events sealed as these numbers, with their seals."""
    events = list(AuditSeal.objects.filter(seq__in=seqs).values_list("event_id", flat=True))
    AuditSeal.objects.filter(seq__in=seqs).delete()
    AuditEvent.objects.filter(pk__in=events).delete()


def renumber_from(seq: int, by: int = 1) -> None:
    """Move the seals from #seq on by `by` places (their hashes untouched)."""
    order = "-seq" if by > 0 else "seq"
    with guard_lifted():
        for seal in AuditSeal.objects.filter(seq__gte=seq).order_by(order):
            AuditSeal.objects.filter(seq=seal.seq).update(seq=seal.seq + by)


def forge(seq: int, prev_hash: str, *, like: AuditEvent, **changes: Any) -> AuditSeal:
    """Insert a forged event, a copy of `like` with `changes`, and a seal #seq whose hash
    is consistent with it and `prev_hash`."""
    event = AuditEvent.objects.get(pk=like.pk)
    event.pk = None
    for name, value in changes.items():
        setattr(event, name, value)
    event.save()
    digest = event_digest(event, seq, prev_hash)
    return AuditSeal.objects.create(seq=seq, event=event, prev_hash=prev_hash, hash=digest)


def rechain_from(seq: int, **changes: Any) -> None:
    """Edit the event #seq and recompute every seal's hashes from there on."""
    prev = AuditSeal.objects.get(seq=seq).prev_hash
    seals = AuditSeal.objects.filter(seq__gte=seq).select_related("event").order_by("seq")
    with guard_lifted():
        for seal in seals:
            if seal.seq == seq and changes:
                for name, value in changes.items():
                    setattr(seal.event, name, value)
                seal.event.save()
            seal.prev_hash = prev
            seal.hash = prev = event_digest(seal.event, seal.seq, prev)
            seal.save()


def move_head_to_last_seal() -> None:
    """Make the head row agree with whatever the seal table now ends with."""
    last = AuditSeal.objects.order_by("-seq").first()
    AuditChainHead.objects.filter(pk=1).update(
        last_seq=last.seq if last else 0, last_hash=last.hash if last else "0" * 64
    )
