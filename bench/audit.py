"""Audited writes per second from 16 concurrent writers, before and after sealing (ADR 0007).

Each writer is a process (as web workers are) with its own connection and its own row, so
nothing but the audit trail makes them wait. One audited write is a transaction shaped like
a service: update the writer's row, record the audit event, update the row again (the
history write), commit. The two updates are plain SQL so the figure measures the audit
trail, not the ORM.

- Before: `bench/audit_locking.py`, the old writer, which locks the chain head inside the
  transaction until commit.
- After: `audit_log` (one unlocked INSERT, and a seal job queued on the database backend
  after commit, at most one waiting job per process), with a sealer thread standing in for
  the worker that runs those jobs, sealing concurrently.

- Ceiling: the same transaction with no audit event at all, so the database's own limit
  (commits per second on this disk and CPU) is measured in the same run. The closer
  "after" comes to it, the less the audit trail costs; 5x "before" is out of reach where
  the ceiling itself is lower than that.

The three run in the same process, alternating in rounds (before, after, ceiling, then the
reverse), so noise on the shared machine hits all of them. At the end everything is sealed
and the whole chain, old and new writers' events interleaved, must verify with no problem.
"""

from __future__ import annotations

import multiprocessing
import threading
import time
from collections.abc import Callable
from typing import Any

from django.db import connection, transaction
from django.test import override_settings

from bench.audit_locking import audit_log_locking
from bench.harness import Context, Result
from partydesk.core.audit import audit_log, audit_seal, audit_verify
from partydesk.core.models import AuditChainHead, AuditEvent, AuditSeal, Holiday

TITLE = "audit trail: audited writes per second from 16 concurrent writers"
WRITERS = 16
SPEEDUP_TARGET = 5.0
DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
Writer = Callable[..., Any]


def _no_audit(**_kwargs: Any) -> None:
    """The ceiling: the service's own writes and commit, no audit event."""


def _rows() -> list[int]:
    """One row per writer (throw-away calendar overrides in 1900, removed at the end)."""
    import datetime as dt

    pks = []
    for i in range(WRITERS):
        row, _ = Holiday.objects.get_or_create(
            date=dt.date(1900, 1, 1) + dt.timedelta(days=i), defaults={"name": "bench"}
        )
        pks.append(row.pk)
    return pks


def _write_loop(write: Writer, pk: int, i: int, go: Any, stop: Any, done: Any) -> None:
    """One writer process: audited writes on its own connection until told to stop."""
    n = 0
    try:
        go.wait()
        while not stop.is_set():
            with transaction.atomic(), connection.cursor() as cursor:
                # Plain SQL around the audit call, so that the figure is the audit trail's
                # cost and not the ORM's (both writers pay the same).
                cursor.execute("UPDATE core_holiday SET name = %s WHERE id = %s", [f"b{n}", pk])
                write(
                    actor=None,
                    action="bench.audit.written",
                    organization_id=None,
                    details={"writer": i, "n": n},
                )
                cursor.execute(
                    "UPDATE core_holiday SET is_day_off = %s WHERE id = %s", [n % 2 == 0, pk]
                )
            n += 1
    finally:
        connection.close()
        done.put(n)


def _phase(write: Writer, pks: list[int], seconds: float, *, seal: bool) -> tuple[int, float]:
    """Run WRITERS processes (as web workers are) for `seconds`, with a sealer thread in this
    one for the after case; returns (audited writes committed, elapsed seconds)."""
    fork = multiprocessing.get_context("fork")
    go, stop, done = fork.Event(), fork.Event(), fork.Queue()
    connection.close()  # children must not share this process's connection
    workers = [
        fork.Process(target=_write_loop, args=(write, pks[i], i, go, stop, done))
        for i in range(WRITERS)
    ]
    for worker in workers:
        worker.start()
    sealing = threading.Event()

    def sealer() -> None:
        try:
            while not sealing.is_set():
                audit_seal()
                time.sleep(0.05)  # a worker polling its queue
        finally:
            connection.close()

    thread = threading.Thread(target=sealer)
    if seal:
        thread.start()
    time.sleep(1.0)  # let every process connect before the clock starts
    go.set()
    started = time.perf_counter()
    time.sleep(seconds)
    stop.set()
    counts = [done.get(timeout=120) for _ in workers]
    elapsed = time.perf_counter() - started
    for worker in workers:
        worker.join()
    sealing.set()
    if seal:
        thread.join()
    if any(worker.exitcode for worker in workers):
        raise RuntimeError("a writer process failed")
    return sum(counts), elapsed


def run(ctx: Context) -> list[Result]:
    from django_tasks_db.models import DBTaskResult

    # The chain must start clean for the final verification to mean something.
    AuditSeal.objects.all().delete()
    AuditEvent.objects.all().delete()
    AuditChainHead.objects.all().delete()
    AuditChainHead.objects.create(pk=1)
    pks = _rows()
    seconds = 2.0 if ctx.quick else 8.0
    rounds = 1 if ctx.quick else 2
    writers: dict[str, Writer] = {
        "before": audit_log_locking,
        "after": audit_log,
        "ceiling": _no_audit,
    }
    totals = {kind: [0, 0.0] for kind in writers}
    with override_settings(TASKS=DB_TASKS):
        for r in range(rounds):
            order = list(writers) if r % 2 == 0 else list(reversed(writers))
            for kind in order:
                write = writers[kind]
                count, elapsed = _phase(write, pks, seconds, seal=kind == "after")
                totals[kind][0] += count
                totals[kind][1] += elapsed
                ctx.log(f"  round {r + 1} {kind}: {count / elapsed:,.0f} audited writes/s")
        audit_seal()
    before = totals["before"][0] / totals["before"][1]
    after = totals["after"][0] / totals["after"][1]
    ceiling = totals["ceiling"][0] / totals["ceiling"][1]
    speedup = after / before
    jobs = DBTaskResult.objects.filter(task_path__endswith="audit_seal_job")
    queued = jobs.count()
    jobs.delete()
    Holiday.objects.filter(pk__in=pks).delete()
    events = AuditEvent.objects.count()
    problems = list(audit_verify())
    unsealed = AuditEvent.objects.filter(seal__isnull=True).count()
    ctx.fact(
        "Writers",
        f"{WRITERS} processes, each its own connection and row; {rounds * 2} phases of "
        f"{seconds:g} s alternating before/after/ceiling",
    )
    ctx.fact(
        "Throughput",
        f"before {before:,.0f} audited writes/s (old writer locking the chain head), "
        f"after {after:,.0f}/s: **{speedup:.1f}×** (target ≥ {SPEEDUP_TARGET:g}×)",
    )
    ctx.fact(
        "Ceiling",
        f"the same transaction with no audit event: {ceiling:,.0f}/s, "
        f"{ceiling / before:.1f}× the old writer; sealed audit writes reach "
        f"{after / ceiling:.0%} of it",
    )
    ctx.fact("Seal jobs queued", f"{queued:,} for {totals['after'][0]:,} audited writes")
    ctx.fact(
        "Chain after the run",
        f"{events:,} events, old and new writers interleaved; {unsealed} unsealed; "
        f"audit_verify: {len(problems)} problem(s)",
    )
    if problems or unsealed:
        raise RuntimeError(f"the chain does not verify after the run: {problems[:5]}")
    return [
        ctx.counted(
            "wall time per audited write, 16 writers (ms)",
            round(1000 / after, 3),
            round(1000 / before, 3),
            baseline_name="old writer locking the chain head",
            target=1 / SPEEDUP_TARGET,
            note=f"{after:,.0f} vs {before:,.0f} writes/s = {speedup:.1f}×",
        ),
        ctx.counted(
            "wall time per audited write against the same write unaudited (ms)",
            round(1000 / after, 3),
            round(1000 / ceiling, 3),
            baseline_name="no audit event (the database's ceiling)",
            note=f"{after:,.0f} vs {ceiling:,.0f} writes/s",
        ),
    ]
