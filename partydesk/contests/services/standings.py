"""The leaderboard table: the pure ranking (contests.ranking) run over a round's submitted
attempts and written to Standing, refreshed on a schedule while the round is open and for
good when it closes (the real count fixed, prizes given). Pages only read Standing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from django.db import connection, transaction
from django.db.models import Count, Q
from django.utils import timezone

from partydesk.contests import ranking
from partydesk.contests.models import Attempt, Contest, PrizeTier, Registration, Round, Standing
from partydesk.contests.services.certificates import certificates_issue
from partydesk.core.audit import audit_log

BATCH = 5000


def round_entries(round_: Round) -> list[ranking.Entry]:
    """The round's submitted, ranked attempts of people not disqualified, as plain values."""
    rows = (
        Attempt.objects.filter(
            round=round_,
            practice=False,
            submitted_us__isnull=False,
            registration__disqualified_reason="",
        )
        .values_list(
            "registration_id",
            "registration__unit_id",
            "score",
            "seconds",
            "submitted_us",
            "prediction",
        )
        .iterator(chunk_size=BATCH)
    )
    entry = ranking.Entry
    # seconds and submitted_us are written together, so neither is null here
    return [entry(*row) for row in rows]  # type: ignore[arg-type]


STANDING_COLUMNS = (
    "contest_id",
    "round_id",
    "registration_id",
    "position",
    "score",
    "seconds",
    "prediction",
)


def _standings_write(contest: Contest, round_: Round | None, lines: Sequence[ranking.Line]) -> None:
    """Write leaderboard lines: COPY on PostgreSQL (a national round's 400,000 lines in
    seconds, where building as many model instances takes a minute), bulk insert elsewhere."""
    round_id = round_.pk if round_ is not None else None
    rows = (
        (contest.pk, round_id, x.person, x.position, x.score, x.seconds, x.prediction)
        for x in lines
    )
    if connection.vendor != "postgresql":
        Standing.objects.bulk_create(
            (Standing(**dict(zip(STANDING_COLUMNS, row, strict=True))) for row in rows),
            batch_size=BATCH,
        )
        return
    statement = f"COPY {Standing._meta.db_table} ({', '.join(STANDING_COLUMNS)}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row(row)


def _tiers(rows: Iterable[PrizeTier]) -> list[ranking.Tier]:
    return [ranking.Tier(id=t.pk, rank=t.rank, count=t.count, points=t.points) for t in rows]


@transaction.atomic
def standings_write(round_: Round, *, final: bool, now: dt.datetime | None = None) -> int:
    """Rank the round and replace its leaderboard; when `final`, fix the real count, mark
    the round ranked and give the prizes again over every closed round. Lines written."""
    now = now or timezone.now()
    locked = Round.objects.select_for_update().get(pk=round_.pk)  # one ranking at a time
    if locked.ranked_at is not None:
        return 0
    entries = round_entries(round_)
    real = ranking.real_count(entries, round_.question_count)
    lines = ranking.rank(entries, real=real)
    Standing.objects.filter(round=round_).delete()
    _standings_write(round_.contest, round_, lines)
    if final:
        round_.correct_count, round_.ranked_at = real, now
        round_.save(update_fields=["correct_count", "ranked_at"])
        prizes_award(round_.contest)
        if not Round.objects.filter(contest=round_.contest, ranked_at__isnull=True).exists():
            certificates_issue(round_.contest)  # the prizes are final: their certificates
        audit_log(
            actor=None,
            action="contests.round.ranked",
            target=round_,
            organization_id=round_.contest.organization_id,
            details={"people": len(lines), "correct_count": real},
        )
    return len(lines)


def contest_lines(contest: Contest) -> list[ranking.Line]:
    """The whole contest's table over its ranked rounds: each attempt's prediction is taken
    as its distance from its own round's real count (ranked against 0), so one chain ranks
    attempts of rounds with different counts."""
    entries: list[ranking.Entry] = []
    for round_ in Round.objects.filter(contest=contest, ranked_at__isnull=False):
        real = round_.correct_count or 0
        entries.extend(
            ranking.Entry(
                person=e.person,
                unit=e.unit,
                score=e.score,
                seconds=e.seconds,
                submitted_us=e.submitted_us,
                prediction=None if e.prediction is None else abs(e.prediction - real),
            )
            for e in round_entries(round_)
        )
    return ranking.rank(entries, real=0)


def prizes_award(contest: Contest) -> dict[int, ranking.Tier]:
    """Prizes over the contest's table (once every round is ranked) and each ranked round's,
    one per person, the highest; written on the leaderboard lines."""
    rounds = list(Round.objects.filter(contest=contest).order_by("number"))
    ranked = [r for r in rounds if r.ranked_at is not None]
    tiers = list(PrizeTier.objects.filter(contest=contest))
    tables: list[tuple[list[int], list[ranking.Tier]]] = []
    all_ranked = bool(rounds) and len(ranked) == len(rounds)
    if all_ranked:
        lines = contest_lines(contest)
        Standing.objects.filter(contest=contest, round=None).delete()
        _standings_write(contest, None, lines)
        own = _tiers(t for t in tiers if t.round_id is None)
        tables.append(([line.person for line in lines], own))
    for round_ in ranked:
        people = list(
            Standing.objects.filter(round=round_)
            .order_by("position")
            .values_list("registration_id", flat=True)
        )
        tables.append((people, _tiers(t for t in tiers if t.round_id == round_.pk)))
    won = ranking.award(tables)
    Standing.objects.filter(contest=contest).update(prize=None)
    by_tier: dict[int, list[int]] = {}
    for person, tier in won.items():
        by_tier.setdefault(tier.id, []).append(person)
    round_of = {t.pk: t.round_id for t in tiers}
    for tier_id, people in by_tier.items():
        held = Standing.objects.filter(contest=contest, registration_id__in=people)
        round_id = round_of[tier_id]
        held = (
            held.filter(round__isnull=True) if round_id is None else held.filter(round_id=round_id)
        )
        held.update(prize_id=tier_id)
    return won


def unit_scores(contest: Contest) -> list[ranking.UnitScore]:
    """Collective prizes: participation of each unit's eligible people (any submitted,
    ranked attempt) plus the points of its prize winners."""
    units = {u.pk: u.eligible for u in contest.units.all()}
    came = dict(
        Registration.objects.filter(contest=contest, disqualified_reason="")
        .filter(Q(attempts__submitted_at__isnull=False, attempts__practice=False))
        .values_list("unit_id")
        .annotate(n=Count("pk", distinct=True))
        .values_list("unit_id", "n")
    )
    points: dict[int, int] = {}
    for unit_id, tier_points in Standing.objects.filter(
        contest=contest, prize__isnull=False
    ).values_list("registration__unit_id", "prize__points"):
        points[unit_id] = points.get(unit_id, 0) + tier_points
    return ranking.collective(
        eligible=units,
        participants=came,
        winner_points=points,
        points_per_percent=contest.participation_points,
    )


def rounds_due(now: dt.datetime | None = None) -> tuple[list[int], list[int]]:
    """Rounds to refresh (open now) and rounds to rank for good (closed, not ranked)."""
    now = now or timezone.now()
    open_ = Round.objects.filter(opens_at__lte=now, closes_at__gt=now)
    closed = Round.objects.filter(closes_at__lte=now, ranked_at__isnull=True)
    return list(open_.values_list("pk", flat=True)), list(closed.values_list("pk", flat=True))
