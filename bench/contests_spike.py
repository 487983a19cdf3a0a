"""The opening spike on the production server (issue 12, Scale; ADR 0026): 5,000
registered takers start round 1 within 10 seconds.

Each taker is a browser holding its registration in its session (sessions made in bulk, as
the take page leaves them), the CSRF cookie, and the take page's start form: the token the
page hands out for this registration, round and session (`live_start.start_token`, the
function the page calls). At its moment, spread evenly over the 10 seconds whatever the
server's pace (an open loop: a slow server does not slow the arrivals), it presses "start"
as the browser does: the form posted to the lean start (`POST /contests/live/start`,
urlencoded `token` and `contest`, with the cookies and Accept-Language), which answers with
the attempt's first page (its questions, the attempt's token for the live answers). The
latency is from the press to that page. After the run, each taker must hold exactly one
attempt and no request may have failed (a non-200, or a 200 without the questions).
"""

from __future__ import annotations

import asyncio
import math
import time
from collections import Counter
from urllib.parse import urlencode

from bench.contests_live import (
    Live,
    cookie,
    ensure,
    production_server,
    server_cpu_seconds,
    sessions_bulk,
)
from bench.contests_live import request as http_request
from bench.harness import Context, Result, percentile
from bench.load import open_loop, start_results
from partydesk.contests.live_start import START_PATH, start_token
from partydesk.contests.models import Attempt

TITLE = "contest opening spike: 5,000 takers start round 1 within 10 seconds, on gunicorn"
WINDOW_SECONDS = 10.0
WARM = 20
SHEET = b"data-live-answers="  # the attempt's page with its questions
NO_SHEET = -200  # the status counted for a 200 without the questions: a failure


def _forms(live: Live, sessions: list[str]) -> list[bytes]:
    """What each taker's browser posts: the take page's start form for its registration."""
    return [
        urlencode(
            {"token": start_token(pk, live.round.pk, key), "contest": live.contest.pk}
        ).encode()
        for pk, key in zip(live.registrations, sessions, strict=True)
    ]


async def _spike(
    port: int, sessions: list[str], forms: list[bytes]
) -> tuple[list[float], Counter[int]]:
    """Each taker presses start (the lean start answers with the attempt's page)."""

    async def press(n: int) -> tuple[int, float]:
        headers = {
            "Cookie": cookie(sessions[n]),
            "Content-Type": "application/x-www-form-urlencoded",
            "Accept-Language": "vi",
        }
        status, ms, page = await http_request(
            port, "POST", START_PATH, forms[n], headers, timeout=120
        )
        if status == 200 and SHEET not in page:
            return NO_SHEET, ms
        return status or 1, ms

    return await open_loop(len(sessions), WINDOW_SECONDS, press)


def run(ctx: Context) -> list[Result]:
    if time.monotonic() > ctx.deadline:  # the run's time limit: skipped, reported as missed
        ctx.log("  skipped, the run is past its time limit")
        return [Result(TITLE, "–", math.inf, 1.0, note="skipped: time limit")]
    size = 500 if ctx.quick else 5_000
    started = time.monotonic()
    live = ensure(size + WARM)
    sessions = sessions_bulk(live)
    forms = _forms(live, sessions)
    ctx.fact(
        "data",
        f"{size:,} registrations with their browser sessions and start forms (and {WARM} "
        f"to warm the workers), made in {time.monotonic() - started:.1f} s; a 20-question "
        f"round of a {40}-question bank; arrivals every {WINDOW_SECONDS / size * 1000:.1f} ms",
    )
    with production_server() as server:
        port = server.port
        asyncio.run(_spike(port, sessions[size:], forms[size:]))  # warm: other takers
        t0 = time.perf_counter()
        cpu = server_cpu_seconds(server)
        latencies, statuses = asyncio.run(_spike(port, sessions[:size], forms[:size]))
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
        f"non-200 ({NO_SHEET}: a 200 without the questions): {errors or 'none'}; "
        f"takers without exactly one attempt: {wrong}",
    )
    per_start = cpu / size
    ctx.fact(
        "server CPU",
        f"{per_start * 1000:.1f} ms a start (the press answered with the page; gunicorn "
        f"workers and their PostgreSQL backends): at most {2 / per_start:.0f} starts a "
        f"second on two cores of its own, against the {size / WINDOW_SECONDS:.0f} a second asked",
    )
    failed = sum(errors.values()) + wrong
    return start_results(ctx, latencies, failed, size, WINDOW_SECONDS, "first question")
