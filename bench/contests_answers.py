"""Answer submissions per second on the production server (issue 12, Scale; ADR 0026).

Two endpoints on the same gunicorn (`config.wsgi`, 4 sync workers, as `make serve`), the
same client and the same requests, in alternating slices of a few seconds each so that the
shared machine's noise hits both:

- the lean answer endpoint, `POST /contests/live/answers`, one answer a request (the
  figure held against the target), each simulated taker with its own attempt and token,
  and the same client with three answers a request (answers piled up), reported apart;
- the baseline, `POST /bench/bare-insert` (bench/urls.py): an ordinary Django view that
  inserts the request's one answer as one row, nothing checked.

A closed loop of 8 connections (two per worker) keeps the server saturated; each taker has
one request in flight at most, as the page's client does. The browser's cookies (a
taker's session, the CSRF cookie) go with every request, as a browser sends them to every
path of the site; another slice measures the bare insert without them, the baseline the
target is held against. After the run every acknowledged answer
is looked up in the database: lost (missing, or older than what was acknowledged) or
duplicated (two rows for one slot, or more bare rows than acknowledgements) must be 0.
"""

from __future__ import annotations

import asyncio
import json
import math
import random
import time
from collections import Counter
from dataclasses import dataclass, field

from django.db import connection

from bench.contests_live import (
    attempts_bulk,
    cookie,
    ensure,
    production_server,
    request,
    server_cpu_seconds,
    sessions_bulk,
)
from bench.harness import Context, Result, percentile
from bench.urls import BARE_TABLE
from partydesk.contests.models import Answer
from partydesk.contests.services.answering import attempt_token

TITLE = "contest answers: the lean endpoint against a bare one-row insert, on gunicorn"
TAKERS = 2_000
CONCURRENCY = 8
SPEEDUP_TARGET = 2.0
P99_TARGET_MS = 100.0
LEAN = "/contests/live/answers"
BARE = "/bench/bare-insert"
LABELS = {
    LEAN: "lean, one answer a request",
    "batched": "lean, three answers a request",
    BARE: "bare insert with the taker's cookies",
    "plain": "bare insert, no cookies",
}


@dataclass
class Taker:
    attempt: int
    token: str
    offered: list[list[int]]
    cookie: str
    sent: dict[int, int] = field(default_factory=dict)  # slot -> last seq sent
    acked: dict[int, tuple[int, list[int]]] = field(default_factory=dict)
    turn: int = 0
    batch: int = 1  # answers a request


@dataclass
class Slice:
    seconds: float = 0.0
    cpu: float = 0.0  # server-side CPU seconds (gunicorn workers, their PostgreSQL backends)
    latencies: list[float] = field(default_factory=list)
    statuses: Counter[int] = field(default_factory=Counter)
    answers: int = 0  # answers acknowledged (a request may carry several)

    @property
    def acked(self) -> int:
        return self.answers


async def _slice(port: int, path: str, takers: list[Taker], seconds: float, out: Slice) -> None:
    end = time.perf_counter() + seconds
    rng = random.Random(len(out.latencies))

    async def worker(k: int) -> None:
        i = k
        while time.perf_counter() < end:
            taker = takers[i % len(takers)]
            i += CONCURRENCY  # a taker belongs to one worker: one request in flight
            answers: list[tuple[int, int, list[int]]] = []  # (slot, seq, chosen)
            for _ in range(taker.batch):
                slot = taker.turn % len(taker.offered)
                taker.turn += 1
                seq = taker.sent.get(slot, 0) + 1
                taker.sent[slot] = seq
                chosen = [rng.choice(taker.offered[slot])]
                answers.append((slot, seq, chosen))
            body = {
                "token": taker.token,
                "answers": [{"slot": a, "chosen": c, "seq": q} for a, q, c in answers],
            }
            headers = {"Content-Type": "application/json"}
            if taker.cookie:
                headers["Cookie"] = taker.cookie
            try:
                status, ms, _payload = await request(
                    port, "POST", path, json.dumps(body).encode(), headers
                )
            except (OSError, TimeoutError):
                status, ms = 0, 0.0
            out.statuses[status] += 1
            if status == 200:
                out.latencies.append(ms)
                out.answers += len(answers)
                for slot, seq, chosen in answers:
                    taker.acked[slot] = (seq, chosen)

    started = time.perf_counter()
    await asyncio.gather(*(worker(k) for k in range(CONCURRENCY)))
    out.seconds += time.perf_counter() - started


def _lost_and_duplicated(takers: list[Taker]) -> tuple[int, int, int]:
    """(acknowledged slots checked, lost, duplicated) for the lean endpoint's takers."""
    ids = [t.attempt for t in takers]
    stored = {
        (a, s): (q, c)
        for a, s, q, c in Answer.objects.filter(attempt_id__in=ids).values_list(
            "attempt_id", "slot", "seq", "chosen"
        )
    }
    checked = lost = 0
    for taker in takers:
        for slot, (seq, chosen) in taker.acked.items():
            checked += 1
            held = stored.get((taker.attempt, slot))
            if held is None or held[0] < seq or (held[0] == seq and held[1] != chosen):
                lost += 1
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) - count(DISTINCT (attempt_id, slot)) FROM contests_answer"
            " WHERE attempt_id = ANY(%s)",
            [ids],
        )
        duplicated = int(cursor.fetchone()[0])
    return checked, lost, duplicated


def _bare_table() -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {BARE_TABLE}")
        cursor.execute(
            f"CREATE TABLE {BARE_TABLE} (id bigserial PRIMARY KEY, token text NOT NULL,"
            " slot integer NOT NULL, chosen jsonb NOT NULL, seq integer NOT NULL,"
            " saved_at timestamptz NOT NULL)"
        )


def _bare_rows() -> tuple[int, int]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*), count(DISTINCT (token, slot, seq)) FROM {BARE_TABLE}")
        total, distinct = cursor.fetchone()
    return int(total), int(distinct)


def run(ctx: Context) -> list[Result]:
    if time.monotonic() > ctx.deadline:  # the run's time limit: skipped, reported as missed
        ctx.log("  skipped, the run is past its time limit")
        return [Result(TITLE, "–", math.inf, 1.0, note="skipped: time limit")]
    started = time.monotonic()
    live = ensure(TAKERS)
    attempts = attempts_bulk(live, live.registrations)
    sessions = sessions_bulk(live)
    _bare_table()
    lean = [
        Taker(a.pk, attempt_token(a), [row[1] for row in a.draw], cookie(s))
        for a, s in zip(attempts, sessions, strict=True)
    ]
    bare = [Taker(t.attempt, f"bare-{t.attempt}", t.offered, t.cookie) for t in lean]
    bare_plain = [Taker(t.attempt, f"plain-{t.attempt}", t.offered, "") for t in lean]
    # The same takers' client with answers piled up (after a lost connection, or while a
    # request was in flight): three a request.
    # Sharing the counters and acknowledgements: one client, one sequence per slot.
    batched = [
        Taker(t.attempt, t.token, t.offered, t.cookie, t.sent, t.acked, batch=3) for t in lean
    ]
    ctx.fact(
        "data",
        f"{TAKERS:,} takers with an attempt in progress (20 questions), their sessions, "
        f"made in {time.monotonic() - started:.1f} s; {CONCURRENCY} connections in a closed loop",
    )
    rounds, seconds = (1, 1.5) if ctx.quick else (3, 6.0)
    slices = {LEAN: Slice(), BARE: Slice(), "plain": Slice(), "batched": Slice()}
    arms = [
        (LEAN, batched, slices["batched"]),
        (LEAN, lean, slices[LEAN]),
        (BARE, bare, slices[BARE]),
        (BARE, bare_plain, slices["plain"]),
    ]
    with production_server(PARTYDESK_CONTESTS_TAKER_RATE_PER_MINUTE="120") as server:
        port = server.port
        for path, takers, _out in arms:  # warm every worker on both paths
            asyncio.run(_slice(port, path, takers, 0.5, Slice()))
        with connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {BARE_TABLE}")
        for n in range(rounds):
            for path, takers, out in arms if n % 2 == 0 else arms[::-1]:
                cpu = server_cpu_seconds(server)
                asyncio.run(_slice(port, path, takers, seconds, out))
                out.cpu += server_cpu_seconds(server) - cpu
    checked, lost, duplicated = _lost_and_duplicated(lean)
    bare_total, bare_distinct = _bare_rows()
    bare_acked = slices[BARE].acked + slices["plain"].acked
    rate = {key: s.acked / s.seconds for key, s in slices.items()}
    speedup = rate[LEAN] / rate["plain"]
    for key, s in slices.items():
        errors = {k: v for k, v in s.statuses.items() if k != 200}
        ctx.fact(
            LABELS[key],
            f"{s.acked:,} answers in {s.seconds:.1f} s = {rate[key]:,.0f}/s, "
            f"p50 {percentile(s.latencies, 0.5):.1f} ms, "
            f"p99 {percentile(s.latencies, 0.99):.1f} ms, "
            f"server CPU {s.cpu / max(s.acked, 1) * 1000:.2f} ms an answer"
            f"{f', non-200: {errors}' if errors else ''}",
        )
    ctx.fact(
        "after the run",
        f"{checked:,} acknowledged slots checked, {lost} lost, {duplicated} duplicated; "
        f"bare rows {bare_total:,} ({bare_distinct:,} distinct) for the bare slices' answers",
    )
    lean_s, plain_s, cookie_s = slices[LEAN], slices["plain"], slices[BARE]
    non_200 = sum(
        v for key in (LEAN, "batched") for k, v in slices[key].statuses.items() if k != 200
    )
    return [
        Result(
            name="answers a second at saturation: the bare insert's rate over the lean one's",
            baseline="bare one-row insert, no cookies",
            ratio=rate["plain"] / rate[LEAN],
            target=1 / SPEEDUP_TARGET,
            p50_ms=percentile(lean_s.latencies, 0.5),
            p99_ms=percentile(lean_s.latencies, 0.99),
            baseline_p50_ms=percentile(plain_s.latencies, 0.5),
            baseline_p99_ms=percentile(plain_s.latencies, 0.99),
            iterations=lean_s.acked,
            note=f"lean {rate[LEAN]:,.0f}/s vs {rate['plain']:,.0f}/s: {speedup:.2f}×",
        ),
        Result(
            name="the same against the bare insert with the browser's cookies",
            baseline="bare one-row insert, taker's cookies",
            ratio=rate[BARE] / rate[LEAN],
            p50_ms=percentile(lean_s.latencies, 0.5),
            p99_ms=percentile(lean_s.latencies, 0.99),
            baseline_p50_ms=percentile(cookie_s.latencies, 0.5),
            baseline_p99_ms=percentile(cookie_s.latencies, 0.99),
            iterations=lean_s.acked,
            note=f"lean {rate[LEAN] / rate[BARE]:.2f}×",
        ),
        Result(
            name="the same with three answers a request (answers piled up)",
            baseline="bare one-row insert, no cookies",
            ratio=rate["plain"] / rate["batched"],
            p50_ms=percentile(slices["batched"].latencies, 0.5),
            p99_ms=percentile(slices["batched"].latencies, 0.99),
            baseline_p50_ms=percentile(plain_s.latencies, 0.5),
            baseline_p99_ms=percentile(plain_s.latencies, 0.99),
            iterations=slices["batched"].acked,
            note=f"lean {rate['batched'] / rate['plain']:.2f}× in answers",
        ),
        ctx.counted(
            "server CPU per answer (ms; gunicorn workers and their PostgreSQL backends)",
            round(lean_s.cpu / max(lean_s.acked, 1) * 1000, 2),
            round(plain_s.cpu / max(plain_s.acked, 1) * 1000, 2),
            baseline_name="bare one-row insert, no cookies",
        ),
        ctx.counted(
            "p99 of an acknowledged lean answer at saturation (ms)",
            round(percentile(lean_s.latencies, 0.99), 1),
            P99_TARGET_MS,
            baseline_name="the 100 ms target",
            target=1.0,
        ),
        ctx.counted(
            "answers lost, duplicated or refused (lean), counted after the run",
            lost
            + duplicated
            + non_200
            + max(0, bare_total - bare_distinct)
            + abs(bare_acked - bare_total),
            checked,
            baseline_name="acknowledged slots checked",
            target=0.0,
        ),
    ]
