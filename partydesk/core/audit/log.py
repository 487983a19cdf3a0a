"""Writing events: one unlocked INSERT in the caller's transaction; sealing comes later."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from partydesk.core.context import client_ip
from partydesk.core.models import AuditEvent
from partydesk.core.rows import values_from

ANONYMOUS_LABEL = "anonymous"
# Keys that would name the person behind an anonymous act.
_NAMING_KEYS = frozenset({"actor", "user", "user_id", "voter", "voter_id", "person", "person_id",
                          "member", "member_id", "username", "email", "ip"})  # fmt: skip


def _seal_soon() -> None:
    """Ask for a seal after this transaction commits, once per transaction."""
    connection = transaction.get_connection()
    if connection.in_atomic_block and any(
        entry[1] is _enqueue_seal for entry in connection.run_on_commit
    ):
        return
    transaction.on_commit(_enqueue_seal, robust=True)


# One queued seal job seals everything committed before it runs, so a process that has a
# job still waiting in the queue does not add another for every commit (that would be one
# queue row per write). A commit that lands after the waiting job ran is sealed by the next
# job or by the `audit_seal` timer (docs/operations.md); verification seals first anyway.
_WAITING_SECONDS = 1.0
_last_job: tuple[float, Any] | None = None
_last_job_lock = threading.Lock()


def _enqueue_seal() -> None:
    from django_tasks import TaskResultStatus

    from partydesk.core.audit.jobs import audit_seal_job

    global _last_job
    with _last_job_lock:
        now = time.monotonic()
        if (
            _last_job is not None
            and now - _last_job[0] < _WAITING_SECONDS
            and _last_job[1].status == TaskResultStatus.READY
        ):
            return
        _last_job = (now, audit_seal_job.enqueue())


# The columns `_insert` writes, in the model's field order (checked at import).
_COLUMNS = ("occurred_at", "actor_id", "actor_label", "action", "target_type", "target_id",
            "target_label", "organization_id", "ip", "details")  # fmt: skip
assert tuple(f.attname for f in AuditEvent._meta.concrete_fields) == ("id", *_COLUMNS)
_INSERT: dict[str, str] = {}


def _insert_sql(connection: Any) -> str:
    sql = _INSERT.get(connection.vendor)
    if sql is None:
        quote = connection.ops.quote_name
        # The details go as JSON text, cast on PostgreSQL (SQLite stores the text itself).
        marks = ["%s"] * (len(_COLUMNS) - 1)
        marks.append("%s::jsonb" if connection.vendor == "postgresql" else "%s")
        sql = _INSERT[connection.vendor] = (
            f"INSERT INTO {quote(AuditEvent._meta.db_table)} "  # noqa: S608 (the model's names)
            f"({', '.join(quote(c) for c in _COLUMNS)}) VALUES ({', '.join(marks)}) "
            f"RETURNING {quote('id')}"
        )
    return sql


def _insert(*values: Any) -> AuditEvent:
    """`AuditEvent.objects.create` without the ORM's per-call work (a model built and its
    fields prepared, signals, the statement compiled, the details serialized twice): one
    cached INSERT … RETURNING with the values in `_COLUMNS` order. Every audited write in
    the installation passes here, so its client CPU shows in the throughput
    (docs/performance.md, audit)."""
    *fields, details = values
    text = json.dumps(details or {}, default=str)
    connection = transaction.get_connection()
    params = [connection.ops.adapt_datetimefield_value(fields[0]), *fields[1:], text]
    with connection.cursor() as cursor:
        cursor.execute(_insert_sql(connection), params)
        (pk,) = cursor.fetchone()
    # As if read back (saved, on this database), without a query.
    return AuditEvent.from_db(connection.alias, ["id", *_COLUMNS], [pk, *fields, json.loads(text)])


def audit_log(
    *,
    actor: Any,
    action: str,
    target: models.Model | None = None,
    organization_id: int | None = None,
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    """Record one event (actor, dotted action, target) in the caller's transaction.

    The row is inserted unsealed, without any lock: `audit_seal` gives it its sequence
    number and hash after commit, so concurrent writers never wait for each other here.
    """
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    event = _insert(
        timezone.now(),
        actor.pk if is_user else None,
        str(actor) if actor is not None else "system",
        action,
        target._meta.label_lower if target is not None else "",
        str(target.pk) if target is not None else "",
        str(target)[:300] if target is not None else "",
        organization_id,
        client_ip.get() or None,
        details,
    )
    _seal_soon()
    return event


def audit_log_many(
    *,
    actor: Any,
    action: str,
    events: Sequence[tuple[models.Model, int | None, dict[str, Any] | None]],
) -> int:
    """Record one event per (target, organization id, details) of one act that changed
    many rows (a release registered at thousands of recipients), in the caller's transaction:
    the same rows as `audit_log` for each, inserted a few hundred to a statement. Unsealed,
    as every event (ADR 0025); how many were written."""
    if not events:
        return 0
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    common = (
        timezone.now(),
        actor.pk if is_user else None,
        str(actor) if actor is not None else "system",
        action,
    )
    connection = transaction.get_connection()
    postgres = connection.vendor == "postgresql"
    quote = connection.ops.quote_name
    fields = {f.attname: f for f in AuditEvent._meta.concrete_fields}

    def same(column: str) -> str:  # one value for every row, typed on PostgreSQL
        return f"CAST(%s AS {fields[column].db_type(connection)})" if postgres else "%s"

    # The details go as JSON text, cast on PostgreSQL (SQLite stores the text itself).
    select = [same("occurred_at"), same("actor_id"), same("actor_label"), same("action")]
    select += ["v.column1", "v.column2", "v.column3", "v.column4", same("ip")]
    select.append("v.column5::jsonb" if postgres else "v.column5")
    types = [str(fields[c].db_type(connection)) for c in _COLUMNS[4:8]] + ["text"]
    head = (
        f"INSERT INTO {quote(AuditEvent._meta.db_table)} "  # noqa: S608 (the model's names)
        f"({', '.join(quote(c) for c in _COLUMNS)}) SELECT {', '.join(select)} FROM "
    )
    at = connection.ops.adapt_datetimefield_value(common[0])
    ip = client_ip.get() or None
    with connection.cursor() as cursor:
        for start in range(0, len(events), _MANY_CHUNK):
            rows = [
                (
                    target._meta.label_lower,
                    str(target.pk),
                    str(target)[:300],
                    organization_id,
                    json.dumps(details or {}, default=str),
                )
                for target, organization_id, details in events[start : start + _MANY_CHUNK]
            ]
            source, params = values_from(connection, types, rows)
            cursor.execute(head + source, [at, *common[1:], ip, *params])
    _seal_soon()
    return len(events)


# Rows per INSERT of `audit_log_many` (five parameters each on SQLite: under its limit).
_MANY_CHUNK = 500


def audit_log_anonymous(
    *,
    action: str,
    subject: models.Model | None = None,
    organization_id: int | None = None,
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    """Record an act whose author must stay secret (a secret ballot cast), chained like
    every other event but naming no one: no actor, no IP address, no person as target,
    and the time only to the minute so it cannot be matched with the voter's own requests.

    `subject` is what was acted on (the ballot, the question), never the person.
    """
    if subject is not None and subject._meta.label == settings.AUTH_USER_MODEL:
        raise ValueError("an anonymous audit event cannot have a person as its subject")
    naming = _NAMING_KEYS.intersection(details or {})
    if naming:
        raise ValueError(f"an anonymous audit event cannot carry {sorted(naming)}")
    event = _insert(
        timezone.now().replace(second=0, microsecond=0),
        None,
        ANONYMOUS_LABEL,
        action,
        subject._meta.label_lower if subject is not None else "",
        str(subject.pk) if subject is not None else "",
        str(subject)[:300] if subject is not None else "",
        organization_id,
        None,
        details,
    )
    _seal_soon()
    return event
