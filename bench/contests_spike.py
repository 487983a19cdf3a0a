"""The opening spike on the production server (issue 12, Scale; ADR 0026): 5,000
registered takers start round 1 within 10 seconds.

Each taker is a browser holding its registration in its session (sessions made in bulk, as
the take page leaves them) and the CSRF cookie. At its moment, spread evenly over the 10
seconds whatever the server's pace (an open loop: a slow server does not slow the
arrivals), it presses "start" (`POST /contests/rounds/<id>/start/`, the page's form) and
follows the redirect to its first question (`GET /contests/attempts/<id>/`, the draw
rendered). The latency is both together, from the press to the page with the questions.
After the run, each taker must hold exactly one attempt and no request may have failed.
"""

from __future__ import annotations

import asyncio
import math
import time
from collections import Counter

from bench.contests_live import (
    cookie,
    ensure,
    production_server,
    server_cpu_seconds,
    sessions_bulk,
)
from bench.harness import Context, Result, percentile
from bench.load import open_loop, press_then_open, start_results
from partydesk.contests.models import Attempt

TITLE = "contest opening spike: 5,000 takers start round 1 within 10 seconds, on gunicorn"
WINDOW_SECONDS = 10.0
WARM = 20


async def _spike(port: int, round_id: int, sessions: list[str]) -> tuple[list[float], Counter[int]]:
    """Each taker presses start, then opens the attempt's page (press_then_open)."""

    async def press(n: int) -> tuple[int, float]:
        return await press_then_open(
            port, f"/contests/rounds/{round_id}/start/", cookie(sessions[n]), b"/contests/attempts/"
        )

    return await open_loop(len(sessions), WINDOW_SECONDS, press)


def run(ctx: Context) -> list[Result]:
    if time.monotonic() > ctx.deadline:  # the run's time limit: skipped, reported as missed
        ctx.log("  skipped, the run is past its time limit")
        return [Result(TITLE, "–", math.inf, 1.0, note="skipped: time limit")]
    size = 500 if ctx.quick else 5_000
    started = time.monotonic()
    live = ensure(size + WARM)
    sessions = sessions_bulk(live)
    ctx.fact(
        "data",
        f"{size:,} registrations with their browser sessions (and {WARM} to warm the "
        f"workers), made in {time.monotonic() - started:.1f} s; a 20-question round of a "
        f"{40}-question bank; arrivals every {WINDOW_SECONDS / size * 1000:.1f} ms",
    )
    with production_server() as server:
        port = server.port
        asyncio.run(_spike(port, live.round.pk, sessions[size:]))  # warm: other takers
        t0 = time.perf_counter()
        cpu = server_cpu_seconds(server)
        latencies, statuses = asyncio.run(_spike(port, live.round.pk, sessions[:size]))
        cpu = server_cpu_seconds(server) - cpu
        wall = time.perf_counter() - t0
    measured = live.registrations[:size]
    per_taker = Counter(
        Attempt.objects.filter(round=live.round, registration_id__in=measured).values_list(
            "registration_id", flat=True
        )
    )
    wrong = sum(1 for pk in measured if per_taker.get(pk, 0) != 1)
    errors = {k: v for k, v in statuses.items() if k != 200}
    ctx.fact(
        "run",
        f"{size:,} starts in {wall:.1f} s (the last answered {wall - WINDOW_SECONDS:.1f} s "
        f"after the last arrival); p50 {percentile(latencies, 0.5):.0f} ms, "
        f"p99 {percentile(latencies, 0.99):.0f} ms, max {max(latencies):.0f} ms; "
        f"non-200: {errors or 'none'}; takers without exactly one attempt: {wrong}",
    )
    per_start = cpu / size
    ctx.fact(
        "server CPU",
        f"{per_start * 1000:.0f} ms a start (the press and the page; gunicorn workers and "
        f"their PostgreSQL backends): at most {2 / per_start:.0f} starts a second on two "
        f"cores of its own, against the {size / WINDOW_SECONDS:.0f} a second asked",
    )
    failed = sum(errors.values()) + wrong
    return start_results(ctx, latencies, failed, size, WINDOW_SECONDS, "first question")
