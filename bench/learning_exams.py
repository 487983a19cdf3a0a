"""A learning exam on the production server (issue 11, Scale; ADR 0021): takers press
"start" in the same second, then autosave their answers.

Each taker is a login of a person of the bench's organization, with a browser session made
in bulk as a login leaves it (and the CSRF cookie). The exam is standalone (any person of
the organization may sit it): 20 questions drawn from a 40-question bank, options shuffled.

- **Synchronized start**: every taker has opened the exam's start page (`GET
  /learning/exams/<id>/take/`, through Django, before the second starts) and presses its
  button: the bench posts what the browser posts, the form's own action and hidden fields
  urlencoded (the lean start `POST /learning/live/start` with its session-bound token, ADR
  0021 and 0029), with the browser's cookies, at a moment spread evenly over one second (an
  open loop: a slow server does not slow the arrivals). The press is answered with the
  attempt's first page and its questions; the latency is from the press to that page.
  Afterwards each taker must hold exactly one attempt and no request may have failed.
  Moodle's reference (peers.md §4) is about 125 takers per vCPU; the issue asks 1,000 per
  core in a second. *Baseline in the same run*: as many other takers press Django's start
  (`POST /learning/exams/<id>/take/`, the fallback path through the middleware, answered
  with the same page in the full layout), in their own second.
- **Autosave**: the same takers save answers as the page does (`POST
  /learning/attempts/<id>/answers/<slot>/`, HTMX form data, the page's fragment back), in
  a closed loop of 8 connections, one request in flight per taker, alternating slices with
  the baseline `POST /bench/bare-insert` (bench/urls.py: an ordinary Django view inserting
  one row, same cookies). After the run every acknowledged answer is looked up: lost (the
  stored choice is not the last acknowledged) must be 0.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import html
import math
import os
import random
import re
import time
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.utils import timezone

from bench.contests_answers import Slice, _bare_rows, _bare_table
from bench.contests_live import (
    CSRF,
    Server,
    _category,
    _organization,
    production_server,
    request,
    server_cpu_seconds,
)
from bench.harness import Context, Result, percentile
from bench.load import browser_sessions, open_loop, press_then_open, start_results
from bench.urls import BARE_TABLE
from partydesk.accounts.models import User
from partydesk.core.http import SYSTEM
from partydesk.learning.models import Answer, Attempt, Category, Exam
from partydesk.learning.services.exams import exam_create
from partydesk.organizations.models import Organization, Person

TITLE = "learning exam: synchronized start and autosave against a bare insert, on gunicorn"
TAKERS_PER_CORE = 1_000
QUESTIONS = 20
START_BUTTON = "Bắt đầu hoặc tiếp tục làm bài"  # the start page's button, in Vietnamese
FORM = re.compile(r'<form method="post" action="([^"]*)">(.*?)</form>', re.S)
HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)">')
WINDOW_SECONDS = 1.0
CONCURRENCY = 8
SAVE = "save"
BARE = "/bench/bare-insert"


@dataclass
class Taker:
    user: int
    session: str
    attempt: int = 0
    offered: list[list[int]] = field(default_factory=list)
    acked: dict[int, list[int]] = field(default_factory=dict)  # slot -> last acknowledged
    turn: int = 0
    form: tuple[str, bytes] = ("", b"")  # the start form's action and body, once opened

    @property
    def cookie(self) -> str:
        return f"{settings.CSRF_COOKIE_NAME}={CSRF}; {settings.SESSION_COOKIE_NAME}={self.session}"


def _learners(org: Organization, count: int) -> list[User]:
    """`count` logins of people of the organization (made once, completed if short)."""
    have = User.objects.filter(username__startswith="bench-learner-").count()
    if have < count:
        people = Person.objects.bulk_create(
            Person(full_name=f"Học viên thử {n}", search_name=f"hoc vien thu {n}", organization=org)
            for n in range(have, count)
        )
        User.objects.bulk_create(
            (
                User(username=f"bench-learner-{n}", password="!bench", person=p)
                for n, p in zip(range(have, count), people, strict=True)
            ),
            batch_size=2000,
        )
    return list(User.objects.filter(username__startswith="bench-learner-").order_by("pk")[:count])


def _sessions(users: list[User]) -> list[Taker]:
    """A logged-in browser session per user, as a login leaves it."""
    Session.objects.all().delete()  # the bench database holds only the bench's sessions
    keys = browser_sessions(users)
    return [Taker(user.pk, key) for user, key in zip(users, keys, strict=True)]


def _exam(org: Organization) -> Exam:
    """A fresh open exam (earlier bench exams and their attempts removed)."""
    Attempt.objects.filter(exam__organization=org).delete()
    Exam.objects.filter(organization=org).delete()
    now = timezone.now()
    return exam_create(
        actor=SYSTEM,
        organization=org,
        title="Bench",
        categories=[Category.objects.get(pk=_category(org))],
        question_count=QUESTIONS,
        time_limit_minutes=60,
        opens_at=now - dt.timedelta(minutes=5),
        closes_at=now + dt.timedelta(days=1),
    )


def _start_form(page: bytes) -> tuple[str, bytes]:
    """The action and the urlencoded hidden fields of the start page's form whose button the
    taker presses, as the browser would send them."""
    for action, inner in FORM.findall(page.decode()):
        if START_BUTTON in inner:
            return html.unescape(action), urlencode(
                [(name, html.unescape(value)) for name, value in HIDDEN.findall(inner)]
            ).encode()
    raise RuntimeError("the start page has no start form")


async def _open_start_pages(port: int, exam: int, takers: list[Taker]) -> None:
    """Each taker opens the exam's start page (before the synchronized second)."""
    queue = list(takers)

    async def worker() -> None:
        while queue:
            taker = queue.pop()
            headers = {"Cookie": taker.cookie, "Accept-Language": "vi"}
            path = f"/learning/exams/{exam}/take/"
            status, _ms, page = await request(port, "GET", path, b"", headers)
            if status != 200:
                raise RuntimeError(f"the start page answered {status}")
            taker.form = _start_form(page)

    await asyncio.gather(*(worker() for _ in range(CONCURRENCY)))


async def _press(port: int, taker: Taker, questions: int) -> tuple[int, float]:
    """The browser's press of the start form: its action, its fields, the cookies. A 200
    without the attempt's questions counts as a failure (status 2)."""
    action, body = taker.form
    headers = {
        "Cookie": taker.cookie,
        "Content-Type": "application/x-www-form-urlencoded",
        "Accept-Language": "vi",
    }
    status, ms, page = await request(port, "POST", action, body, headers, timeout=120)
    if status == 200 and page.count(b'class="card" hx-post="/learning/attempts/') != questions:
        status = 2
    return status or 1, ms


async def _spike(
    port: int, exam: int, takers: list[Taker], *, lean: bool
) -> tuple[list[float], Counter[int]]:
    """Each taker presses start (the lean route, or Django's start) and gets the page."""

    async def press(n: int) -> tuple[int, float]:
        if lean:
            return await _press(port, takers[n], QUESTIONS)
        return await press_then_open(
            port, f"/learning/exams/{exam}/take/", takers[n].cookie, b"/learning/attempts/"
        )

    return await open_loop(len(takers), WINDOW_SECONDS, press)


async def _saves(port: int, path: str, takers: list[Taker], seconds: float, out: Slice) -> None:
    end = time.perf_counter() + seconds
    rng = random.Random(len(out.latencies))

    async def worker(k: int) -> None:
        i = k
        while time.perf_counter() < end:
            taker = takers[i % len(takers)]
            i += CONCURRENCY  # a taker belongs to one worker: one request in flight
            slot = taker.turn % len(taker.offered)
            taker.turn += 1
            chosen = [rng.choice(taker.offered[slot])]
            headers = {"Cookie": taker.cookie, "X-CSRFToken": CSRF}
            if path == SAVE:
                url = f"/learning/attempts/{taker.attempt}/answers/{slot}/"
                body = f"chosen={chosen[0]}".encode()
                headers["Content-Type"] = "application/x-www-form-urlencoded"
                headers["HX-Request"] = "true"
            else:
                url = path
                body = (
                    f'{{"token": "bare-{taker.attempt}", "answers": [{{"slot": {slot}, '
                    f'"chosen": {chosen}, "seq": {taker.turn}}}]}}'
                ).encode()
                headers["Content-Type"] = "application/json"
            try:
                status, ms, _payload = await request(port, "POST", url, body, headers)
            except (OSError, TimeoutError):
                status, ms = 0, 0.0
            out.statuses[status] += 1
            if status == 200:
                out.latencies.append(ms)
                out.answers += 1
                if path == SAVE:
                    taker.acked[slot] = chosen

    started = time.perf_counter()
    await asyncio.gather(*(worker(k) for k in range(CONCURRENCY)))
    out.seconds += time.perf_counter() - started


def _lost(takers: list[Taker]) -> tuple[int, int]:
    """(acknowledged slots checked, lost): the stored choice must be the last acknowledged."""
    stored = {
        (a, s): c
        for a, s, c in Answer.objects.filter(attempt_id__in=[t.attempt for t in takers])
        .values_list("attempt_id", "slot", "chosen")
        .iterator()
    }
    checked = lost = 0
    for taker in takers:
        for slot, chosen in taker.acked.items():
            checked += 1
            lost += stored.get((taker.attempt, slot)) != chosen
    return checked, lost


@dataclass
class Spike:
    """One synchronized second of presses: latencies, statuses, wall and server CPU time,
    and the takers without exactly one attempt afterwards."""

    latencies: list[float]
    statuses: Counter[int]
    wall: float
    cpu: float
    wrong: int = 0

    @property
    def errors(self) -> dict[int, int]:
        return {k: v for k, v in self.statuses.items() if k != 200}

    def fact(self, size: int) -> str:
        return (
            f"{size:,} starts in {self.wall:.1f} s; p50 {percentile(self.latencies, 0.5):.0f} "
            f"ms, p99 {percentile(self.latencies, 0.99):.0f} ms, max {max(self.latencies):.0f} "
            f"ms; non-200: {self.errors or 'none'}; takers without exactly one attempt: "
            f"{self.wrong}; server CPU {self.cpu / size * 1000:.1f} ms a start"
        )


def _measured_spike(server: Server, exam: Exam, takers: list[Taker], *, lean: bool) -> Spike:
    cpu = server_cpu_seconds(server)
    t0 = time.perf_counter()
    latencies, statuses = asyncio.run(_spike(server.port, exam.pk, takers, lean=lean))
    wall = time.perf_counter() - t0
    spike = Spike(latencies, statuses, wall, server_cpu_seconds(server) - cpu)
    per_taker = Counter(
        Attempt.objects.filter(exam=exam, user_id__in=[t.user for t in takers]).values_list(
            "user_id", flat=True
        )
    )
    spike.wrong = sum(1 for t in takers if per_taker.get(t.user, 0) != 1)
    return spike


def run(ctx: Context) -> list[Result]:
    if time.monotonic() > ctx.deadline:  # the run's time limit: skipped, reported as missed
        ctx.log("  skipped, the run is past its time limit")
        return [Result(TITLE, "–", math.inf, 1.0, note="skipped: time limit")]
    cores = os.cpu_count() or 1
    size = 200 if ctx.quick else TAKERS_PER_CORE * cores
    started = time.monotonic()
    org = _organization()
    exam = _exam(org)
    takers = _sessions(_learners(org, 2 * size + 20))
    measured, by_django, warm = takers[:size], takers[size : 2 * size], takers[2 * size :]
    _bare_table()
    ctx.fact(
        "data",
        f"{2 * size:,} logins with their browser sessions (and 20 to warm the workers), made "
        f"in {time.monotonic() - started:.1f} s; a {QUESTIONS}-question exam of a 40-question "
        f"bank; arrivals every {WINDOW_SECONDS / size * 1000:.1f} ms ({size / cores:,.0f} a "
        "core), the lean start's second then Django's",
    )
    rounds, seconds = (1, 1.5) if ctx.quick else (3, 6.0)
    saves, bare = Slice(), Slice()
    with production_server() as server:
        port = server.port
        asyncio.run(_open_start_pages(port, exam.pk, measured + warm))
        asyncio.run(_spike(port, exam.pk, warm[:10], lean=True))
        asyncio.run(_spike(port, exam.pk, warm[10:], lean=False))
        lean_start = _measured_spike(server, exam, measured, lean=True)
        django_start = _measured_spike(server, exam, by_django, lean=False)
        attempts = {
            a.user_id: a
            for a in Attempt.objects.filter(exam=exam, user_id__in=[t.user for t in measured])
        }
        for taker in measured:
            if taker.user in attempts:
                taker.attempt = attempts[taker.user].pk
                taker.offered = [row[1] for row in attempts[taker.user].draw]
        savers = [t for t in measured if t.attempt]
        for path, out in ((SAVE, Slice()), (BARE, Slice())):  # warm both paths
            asyncio.run(_saves(port, path, savers, 0.5, out))
        with connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {BARE_TABLE}")
        for n in range(rounds):
            for path, out in ((SAVE, saves), (BARE, bare))[:: 1 if n % 2 == 0 else -1]:
                before = server_cpu_seconds(server)
                asyncio.run(_saves(port, path, savers, seconds, out))
                out.cpu += server_cpu_seconds(server) - before
    ctx.fact("start (lean route)", lean_start.fact(size))
    ctx.fact("start (Django's, baseline)", django_start.fact(size))
    checked, lost = _lost(savers)
    bare_total, bare_distinct = _bare_rows()
    rate = {key: s.answers / max(s.seconds, 1e-9) for key, s in ((SAVE, saves), (BARE, bare))}
    save_errors = {k: v for k, v in saves.statuses.items() if k != 200}
    for label, s, key in (("autosave", saves, SAVE), ("bare insert", bare, BARE)):
        ctx.fact(
            label,
            f"{s.answers:,} in {s.seconds:.1f} s = {rate[key]:,.0f}/s, "
            f"p50 {percentile(s.latencies, 0.5):.1f} ms, p99 {percentile(s.latencies, 0.99):.1f} "
            f"ms, server CPU {s.cpu / max(s.answers, 1) * 1000:.2f} ms a request",
        )
    ctx.fact(
        "after the run",
        f"{checked:,} acknowledged slots checked, {lost} lost; autosave non-200: "
        f"{save_errors or 'none'}; bare rows {bare_total:,} ({bare_distinct:,} distinct)",
    )
    failed = sum(lean_start.errors.values()) + lean_start.wrong
    return [
        *start_results(ctx, lean_start.latencies, failed, size, WINDOW_SECONDS, "first page"),
        Result(
            name="server CPU a start: the lean route's over Django's start (press to first page)",
            baseline="Django's start, same run",
            ratio=lean_start.cpu / max(django_start.cpu, 1e-9),
            p50_ms=percentile(lean_start.latencies, 0.5),
            p99_ms=percentile(lean_start.latencies, 0.99),
            baseline_p50_ms=percentile(django_start.latencies, 0.5),
            baseline_p99_ms=percentile(django_start.latencies, 0.99),
            iterations=size,
            note=(
                f"{lean_start.cpu / size * 1000:.1f} vs {django_start.cpu / size * 1000:.1f} "
                "ms a start"
            ),
        ),
        Result(
            name="autosaves a second at saturation: the bare insert's rate over autosave's",
            baseline="bare one-row insert, same cookies",
            ratio=rate[BARE] / max(rate[SAVE], 1e-9),
            p50_ms=percentile(saves.latencies, 0.5),
            p99_ms=percentile(saves.latencies, 0.99),
            baseline_p50_ms=percentile(bare.latencies, 0.5),
            baseline_p99_ms=percentile(bare.latencies, 0.99),
            iterations=saves.answers,
            note=f"autosave {rate[SAVE]:,.0f}/s vs {rate[BARE]:,.0f}/s",
        ),
        ctx.counted(
            "autosaves lost or refused, counted after the run",
            lost + sum(save_errors.values()),
            checked,
            baseline_name="acknowledged slots checked",
            target=0.0,
        ),
    ]
