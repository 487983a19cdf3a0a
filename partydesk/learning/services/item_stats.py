"""Item analysis, pure: from marked attempts (each slot's version, points 0–1 and chosen
options) to per-version statistics and review flags. No database here, so the arithmetic is
tested on constructed data whose answers are known.

- Facility (difficulty, p-value): the mean points of a version, 0 to 1 (for right/wrong
  questions the share of takers who got it right).
- Discrimination: the corrected point-biserial, the correlation between the points on the
  item and the taker's points on the *rest* of the exam (the item left out, so it does not
  correlate with itself), the rest taken as a share of the other questions so that exams of
  different lengths pool. Sufficient sums are kept, so exams add up.
- Upper − lower: the facility among the 27 % best takers of an exam minus that among the
  27 % weakest (Kelley's groups, ranked by total within each exam; ties at the cut fall
  by attempt id).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

# Below this many takers a version is only flagged "few": its figures are too noisy to judge.
MIN_TAKERS = 10
TOO_HARD = 0.20  # facility below: almost nobody gets it
TOO_EASY = 0.90  # facility above: almost everybody gets it
WEAK = 0.20  # discrimination below: does not separate strong from weak takers
UNUSED = 0.05  # a wrong option chosen by fewer takers than this share does not distract
GROUP = 0.27

FEW, HARD, EASY, NEGATIVE, LOW = "few", "hard", "easy", "negative", "weak"
UNUSED_DISTRACTOR, POPULAR_DISTRACTOR = "distractor_unused", "distractor_popular"
FLAGS = (FEW, HARD, EASY, NEGATIVE, LOW, UNUSED_DISTRACTOR, POPULAR_DISTRACTOR)


@dataclass(frozen=True)
class Response:
    """One slot of one marked attempt."""

    version_id: int
    points: float
    chosen: tuple[int, ...] = ()
    blank: bool = False


@dataclass(frozen=True)
class Sitting:
    """One marked attempt: its id (to break ties) and its responses in draw order."""

    attempt_id: int
    responses: tuple[Response, ...]

    @property
    def total(self) -> float:
        return sum(r.points for r in self.responses)


@dataclass
class Sums:
    """Additive statistics of one version over any number of exams."""

    n: int = 0
    sx: float = 0.0
    sxx: float = 0.0
    sy: float = 0.0
    syy: float = 0.0
    sxy: float = 0.0
    upper_n: int = 0
    upper_points: float = 0.0
    lower_n: int = 0
    lower_points: float = 0.0
    blank: int = 0
    options: dict[int, int] = field(default_factory=dict)

    def add(self, response: Response, rest: float) -> None:
        x = response.points
        self.n += 1
        self.sx += x
        self.sxx += x * x
        self.sy += rest
        self.syy += rest * rest
        self.sxy += x * rest
        self.blank += response.blank
        for position in set(response.chosen):
            self.options[position] = self.options.get(position, 0) + 1


def exam_add(sums: dict[int, Sums], sittings: Sequence[Sitting], wanted: set[int]) -> None:
    """Add one exam's marked attempts to the sums of the versions in `wanted`."""
    ranked = sorted(sittings, key=lambda s: (s.total, s.attempt_id))
    size = round(GROUP * len(ranked)) if len(ranked) >= 2 else 0
    lower = {s.attempt_id for s in ranked[:size]}
    upper = {s.attempt_id for s in ranked[len(ranked) - size :]} if size else set()
    for sitting in ranked:
        total, others = sitting.total, len(sitting.responses) - 1
        for response in sitting.responses:
            if response.version_id not in wanted:
                continue
            row = sums.setdefault(response.version_id, Sums())
            row.add(response, (total - response.points) / others if others > 0 else 0.0)
            if sitting.attempt_id in upper:
                row.upper_n += 1
                row.upper_points += response.points
            if sitting.attempt_id in lower:
                row.lower_n += 1
                row.lower_points += response.points


def correlation(s: Sums) -> float | None:
    """Pearson's r from the sums (point-biserial for right/wrong items); None when either
    side does not vary (everyone equal: nothing to correlate)."""
    vx = s.n * s.sxx - s.sx * s.sx
    vy = s.n * s.syy - s.sy * s.sy
    if s.n < 2 or vx <= 1e-12 or vy <= 1e-12:
        return None
    return (s.n * s.sxy - s.sx * s.sy) / math.sqrt(vx * vy)


@dataclass(frozen=True)
class ItemFigures:
    """What the bank editor reads about one version."""

    takers: int
    facility: float
    discrimination: float | None
    upper_lower: float | None
    option_counts: list[int]
    blank: int
    flags: list[str]


def _flags(
    facility: float, r: float | None, counts: list[int], correct: Iterable[bool], n: int
) -> list[str]:
    if n < MIN_TAKERS:
        return [FEW]
    flags = []
    if facility < TOO_HARD:
        flags.append(HARD)
    if facility > TOO_EASY:
        flags.append(EASY)
    if r is not None and r < 0:
        flags.append(NEGATIVE)
    elif r is not None and r < WEAK:
        flags.append(LOW)
    right = list(correct)
    wrong_counts = [c for c, ok in zip(counts, right, strict=True) if not ok]
    best_right = max((c for c, ok in zip(counts, right, strict=True) if ok), default=0)
    if len(counts) > 2 and any(c < UNUSED * n for c in wrong_counts):
        flags.append(UNUSED_DISTRACTOR)
    if any(c > best_right for c in wrong_counts):
        flags.append(POPULAR_DISTRACTOR)
    return flags


def figures(s: Sums, weights: Sequence[float], *, choice_type: bool) -> ItemFigures:
    """The statistics of one version from its sums; `weights` are its options' weights
    (a positive weight is a right option) and matter only for choice types."""
    facility = s.sx / s.n if s.n else 0.0
    r = correlation(s)
    upper_lower = (
        s.upper_points / s.upper_n - s.lower_points / s.lower_n if s.upper_n and s.lower_n else None
    )
    counts = [s.options.get(p, 0) for p in range(len(weights))] if choice_type else []
    correct = [w > 0 for w in weights] if choice_type else []
    flags = _flags(facility, r, counts, correct, s.n)
    return ItemFigures(s.n, facility, r, upper_lower, counts, s.blank, flags)
