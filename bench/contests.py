"""Contest ranking: one round with 1,000,000 submitted attempts (issue 12; ADR 0026).

The data: a contest of its own bench organization, 200 units, 400,000 registrations and a
round whose attempts (one to three a person, 20 questions, about 40 % of them perfect, as
in the Bloc contests of domain-rules §7) are loaded with COPY and kept between runs.

Two figures, each measured once (a ranking is a job, not a request):
- the whole job, `standings_write`: read the attempts from PostgreSQL, rank them with the
  pure ranking, replace the round's leaderboard table; target 60 s;
- the pure ranking alone (`contests.ranking.rank` over the same values in memory), against
  reading those values, to say where the time goes.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Iterator

from django.db import connection

from bench.database import (
    copy_columns,
    copy_lines,
    indexes_dropped,
    meta_get,
    meta_set,
    set_sequences,
)
from bench.harness import Context, Result
from partydesk.contests import ranking
from partydesk.contests.models import Attempt, Contest, Registration, Round, Unit
from partydesk.contests.services.setup import contest_create, round_create
from partydesk.contests.services.standings import round_entries, standings_write
from partydesk.core.http import SYSTEM
from partydesk.organizations.models import Organization, OrganizationKind
from partydesk.organizations.services import organization_create

TITLE = "contest ranking: a round of 1,000,000 attempts"
TARGET_SECONDS = 60.0
UNITS = 200
T0 = dt.datetime(2026, 11, 9, 7, tzinfo=dt.UTC)
CHUNK = 20_000


def _sizes(ctx: Context) -> tuple[int, int]:
    """(registrations, attempts) for the scale."""
    return (40_000, 100_000) if ctx.quick else (400_000, 1_000_000)


def _contest() -> tuple[Contest, Round]:
    org = Organization.objects.filter(code="bench-contests").first()
    if org is None:
        org = organization_create(
            acting=SYSTEM,
            name="Đảng bộ Khối (bench contests)",
            abbreviation="ĐUK",
            kind=OrganizationKind.UPPER_COMMITTEE,
            code="bench-contests",
            valid_from=dt.date(2020, 1, 1),
        )
    contest = Contest.objects.filter(organization=org).first()
    if contest is None:
        contest = contest_create(actor=SYSTEM, organization=org, title="Bench")
        Unit.objects.bulk_create(
            Unit(contest=contest, name=f"Đơn vị {n:03d}", eligible=2_500, sort_key=f"{n:03d}")
            for n in range(UNITS)
        )
        round_create(
            actor=SYSTEM,
            contest=contest,
            opens_at=T0,
            closes_at=T0 + dt.timedelta(days=7),
            category_ids=[0],
        )
    return contest, Round.objects.get(contest=contest, number=1)


def _next_id(model: type[Registration] | type[Attempt]) -> int:
    last = model.objects.order_by("-pk").values_list("pk", flat=True).first()
    return (last or 0) + 1


def _registration_lines(
    contest: Contest, units: list[int], first: int, people: int, suffix: str
) -> Iterator[str]:
    """Lines for COPY (nothing here may query: the connection is busy copying)."""
    chunk: list[str] = []
    for n in range(people):
        chunk.append(
            f"{first + n}\t{contest.pk}\t{units[n % len(units)]}\tNgười dự thi {n}\t{n:012d}"
            f"\t0912{n % 10**6:06d}\t1990-01-01\t{T0.isoformat()}{suffix}\n"
        )
        if len(chunk) == CHUNK:
            yield "".join(chunk)
            chunk = []
    yield "".join(chunk)


def _attempt_lines(
    round_: Round, people: list[int], first: int, total: int, suffix: str
) -> Iterator[str]:
    rng = random.Random(12)
    chunk: list[str] = []
    made = 0
    per: dict[int, int] = {}
    while made < total:
        person = people[made % len(people)] if made < len(people) else rng.choice(people)
        number = per.get(person, 0) + 1
        if number > 3:
            continue
        per[person] = number
        started = T0 + dt.timedelta(seconds=rng.randrange(7 * 86_400 - 1_800))
        submitted = started + dt.timedelta(seconds=rng.randrange(60, 1_800))
        score = 20 if rng.random() < 0.4 else rng.randrange(8, 20)
        guess = "\\N" if rng.random() < 0.05 else str(rng.randrange(300_000))
        chunk.append(
            f"{first + made}\t{round_.pk}\t{person}\t{number}\tf\t{started.isoformat()}"
            f"\t{(started + dt.timedelta(minutes=30)).isoformat()}\t{submitted.isoformat()}"
            f"\t{score}\t{guess}\t{(submitted - started).seconds}"
            f"\t{int(submitted.timestamp() * 1_000_000)}{suffix}\n"
        )
        made += 1
        if len(chunk) == CHUNK:
            yield "".join(chunk)
            chunk = []
    yield "".join(chunk)


def _ensure(ctx: Context) -> Round:
    people, attempts = _sizes(ctx)
    contest, round_ = _contest()
    fingerprint = {"people": people, "attempts": attempts, "round": round_.pk, "v": 2}
    if meta_get("contests") == fingerprint and not ctx.regenerate:
        return round_
    started = time.monotonic()
    Attempt.objects.filter(round__contest=contest).delete()
    Registration.objects.filter(contest=contest).delete()
    tables = [Registration._meta.db_table, Attempt._meta.db_table]
    with indexes_dropped(tables):
        columns, suffix = copy_columns(
            Registration,
            [
                "id",
                "contest_id",
                "unit_id",
                "full_name",
                "id_number",
                "phone",
                "born_on",
                "registered_at",
            ],
        )
        units = list(Unit.objects.filter(contest=contest).values_list("pk", flat=True))
        lines = _registration_lines(contest, units, _next_id(Registration), people, suffix)
        copy_lines(Registration, columns, lines, freeze=False)
        ids = list(
            Registration.objects.filter(contest=contest).order_by("pk").values_list("pk", flat=True)
        )
        columns, suffix = copy_columns(
            Attempt,
            [
                "id",
                "round_id",
                "registration_id",
                "number",
                "practice",
                "started_at",
                "deadline",
                "submitted_at",
                "score",
                "prediction",
                "seconds",
                "submitted_us",
            ],
        )
        lines = _attempt_lines(round_, ids, _next_id(Attempt), attempts, suffix)
        copy_lines(Attempt, columns, lines, freeze=False)
    set_sequences(tables)
    meta_set("contests", fingerprint)
    ctx.fact(
        "generated",
        f"{people:,} registrations, {attempts:,} attempts in {time.monotonic() - started:.0f} s",
    )
    return round_


def run(ctx: Context) -> list[Result]:
    round_ = _ensure(ctx)
    with connection.cursor() as cursor:
        # A week of attempts has met autovacuum; freshly copied rows have not (their first
        # reader would pay for setting every page's hint bits).
        for name in (Registration._meta.db_table, Attempt._meta.db_table):
            cursor.execute(f"VACUUM ANALYZE {name}")
    people, attempts = _sizes(ctx)
    ctx.fact(
        "data", f"one round, {attempts:,} submitted attempts of {people:,} people, {UNITS} units"
    )

    t0 = time.perf_counter()
    lines = standings_write(round_, final=False)
    whole = time.perf_counter() - t0

    t0 = time.perf_counter()
    entries = round_entries(round_)
    read = time.perf_counter() - t0
    t0 = time.perf_counter()
    real = ranking.real_count(entries, round_.question_count)
    table = ranking.rank(entries, real=real)
    ranking.award([([line.person for line in table], [ranking.Tier(1, 1, 36, 10)])])
    pure = time.perf_counter() - t0
    ctx.fact("leaderboard", f"{lines:,} lines; {real:,} people with every answer right")
    return [
        ctx.counted(
            f"rank a round of {attempts:,} attempts: read, rank, write the table (s)",
            round(whole, 2),
            TARGET_SECONDS,
            baseline_name="the 60 s target",
            target=1.0,
        ),
        ctx.counted(
            f"pure ranking of {attempts:,} attempts in memory (s)",
            round(pure, 2),
            round(read, 2),
            baseline_name="reading them from PostgreSQL",
        ),
    ]
