"""The election rules of 190-QĐ/TW (domain rules §8), pure: plain values in, plain values out.

- The surplus of candidates over the number to elect is at most a percentage of the
  number to elect (30 % by the rule; the percentage is data on the election).
- A voter keeps or crosses out each name; a ballot keeping more names than the number to
  elect is invalid. Whether a ballot crossing out every name is valid is data
  (`blank_valid`), since the wording we read does not settle it (UNCONFIRMED).
- A candidate is elected with MORE THAN HALF of the base. The base is data: the valid
  ballots, the ballots collected (valid and invalid), or the voters present (domain rules
  §8 keeps "phiếu thu vào" against "tổng số thành viên" UNCONFIRMED).
- When more candidates pass than seats, the highest are elected; when candidates tie at
  the limit so that not all of them fit, none of the tied is elected and another round is
  needed between them for the seats left.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum


class Base(StrEnum):
    VALID = "valid"
    COLLECTED = "collected"
    PRESENT = "present"


class Invalid(StrEnum):
    TOO_MANY = "too_many"
    NONE_KEPT = "none_kept"
    UNKNOWN_NAME = "unknown_name"
    SPOILED = "spoiled"


class Outcome(StrEnum):
    COMPLETE = "complete"  # every seat filled
    RUNOFF = "runoff"  # a tie at the limit: another round between the tied
    UNFILLED = "unfilled"  # fewer passed than seats; the rest may be elected in another round


def surplus_allowed(*, candidates: int, seats: int, max_percent: int) -> bool:
    """At least as many candidates as seats, and the surplus at most max_percent of the
    seats (integer arithmetic: 11 for 9 is 22 %, allowed; 12 for 9 is 33 %, not)."""
    if seats < 1 or candidates < seats:
        return False
    return (candidates - seats) * 100 <= max_percent * seats


def max_candidates(*, seats: int, max_percent: int) -> int:
    """The largest list the surplus rule allows for this number of seats."""
    return seats + (max_percent * seats) // 100


def ballot_invalid_reason(
    kept: Iterable[int], *, candidates: Iterable[int], seats: int, blank_valid: bool
) -> Invalid | None:
    """Why a ballot is invalid, or None when it counts. `kept` are the ids of the names the
    voter did not cross out."""
    kept_set = set(kept)
    if not kept_set <= set(candidates):
        return Invalid.UNKNOWN_NAME
    if len(kept_set) > seats:
        return Invalid.TOO_MANY
    if not kept_set and not blank_valid:
        return Invalid.NONE_KEPT
    return None


@dataclass(frozen=True)
class Tally:
    votes: Mapping[int, int]  # candidate id -> ballots keeping the name
    valid: int
    collected: int  # valid and invalid ballots
    present: int  # voters present (entitled to vote in the room or online)


@dataclass(frozen=True)
class Result:
    base: int
    needed: int  # the fewest votes that are more than half of the base
    passed: tuple[int, ...]  # candidates over the threshold, highest first
    elected: tuple[int, ...]
    runoff: tuple[int, ...]  # tied at the limit: another round between them
    seats_left: int
    outcome: Outcome


def base_of(tally: Tally, base: Base) -> int:
    return {Base.VALID: tally.valid, Base.COLLECTED: tally.collected, Base.PRESENT: tally.present}[
        base
    ]


def election_result(
    tally: Tally, *, seats: int, base: Base, order: Sequence[int] | None = None
) -> Result:
    """Who is elected. `order` (the candidates' list order) only breaks display ties among
    those elected or tied; it never decides a seat."""
    denominator = base_of(tally, base)
    needed = denominator // 2 + 1  # more than half, in integers
    position = {c: i for i, c in enumerate(order or sorted(tally.votes))}
    passed = sorted(
        (c for c, n in tally.votes.items() if denominator > 0 and n >= needed),
        key=lambda c: (-tally.votes[c], position.get(c, 0)),
    )
    if len(passed) <= seats:
        elected = tuple(passed)
        outcome = Outcome.COMPLETE if len(elected) == seats else Outcome.UNFILLED
        return Result(denominator, needed, elected, elected, (), seats - len(elected), outcome)
    limit = tally.votes[passed[seats - 1]]
    if tally.votes[passed[seats]] < limit:
        elected = tuple(passed[:seats])
        return Result(denominator, needed, tuple(passed), elected, (), 0, Outcome.COMPLETE)
    elected = tuple(c for c in passed if tally.votes[c] > limit)
    tied = tuple(c for c in passed if tally.votes[c] == limit)
    return Result(
        denominator, needed, tuple(passed), elected, tied, seats - len(elected), Outcome.RUNOFF
    )


def count_ballots(
    ballots: Iterable[Iterable[int]], *, candidates: Sequence[int], seats: int, blank_valid: bool
) -> tuple[dict[int, int], int, int]:
    """Count paper ballots: votes per candidate over the valid ballots, the number valid and
    the number invalid."""
    votes = dict.fromkeys(candidates, 0)
    valid = invalid = 0
    for kept in ballots:
        kept = list(kept)
        if ballot_invalid_reason(kept, candidates=candidates, seats=seats, blank_valid=blank_valid):
            invalid += 1
            continue
        valid += 1
        for c in set(kept):
            votes[c] += 1
    return votes, valid, invalid
