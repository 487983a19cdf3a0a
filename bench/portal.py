"""Anonymous portal pages a second on the production server (issue 13; ADR 0022, "Page cache").

The production server (gunicorn, `config.wsgi`, 4 sync workers; bench.contests_live) runs
twice side by side, once with the database cache and once with Redis
(`PARTYDESK_CACHE=redis`, a key prefix of the run's own, deleted afterwards; the Redis
variant is left out, and says so, when no server answers at PARTYDESK_BENCH_REDIS_URL).
Each serves, in alternating slices of a few seconds each so that the shared machine's noise
hits all alike, to an anonymous phone browser (its user agent, `Accept-Language: vi`, no
cookie):

- the baseline, `GET /bench/bare-json` (bench/urls.py): an ordinary Django view answering a
  small JSON object, through the same middleware, no query;
- the home page and an article, served from the page cache (the figures held against the
  target: at least 0.8 of the baseline's rate); the article's hit still counts the read, one
  upsert, as every read does;
- the same article rendered afresh (`?fresh=<n>`: a query the cache never keeps), reported
  (on the database server only: a rendered page touches no cache).
Each cached figure is held against the bare endpoint of its own server; the Redis server's
own CPU is not in the "server CPU" figures (gunicorn and PostgreSQL only).

A closed loop of 8 connections keeps the server saturated, a new connection a request as
the other server benches do. The queries of a fresh article are counted in this process for
a short article and a long one (more blocks, tags and published feedback): the same count.
"""

from __future__ import annotations

import asyncio
import math
import os
import time
from collections import Counter
from contextlib import ExitStack
from dataclasses import dataclass, field

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page
from wagtail.rich_text import RichText

from bench.contests_live import production_server, request, server_cpu_seconds
from bench.harness import Context, Result, percentile
from bench.urls import BARE_JSON
from partydesk.organizations.models import Organization
from partydesk.portal.models import FeedbackStatus, NewsPage, ReaderFeedback, SectionPage
from partydesk.portal.services.site import portal_site_ensure

TITLE = "portal: anonymous pages from the cache against a bare JSON endpoint, on gunicorn"
CONCURRENCY = 8
TARGET = 0.8  # a cached page's rate over the bare endpoint's
NEWS = 20
REDIS_URL = os.environ.get("PARTYDESK_BENCH_REDIS_URL", "redis://127.0.0.1:6379/0")
HEADERS = {
    "User-Agent": "Mozilla/5.0 (Linux; Android 14; Mobile) AppleWebKit/537.36 Chrome/126 Mobile",
    "Accept-Language": "vi",
}
PARAGRAPH = (
    "<p>Ban Thường vụ Đảng ủy Khối quán triệt, triển khai thực hiện Nghị quyết Đại hội, "
    "chỉ đạo các chi bộ, đảng bộ cơ sở xây dựng chương trình hành động, kế hoạch cụ thể, "
    "gắn với nhiệm vụ chính trị của cơ quan, đơn vị.</p>"
)


@dataclass
class Slice:
    seconds: float = 0.0
    cpu: float = 0.0
    latencies: list[float] = field(default_factory=list)
    statuses: Counter[int] = field(default_factory=Counter)

    @property
    def done(self) -> int:
        return self.statuses[200]


def _article(section: Page, slug: str, n: int, *, blocks: int, tags: int) -> NewsPage:
    page = NewsPage.objects.filter(slug=slug).first()
    if page is not None:
        return page
    page = section.add_child(
        instance=NewsPage(
            title=f"Hội nghị quán triệt Nghị quyết, bài {n}",
            slug=slug,
            lead="Sáng nay, Đảng ủy Khối tổ chức hội nghị trực tuyến đến các chi bộ.",
            author="Ban Tuyên giáo",
            category="Tin hoạt động",
            body=[("text", RichText(PARAGRAPH * 3)) for _ in range(blocks)],
        )
    )
    page.tags.add(*[f"chủ đề {k}" for k in range(tags)])
    page.save_revision().publish()
    return page


def _portal() -> tuple[Page, NewsPage, NewsPage]:
    """The home page, a section of NEWS articles, a short and a long one (kept between runs)."""
    home = portal_site_ensure()
    section = SectionPage.objects.filter(slug="bench-tin-tuc").first()
    if section is None:
        section = home.add_child(
            instance=SectionPage(title="Tin tức (bench)", slug="bench-tin-tuc")
        )
    short = _article(section, "bench-short", 0, blocks=2, tags=1)
    for n in range(1, NEWS - 1):
        _article(section, f"bench-news-{n}", n, blocks=2, tags=2)
    long = _article(section, "bench-long", NEWS, blocks=8, tags=6)
    organization = Organization.objects.order_by("pk").first()
    if organization is not None and not ReaderFeedback.objects.filter(page=long).exists():
        ReaderFeedback.objects.bulk_create(
            ReaderFeedback(
                page=long,
                organization=organization,
                name=f"Bạn đọc {k}",
                message="Bài viết rất bổ ích, đề nghị đăng thêm tài liệu.",
                status=FeedbackStatus.APPROVED,
                answer="Ban biên tập cảm ơn bạn đọc." if k % 2 else "",
            )
            for k in range(5)
        )
    return home, short, long


def _queries(url: str) -> int:
    client = Client(HTTP_HOST="127.0.0.1", headers=HEADERS)
    client.get(url)  # renditions made, the site found: as on a warm server
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    return len(queries)


async def _slice(port: int, path: str, seconds: float, out: Slice) -> None:
    end = time.perf_counter() + seconds
    fresh = [out.done + len(out.latencies)]

    async def worker() -> None:
        while time.perf_counter() < end:
            target = path
            if "fresh=" in path:  # a new query every time: never from the cache
                fresh[0] += 1
                target = f"{path}{fresh[0]}"
            try:
                status, ms, _body = await request(port, "GET", target, b"", HEADERS)
            except (OSError, TimeoutError):
                status, ms = 0, 0.0
            out.statuses[status] += 1
            if status == 200:
                out.latencies.append(ms)

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(CONCURRENCY)))
    out.seconds += time.perf_counter() - started


def _redis_server_env() -> dict[str, str] | None:
    """The Redis variant's settings (a key prefix of this run's own), or None without a
    server."""
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError:
        return None
    return {
        "PARTYDESK_CACHE": "redis",
        "REDIS_URL": REDIS_URL,
        "PARTYDESK_CACHE_KEY_PREFIX": f"partydesk-bench-{os.getpid()}",
    }


def _redis_forget(env: dict[str, str]) -> None:
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    keys = list(client.scan_iter(match=f"{env['PARTYDESK_CACHE_KEY_PREFIX']}:*"))
    if keys:
        client.delete(*keys)
    client.close()


def run(ctx: Context) -> list[Result]:
    if time.monotonic() > ctx.deadline:
        ctx.log("  skipped, the run is past its time limit")
        return [Result(TITLE, "–", math.inf, 1 / TARGET, note="skipped: time limit")]
    started = time.monotonic()
    home, short, long = _portal()
    fresh_short, fresh_long = _queries(f"{short.url}?q=1"), _queries(f"{long.url}?q=1")
    ctx.fact(
        "data",
        f"a section of {NEWS} articles (rich text, tags), the long one with 5 published "
        f"feedback, made or found in {time.monotonic() - started:.1f} s; "
        f"{CONCURRENCY} connections in a closed loop",
    )
    paths = {
        "bare": (BARE_JSON, "bare JSON endpoint"),
        "home": (home.url, "home page, from the cache"),
        "article": (long.url, "article, from the cache (its read counted)"),
        "fresh": (f"{long.url}?fresh=", "article, rendered afresh"),
    }
    redis_env = _redis_server_env()
    if redis_env is None:
        ctx.fact("Redis", f"no server at {REDIS_URL}: the Redis variant was not measured")
    # The same server twice, side by side, only the cache differs; a rendered article touches
    # no cache, so it is measured once.
    backends: dict[str, dict[str, str]] = {"database": {}}
    if redis_env is not None:
        backends["redis"] = redis_env
    arms = [
        (backend, key)
        for backend in backends
        for key in paths
        if backend == "database" or key != "fresh"
    ]
    slices = {arm: Slice() for arm in arms}
    rounds, seconds = (2, 2.0) if ctx.quick else (3, 5.0)
    with ExitStack() as stack:
        servers = {
            backend: stack.enter_context(production_server(**env))
            for backend, env in backends.items()
        }
        for backend, key in arms:  # warm every worker (and the cache)
            asyncio.run(_slice(servers[backend].port, paths[key][0], 0.5, Slice()))
        for n in range(rounds):
            for backend, key in arms if n % 2 == 0 else arms[::-1]:
                server = servers[backend]
                cpu = server_cpu_seconds(server)
                asyncio.run(_slice(server.port, paths[key][0], seconds, slices[backend, key]))
                slices[backend, key].cpu += server_cpu_seconds(server) - cpu
    if redis_env is not None:
        _redis_forget(redis_env)
    rate = {arm: s.done / max(s.seconds, 1e-9) for arm, s in slices.items()}
    for (backend, key), s in slices.items():
        errors = {k: v for k, v in s.statuses.items() if k != 200}
        ctx.fact(
            f"{backend} cache: {paths[key][1]}",
            f"{s.done:,} in {s.seconds:.1f} s = {rate[backend, key]:,.0f}/s, "
            f"p50 {percentile(s.latencies or [0.0], 0.5):.1f} ms, "
            f"p99 {percentile(s.latencies or [0.0], 0.99):.1f} ms, "
            f"server CPU {s.cpu / max(s.done, 1) * 1000:.2f} ms a request"
            f"{f', non-200: {errors}' if errors else ''}",
        )

    def against_bare(backend: str, key: str, name: str, target: float | None) -> Result:
        s, bare = slices[backend, key], slices[backend, "bare"]
        mine, base = rate[backend, key], rate[backend, "bare"]
        return Result(
            name=f"{backend} cache: {name}",
            baseline="bare JSON endpoint, same server",
            ratio=base / max(mine, 1e-9),
            target=target,
            p50_ms=percentile(s.latencies or [math.inf], 0.5),
            p99_ms=percentile(s.latencies or [math.inf], 0.99),
            baseline_p50_ms=percentile(bare.latencies or [math.inf], 0.5),
            baseline_p99_ms=percentile(bare.latencies or [math.inf], 0.99),
            iterations=s.done,
            note=f"{mine:,.0f}/s vs {base:,.0f}/s: {mine / max(base, 1e-9):.2f}×"
            + ("" if target is None else f" (target ≥ {TARGET}×)"),
        )

    cached = [
        against_bare(backend, key, f"{what} a second from the cache: bare rate over it", 1 / TARGET)
        for backend in backends
        for key, what in (("home", "home page"), ("article", "article"))
    ]
    return [
        *cached,
        against_bare(
            "database", "fresh", "article rendered afresh (no cache): bare rate over it", None
        ),
        ctx.counted(
            "queries of an article rendered afresh: long (8 blocks, 6 tags, 5 feedback)",
            fresh_long,
            fresh_short,
            baseline_name="short article (2 blocks, 1 tag)",
            target=1.0,
        ),
        ctx.counted(
            "non-200 answers in the measured slices",
            sum(v for s in slices.values() for k, v in s.statuses.items() if k != 200),
            sum(s.done for s in slices.values()),
            baseline_name="200 answers",
            target=0.0,
        ),
    ]
