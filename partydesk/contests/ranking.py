"""Ranking, prizes and the collective formula as pure functions (docs/decisions/0026).

Plain values in, plain values out: no models, no queries (an import-linter contract holds
it), so the same attempts always give the same table, a test can build any case, and the
bench ranks a million attempts without a database.

The chain (domain-rules §7): the higher score, then the prediction closest to the real
count, then the shorter completion time, then the earlier submission of that best attempt,
then more attempts with the top score. A person's best attempt is the first by that same
order. The registration id ends the chain, so two identical lines still get one order.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

NO_PREDICTION = 1 << 62  # further than any real count: a missing prediction ranks last


@dataclass(frozen=True, slots=True)
class Entry:
    """One submitted, ranked attempt: whose, in which unit, and how it went."""

    person: int  # the registration id
    unit: int
    score: int
    seconds: int  # completion time
    submitted_us: int  # microseconds since the epoch
    prediction: int | None


@dataclass(frozen=True, slots=True)
class Line:
    """A line of the leaderboard: the person's best attempt and where it puts them."""

    position: int
    person: int
    unit: int
    score: int
    seconds: int
    submitted_us: int
    prediction: int | None
    top_attempts: int  # attempts with the person's top score


@dataclass(frozen=True, slots=True)
class Tier:
    """A line of a prize table: `count` prizes of `rank` (1 is highest), worth `points`."""

    id: int
    rank: int
    count: int
    points: int


@dataclass(frozen=True, slots=True)
class UnitScore:
    """A unit's collective score: participation as points plus its winners' points."""

    unit: int
    participants: int
    eligible: int
    rate: Decimal  # percent, capped at 100
    participation: Decimal
    prize_points: int
    total: Decimal


def real_count(entries: Iterable[Entry], full_score: int) -> int:
    """How many people answered every question right in at least one attempt."""
    return len({e.person for e in entries if e.score >= full_score})


def _key(e: Entry, real: int) -> tuple[int, int, int, int]:
    distance = NO_PREDICTION if e.prediction is None else abs(e.prediction - real)
    return (-e.score, distance, e.seconds, e.submitted_us)


def rank(entries: Iterable[Entry], *, real: int) -> list[Line]:
    """The leaderboard: one line per person (their best attempt), in the chain's order."""
    best: dict[int, tuple[tuple[int, int, int, int], Entry]] = {}
    tops: dict[int, int] = {}
    for e in entries:
        key = _key(e, real)
        held = best.get(e.person)
        if held is None or key[0] < held[0][0]:  # first, or a higher score: count again
            best[e.person] = (key, e)
            tops[e.person] = 1
        else:
            if key[0] == held[0][0]:
                tops[e.person] += 1
            if key < held[0]:
                best[e.person] = (key, e)
    order = sorted(best, key=lambda p: (*best[p][0], -tops[p], p))
    lines = []
    for position, person in enumerate(order, start=1):
        e = best[person][1]
        lines.append(
            Line(
                position=position,
                person=person,
                unit=e.unit,
                score=e.score,
                seconds=e.seconds,
                submitted_us=e.submitted_us,
                prediction=e.prediction,
                top_attempts=tops[person],
            )
        )
    return lines


def award(tables: Sequence[tuple[Sequence[int], Sequence[Tier]]]) -> dict[int, Tier]:
    """Prizes from several tables (people in ranked order, and the table's tiers): each
    person gets at most one prize, the highest they reach in any table.

    Ranks are filled from the highest down, across every table at once (the tables in the
    order given at the same rank), each from the next people of its order who hold no
    prize yet; so a winner's place in another table goes to the next person there."""
    won: dict[int, Tier] = {}
    cursors = [0] * len(tables)
    ranks = sorted({t.rank for _, tiers in tables for t in tiers})
    for level in ranks:
        for i, (people, tiers) in enumerate(tables):
            for tier in (t for t in tiers if t.rank == level):
                given = 0
                while given < tier.count and cursors[i] < len(people):
                    person = people[cursors[i]]
                    cursors[i] += 1
                    if person not in won:
                        won[person] = tier
                        given += 1
    return won


def collective(
    *,
    eligible: Mapping[int, int],
    participants: Mapping[int, int],
    winner_points: Mapping[int, int],
    points_per_percent: Decimal,
) -> list[UnitScore]:
    """Units by collective score: participation rate (percent of eligible people, capped at
    100) times `points_per_percent`, plus the points of the unit's prize winners."""
    cent = Decimal("0.01")
    scores = []
    for unit, count in eligible.items():
        came = participants.get(unit, 0)
        rate = min(Decimal(100), Decimal(came) * 100 / count) if count else Decimal(0)
        rate = rate.quantize(cent, ROUND_HALF_UP)
        part = (rate * points_per_percent).quantize(cent, ROUND_HALF_UP)
        prize = winner_points.get(unit, 0)
        scores.append(UnitScore(unit, came, count, rate, part, prize, part + prize))
    return sorted(scores, key=lambda s: (-s.total, -s.rate, s.unit))


def points_by_unit(lines: Iterable[Line], won: Mapping[int, Tier]) -> dict[int, int]:
    """The prize points each unit's winners bring (a person counts in their own unit)."""
    units = {line.person: line.unit for line in lines}
    total: dict[int, int] = {}
    for person, tier in won.items():
        unit = units.get(person)
        if unit is not None:
            total[unit] = total.get(unit, 0) + tier.points
    return total
