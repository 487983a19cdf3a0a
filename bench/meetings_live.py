"""A conference on the production server (issue 14, Scale; ADR 0024), through gunicorn as
`make serve` runs it (bench.contests_live's server and client):

- **Open vote:** 1,000 members cast an electronic open vote within 30 seconds (arrivals
  spread evenly, an open loop), while the hall screen polls the live result every second.
  Target: p99 of a cast ≤ 1 s, every cast stored, none refused.
- **Site reports:** the hosts of 20,000 connected sites report their attendance within one
  minute. Target: p99 ≤ 1 s, every site's count stored.
- **The chair's attendance page** of that conference, after the reports, against the same
  page of a meeting with 30 sites, one request at a time on the same server: the page is
  paged (50 sites) and its totals are aggregates, so it should not grow with the sites.

Each member and host is a user with a browser session that has passed the second factor
(sessions made in bulk). The latency is the POST: a cast's form answers with a redirect (the
page it leads to is not part of the press); a host's count goes to the lean route
(meetings/live.py) as the attendance page's script sends it, the form's token and the count,
answered in JSON. A run removes the earlier run's meeting.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
import math
import time
from collections import Counter
from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib.sessions.models import Session
from django.utils import timezone

from bench.contests_live import (
    CSRF,
    Server,
    cookie,
    production_server,
    request,
    server_cpu_seconds,
)
from bench.harness import Context, Result, percentile
from bench.load import browser_sessions, open_loop
from partydesk.accounts.models import User
from partydesk.core.http import SYSTEM
from partydesk.meetings.live import SITE_COUNT_PATH, site_count_token
from partydesk.meetings.models import (
    AgendaItem,
    Cast,
    Meeting,
    MeetingKind,
    Participant,
    Role,
    Site,
    Vote,
    VoteMethod,
)
from partydesk.organizations.models import Organization, OrganizationKind
from partydesk.organizations.services import organization_create

TITLE = "conference on gunicorn: an open vote from phones, and connected sites reporting"
P99_TARGET_MS = 1_000.0
PREFIX = "bench-meet-"


@dataclass(frozen=True)
class Conference:
    meeting: Meeting
    vote: Vote
    member_sessions: list[str]
    sites: list[tuple[int, str, str]]  # (site, its host's session, the token of its form)
    small_meeting: int  # the same chair, 30 sites: the attendance page's baseline


def _organization() -> Organization:
    org = Organization.objects.filter(code="bench-meetings-live").first()
    if org is None:
        org = organization_create(
            acting=SYSTEM,
            name="Đảng bộ Khối (bench live meetings)",
            abbreviation="ĐUK",
            kind=OrganizationKind.UPPER_COMMITTEE,
            code="bench-meetings-live",
            valid_from=dt.date(2020, 1, 1),
        )
    return org


def _users(count: int, tag: str) -> list[User]:
    """`count` users (made once, kept between runs) without a usable password."""
    have = User.objects.filter(username__startswith=f"{PREFIX}{tag}-").count()
    if have < count:
        User.objects.bulk_create(
            [
                User(username=f"{PREFIX}{tag}-{n:06d}", password="!bench")
                for n in range(have, count)
            ],
            batch_size=2000,
        )
    return list(User.objects.filter(username__startswith=f"{PREFIX}{tag}-").order_by("pk"))[:count]


def _sessions(users: list[User]) -> list[str]:
    """A browser session per user that has passed the password and the second factor."""
    return browser_sessions(users, verified=True)


def ensure(members: int, sites: int) -> Conference:
    """A fresh conference today with `members` invited members, one agenda item under an
    open electronic vote, and `sites` connected sites each with its own host."""
    org = _organization()
    Meeting.objects.filter(organization=org).delete()
    Session.objects.all().delete()  # the bench database holds only the bench's sessions
    kind = MeetingKind.objects.filter(organization=org).first() or MeetingKind.objects.create(
        organization=org, name="Hội nghị (bench)"
    )
    voters, hosts = _users(members, "member"), _users(sites, "host")
    now = timezone.now()
    meeting = Meeting.objects.create(
        organization=org,
        kind=kind,
        title="Hội nghị quán triệt nghị quyết (bench)",
        starts_at=now - dt.timedelta(minutes=30),
        ends_at=now + dt.timedelta(hours=3),
        chair=voters[0],
        secretary=voters[1],
    )
    Participant.objects.bulk_create(
        [Participant(meeting=meeting, user=user, role=Role.MEMBER) for user in voters],
        batch_size=2000,
    )
    rows = Site.objects.bulk_create(
        [Site(meeting=meeting, name=f"Điểm cầu {n:05d}", host=h) for n, h in enumerate(hosts)],
        batch_size=2000,
    )
    item = AgendaItem.objects.create(meeting=meeting, position=1, title="Biểu quyết nghị quyết")
    vote = Vote.objects.create(item=item, question="Thông qua nghị quyết?",
                               method=VoteMethod.ELECTRONIC)  # fmt: skip
    # What the attendance page gives each host's browser: its session and the form's token.
    sites_with_hosts = [
        (site.pk, session, site_count_token(site.pk, host.pk, session))
        for site, host, session in zip(rows, hosts, _sessions(hosts), strict=True)
    ]
    small = Meeting.objects.create(
        organization=org, kind=kind, title="Hội nghị nhỏ (bench)", starts_at=meeting.starts_at,
        ends_at=meeting.ends_at, chair=voters[0], secretary=voters[1],
    )  # fmt: skip
    Participant.objects.bulk_create(
        [Participant(meeting=small, user=user, role=Role.MEMBER) for user in voters]
    )
    Site.objects.bulk_create(
        [Site(meeting=small, name=f"Điểm cầu {n:05d}", host=h, reported_count=10)
         for n, h in enumerate(hosts[:30])]
    )  # fmt: skip
    return Conference(meeting, vote, _sessions(voters), sites_with_hosts, small.pk)


def _headers(session: str) -> dict[str, str]:
    return {
        "Cookie": cookie(session),
        "X-CSRFToken": CSRF,
        "Content-Type": "application/x-www-form-urlencoded",
        "Accept-Language": "vi",
    }


async def _vote_with_hall_screen(
    port: int, conf: Conference, window: float
) -> tuple[list[float], Counter[int], list[float]]:
    meeting, vote = conf.meeting.pk, conf.vote.pk
    cast_path = f"/meetings/{meeting}/votes/{vote}/cast/"
    result_path = f"/meetings/{meeting}/votes/{vote}/"
    screen: list[float] = []
    done = asyncio.Event()

    async def hall() -> None:
        headers = {"Cookie": cookie(conf.member_sessions[0]), "HX-Request": "true"}
        while not done.is_set():
            try:
                _status, ms, _body = await request(port, "GET", result_path, b"", headers, 60)
            except (OSError, TimeoutError):
                ms = 60_000.0
            screen.append(ms)
            await asyncio.sleep(1.0)

    async def press(n: int) -> tuple[int, float]:
        choice = ("for", "for", "against", "abstain")[n % 4]
        body = f"choice={choice}".encode()
        status, ms, _loc = await request(
            port, "POST", cast_path, body, _headers(conf.member_sessions[n]), 60
        )
        return status, ms

    poller = asyncio.ensure_future(hall())
    latencies, statuses = await open_loop(len(conf.member_sessions), window, press)
    done.set()
    await poller
    return latencies, statuses, screen


async def _site_reports(
    port: int, conf: Conference, window: float
) -> tuple[list[float], Counter[int]]:
    return await open_loop(len(conf.sites), window, lambda n: _report(port, conf, n, lean=True))


async def _report(port: int, conf: Conference, n: int, *, lean: bool) -> tuple[int, float]:
    """The n-th site's count: what the page's script posts to the lean route (the form's
    token and the count, asking for JSON), or the page's form through Django (`site_report`,
    what the chair's corrections still use, and what every report went through before)."""
    site, session, token = conf.sites[n]
    if lean:
        path, fields = SITE_COUNT_PATH, {"token": token, "count": 10 + n % 50}
        headers = {**_headers(session), "Accept": "application/json"}
    else:
        path, fields = f"/meetings/{conf.meeting.pk}/sites/{site}/report/", {"count": 10 + n % 50}
        headers = _headers(session)
    status, ms, _body = await request(port, "POST", path, urlencode(fields).encode(), headers, 60)
    return status, ms


def _cost_apart(server: Server, conf: Conference, count: int) -> tuple[float, float]:
    """Server CPU of one report, lean and through Django, in this run and on this machine's
    load: `count` reports each way at a pace neither falls behind (20 a second)."""
    costs = []
    for lean in (True, False):
        before = server_cpu_seconds(server)
        press = functools.partial(_report, server.port, conf, lean=lean)
        _ms, statuses = asyncio.run(open_loop(count, count / 20, press))
        answered = statuses[200] + statuses[302]
        costs.append((server_cpu_seconds(server) - before) / max(answered, 1) * 1000)
    return costs[0], costs[1]


def _attendance_page(server: Server, conf: Conference, meeting: int) -> None:
    """The chair opens the meeting's attendance page (one request, checked)."""
    path, headers = f"/meetings/{meeting}/attendance/", _headers(conf.member_sessions[0])
    status, _ms, _body = asyncio.run(request(server.port, "GET", path, b"", headers, 60))
    if status != 200:
        raise RuntimeError(f"the attendance page answered {status}")


def _summary(latencies: list[float], statuses: Counter[int]) -> str:
    return (
        f"p50 {percentile(latencies, 0.5):.0f} ms, p99 {percentile(latencies, 0.99):.0f} ms, "
        f"max {max(latencies):.0f} ms; statuses {dict(statuses)}"
    )


def run(ctx: Context) -> list[Result]:
    if time.monotonic() > ctx.deadline:
        ctx.log("  skipped, the run is past its time limit")
        return [Result(TITLE, "–", math.inf, 1.0, note="skipped: time limit")]
    members, vote_window = (200, 6.0) if ctx.quick else (1_000, 30.0)
    sites, site_window = (1_000, 3.0) if ctx.quick else (20_000, 60.0)
    started = time.monotonic()
    conf = ensure(members, sites)
    ctx.fact(
        "data",
        f"{members:,} members with phone sessions, {sites:,} connected sites each with its "
        f"host, made in {time.monotonic() - started:.1f} s",
    )
    # As `make serve` runs it: audit seals are queued for the worker, not run in the request.
    with production_server(PARTYDESK_TASKS_BACKEND="django_tasks_db.DatabaseBackend") as server:
        cpu = server_cpu_seconds(server)
        votes, vote_statuses, screen = asyncio.run(
            _vote_with_hall_screen(server.port, conf, vote_window)
        )
        vote_cpu = server_cpu_seconds(server) - cpu
        reports, report_statuses = asyncio.run(_site_reports(server.port, conf, site_window))
        report_cpu = server_cpu_seconds(server) - cpu - vote_cpu
        stored_reports = Site.objects.filter(
            meeting=conf.meeting, reported_count__isnull=False
        ).count()
        lean_ms, django_ms = _cost_apart(server, conf, min(sites, 200))
        page = ctx.compare(
            f"the chair's attendance page, {sites:,} sites reported",
            functools.partial(_attendance_page, server, conf, conf.meeting.pk),
            functools.partial(_attendance_page, server, conf, conf.small_meeting),
            baseline_name="the same page, a meeting of 30 sites",
            target=2.0,
        )
    stored_casts = Cast.objects.filter(vote=conf.vote).count()
    ctx.fact(
        "open vote",
        f"{members:,} casts in {vote_window:g} s: {_summary(votes, vote_statuses)}; "
        f"{stored_casts:,} stored; hall screen p99 {percentile(screen, 0.99):.0f} ms "
        f"over {len(screen)} polls",
    )
    ctx.fact(
        "server CPU",
        f"{vote_cpu / members * 1000:.0f} ms a cast (with the hall screen's polls), "
        f"{report_cpu / max(stored_reports, 1) * 1000:.1f} ms a site's report stored (gunicorn "
        "workers and their PostgreSQL backends): what two cores of their own could serve, "
        "whatever the load",
    )
    ctx.fact(
        "a report, lean and through Django",
        f"{lean_ms:.1f} ms and {django_ms:.1f} ms of server CPU, {min(sites, 200)} reports "
        "each way at 20 a second after the spike, same server and load",
    )
    ctx.fact("site reports", f"{sites:,} reports in {site_window:g} s: "
             f"{_summary(reports, report_statuses)}; {stored_reports:,} stored")  # fmt: skip
    failed_casts = members - stored_casts + sum(v for k, v in vote_statuses.items() if k != 302)
    failed_reports = sites - stored_reports + sum(v for k, v in report_statuses.items() if k != 200)
    return [
        ctx.counted(
            f"p99 of a cast, {members:,} members in {vote_window:g} s (ms)",
            round(percentile(votes, 0.99)),
            P99_TARGET_MS,
            baseline_name="the 1 s target",
            target=1.0,
        ),
        ctx.counted(
            "casts lost or refused", failed_casts, members, baseline_name="members", target=0.0
        ),
        ctx.counted(
            f"p99 of a site's report, {sites:,} sites in {site_window:g} s (ms)",
            round(percentile(reports, 0.99)),
            P99_TARGET_MS,
            baseline_name="the 1 s target",
            target=1.0,
        ),
        ctx.counted(
            "server CPU of a site's report, lean (ms)",
            round(lean_ms, 1),
            round(django_ms, 1),
            baseline_name="through Django, same run",
        ),
        ctx.counted(
            "site reports lost or refused",
            failed_reports,
            sites,
            baseline_name="sites",
            target=0.0,
        ),
        page,
    ]
