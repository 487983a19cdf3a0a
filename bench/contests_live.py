"""What the two live contest suites share (issue 12, Scale; ADR 0026): an open round of
20 questions drawn from a 40-question bank, registrations made in bulk, the production
server (gunicorn, as `make serve` runs it) started on the bench database, and a small
asyncio HTTP client that can keep thousands of requests in flight from one process.

The server runs `config.wsgi` (the lean answer endpoint beside Django, as in production)
with `bench.server_settings`, which only adds the bench's baseline endpoint to the URLs;
the cache is the production default (the database), sessions are the database's.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import random
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.db import connection
from django.utils import timezone

from partydesk.contests.models import Attempt, Contest, Registration, Round, Unit
from partydesk.contests.services.setup import contest_create, round_create
from partydesk.contests.views.public import SESSION_KEY
from partydesk.core.http import SYSTEM
from partydesk.learning.formats import FULL, SINGLE, Answer, Item
from partydesk.learning.services.bank import category_create, question_create
from partydesk.learning.services.draw import option_order, pool_build, pool_draw
from partydesk.organizations.models import Organization, OrganizationKind
from partydesk.organizations.services import organization_create

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = 40
WORKERS = 4  # `make serve`'s default (PARTYDESK_WORKERS)
CSRF = "b" * 32  # the bench's CSRF secret: cookie and header (an unmasked token is accepted)


@dataclass(frozen=True)
class Live:
    contest: Contest
    round: Round
    registrations: list[int]


def _organization() -> Organization:
    org = Organization.objects.filter(code="bench-contests-live").first()
    if org is None:
        org = organization_create(
            acting=SYSTEM,
            name="Đảng bộ Khối (bench live contests)",
            abbreviation="ĐUK",
            kind=OrganizationKind.UPPER_COMMITTEE,
            code="bench-contests-live",
            valid_from=dt.date(2020, 1, 1),
        )
    return org


def _category(org: Organization) -> int:
    """The bench's bank category with its 40 questions (made once, completed if short)."""
    from partydesk.learning.models import Category, Question

    category = Category.objects.filter(organization=org, name="Bench").first()
    if category is None:
        category = category_create(actor=SYSTEM, organization=org, name="Bench")
    for n in range(Question.objects.filter(category=category).count(), QUESTIONS):
        options = tuple(  # the right one first; shown shuffled
            Answer(f"Phương án {k}", FULL if k == 0 else Decimal(0)) for k in range(4)
        )
        question_create(actor=SYSTEM, category=category, item=Item(SINGLE, f"Câu {n}?", options))
    return category.pk


def ensure(registrations: int) -> Live:
    """The contest, its registrations (kept between runs) and a fresh open round: earlier
    rounds, their attempts and answers are removed, so every run starts from none."""
    org = _organization()
    category = _category(org)
    contest = Contest.objects.filter(organization=org).first()
    if contest is None:
        contest = contest_create(actor=SYSTEM, organization=org, title="Bench", published=True)
    Attempt.objects.filter(round__contest=contest).delete()
    Round.objects.filter(contest=contest).delete()
    now = timezone.now()
    round_ = round_create(
        actor=SYSTEM,
        contest=contest,
        opens_at=now - dt.timedelta(minutes=5),
        closes_at=now + dt.timedelta(days=1),
        category_ids=[category],
        question_count=20,
        time_limit_minutes=30,
        attempts_allowed=3,
    )
    have = Registration.objects.filter(contest=contest).count()
    if have < registrations:
        unit = Unit.objects.filter(contest=contest).values_list("pk", flat=True).first()
        assert unit is not None, "a contest starts with its units"
        Registration.objects.bulk_create(
            Registration(
                contest=contest,
                unit_id=unit,
                full_name=f"Người dự thi {n}",
                id_number=f"{900_000_000_000 + n:012d}",
                phone="0912345678",
                born_on=dt.date(1990, 1, 1),
            )
            for n in range(have, registrations)
        )
    ids = list(
        Registration.objects.filter(contest=contest).order_by("pk").values_list("pk", flat=True)
    )
    return Live(contest, round_, ids[:registrations])


def attempts_bulk(live: Live, registrations: list[int]) -> list[Attempt]:
    """An attempt in progress for each registration, drawn as `attempt_start` draws (the
    round's pool built once), created in one statement."""
    from partydesk.learning.models import Category

    pool = pool_build([Category.objects.get(pk=live.round.category_ids[0])])
    now = timezone.now()
    rows = []
    for pk in registrations:
        seed = f"{live.round.pk}:{pk}:0:1"
        rng = random.Random(seed)
        items = pool_draw(pool, count=live.round.question_count, seed=seed)
        draw = [[item.version_id, option_order(item, rng, shuffle=True)] for item in items]
        rows.append(
            Attempt(
                round=live.round,
                registration_id=pk,
                number=1,
                started_at=now,
                deadline=now + dt.timedelta(minutes=30),
                draw=draw,
            )
        )
    return Attempt.objects.bulk_create(rows, batch_size=1000)


def sessions_bulk(live: Live) -> list[str]:
    """A browser session per registration holding it, as the take page leaves it."""
    expire = timezone.now() + dt.timedelta(hours=8)
    store = SessionStore()
    rows = []
    for pk in live.registrations:
        data = store.encode({SESSION_KEY: {str(live.contest.pk): pk}})
        rows.append(
            Session(session_key=secrets.token_hex(16), session_data=data, expire_date=expire)
        )
    Session.objects.all().delete()  # the bench database holds only the bench's sessions
    Session.objects.bulk_create(rows, batch_size=2000)
    return [row.session_key for row in rows]


def cookie(session_key: str | None) -> str:
    parts = [f"{settings.CSRF_COOKIE_NAME}={CSRF}"]
    if session_key:
        parts.append(f"{settings.SESSION_COOKIE_NAME}={session_key}")
    return "; ".join(parts)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass(frozen=True)
class Server:
    port: int
    pid: int


def _stat(pid: int) -> list[str]:
    """The fields of /proc/<pid>/stat after the command's name (state is [0], ppid [1])."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
            return fh.read().rsplit(")", 1)[1].split()
    except OSError:
        return []


def _ticks(pid: int, *, reaped: bool = False) -> int:
    """utime + stime of a process, and with `reaped` the CPU of its children that have
    exited and been waited for (cutime + cstime)."""
    fields = _stat(pid)
    if not fields:
        return 0
    own = int(fields[11]) + int(fields[12])
    return own + (int(fields[13]) + int(fields[14]) if reaped else 0)


def _family_ticks(parent: int, *, leave_out: int = 0) -> int:
    """The CPU of a parent's children, live and exited: each live child's own, plus what the
    parent holds of those it has reaped. A worker or a database backend that ends during a
    run (CONN_MAX_AGE closes connections older than a minute) keeps its CPU in the count
    instead of taking it out of the difference."""
    live = 0
    for entry in os.listdir("/proc"):
        if entry.isdigit() and int(entry) != leave_out:
            fields = _stat(int(entry))
            if fields and int(fields[1]) == parent:
                live += _ticks(int(entry))
    fields = _stat(parent)
    reaped = int(fields[13]) + int(fields[14]) if fields else 0
    return live + reaped


def server_cpu_seconds(server: Server) -> float:
    """CPU time used so far by the server's side: the gunicorn workers and the PostgreSQL
    server's processes other than this process's own backend, those that have ended
    included (Linux /proc). The PostgreSQL side is the whole server's, so run benches on a
    machine where nothing else uses it."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        own = int(cursor.fetchone()[0])
    postmaster = int(_stat(own)[1]) if _stat(own) else 0
    ticks = _family_ticks(server.pid)
    if postmaster:
        ticks += _family_ticks(postmaster, leave_out=own)
    return ticks / os.sysconf("SC_CLK_TCK")


@contextmanager
def production_server(**env: str) -> Iterator[Server]:
    """gunicorn config.wsgi on a free port, against the bench database."""
    from django.core.management.commands.createcachetable import Command as CacheTable

    # The production cache is the database's table (migrated only where it is configured).
    cache_table = CacheTable()
    cache_table.verbosity = 0
    cache_table.create_table("default", "partydesk_cache", dry_run=False)
    port = _free_port()
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.server_settings",
        "PARTYDESK_CACHE": "database",
        "PARTYDESK_DB_CONN_MAX_AGE": "60",  # as docs/operations.md configures production
        "PYTHONPATH": str(ROOT),
        **env,
    }
    gunicorn = Path(sys.executable).with_name("gunicorn")
    process = subprocess.Popen(
        [
            str(gunicorn),
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(WORKERS),
            "--backlog",
            "8192",
            "--timeout",
            "120",
            "--log-level",
            "warning",
            # Workers forked from the loaded application: all ready at once, however loaded
            # the machine is (requests are handled exactly as without it).
            "--preload",
        ],
        cwd=ROOT,
        env=environment,
    )
    try:
        deadline = time.monotonic() + 240
        while True:
            try:
                status, _ms, _body = asyncio.run(request(port, "GET", "/healthz"))
                if status == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError("the production server did not start")
            time.sleep(0.2)
        yield Server(port, process.pid)
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


async def request(
    port: int,
    method: str,
    path: str,
    body: bytes = b"",
    headers: dict[str, str] | None = None,
    timeout: float = 60.0,
) -> tuple[int, float, bytes]:
    """One HTTP/1.1 request on its own connection: (status, milliseconds, body), the body
    being the Location of a redirect."""
    started = time.perf_counter()
    head = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1", "Connection: close"]
    head += [f"{k}: {v}" for k, v in (headers or {}).items()]
    head.append(f"Content-Length: {len(body)}")
    reader, writer = await asyncio.wait_for(asyncio.open_connection("127.0.0.1", port), timeout)
    try:
        writer.write(("\r\n".join(head) + "\r\n\r\n").encode() + body)
        raw = await asyncio.wait_for(reader.read(-1), timeout)
    finally:
        writer.close()
    status = int(raw[9:12]) if raw.startswith(b"HTTP/") else 0
    top, _sep, payload = raw.partition(b"\r\n\r\n")
    if 300 <= status < 400:  # the redirect's target, for the caller to follow
        for line in top.split(b"\r\n")[1:]:
            name, _colon, value = line.partition(b":")
            if name.strip().lower() == b"location":
                payload = value.strip()
    return status, (time.perf_counter() - started) * 1000, payload
