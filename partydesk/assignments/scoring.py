"""The proposed score and class from a period's task record: pure (plain values in and
out), so every boundary is tested without a database. The system only proposes: the
person self-assesses and the competent body decides (domain-rules §4)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

EXCELLENT, GOOD, COMPLETED, NOT_COMPLETED = "excellent", "good", "completed", "not_completed"


@dataclass(frozen=True)
class Bands:
    """What an `EvaluationRule` row says, as plain numbers."""

    excellent_min: Decimal = Decimal(90)
    good_min: Decimal = Decimal(70)
    completed_min: Decimal = Decimal(50)
    excellent_exceeding_min: int = 30
    collective_late_max: int = 20
    excellent_quota: int = 20
    completion_points: int = 50
    timeliness_points: int = 30
    quality_points: int = 20


@dataclass(frozen=True)
class Record:
    """A period's work of one person or unit, counted by how it ended."""

    on_time: int = 0  # done by the deadline (trước hạn / đúng hạn)
    late: int = 0  # done after the deadline (trễ hạn)
    overdue: int = 0  # not done, past the deadline (quá hạn)
    exceeding: int = 0  # done, marked as exceeding requirements
    below: int = 0  # done, marked as below requirements
    not_yet_due: int = 0  # open, deadline ahead: not counted

    @property
    def due(self) -> int:
        return self.on_time + self.late + self.overdue

    @property
    def done(self) -> int:
        return self.on_time + self.late

    def share(self, part: int) -> Decimal:
        """`part` as a percentage of the work due (100 when nothing was due)."""
        return Decimal(100) if not self.due else Decimal(100 * part) / Decimal(self.due)


@dataclass(frozen=True)
class Line:
    """One line of the explanation: what was counted and the points it gave."""

    label: str
    detail: str
    points: Decimal


@dataclass(frozen=True)
class Condition:
    label: str
    met: bool


@dataclass(frozen=True)
class Proposal:
    score: Decimal
    lines: list[Line]
    band: str  # the class the score alone reaches
    klass: str  # the class proposed once the extra conditions are checked
    conditions: list[Condition]


def _points(weight: int, share: Decimal) -> Decimal:
    return (Decimal(weight) * share / Decimal(100)).quantize(Decimal("0.01"), ROUND_HALF_UP)


def score(record: Record, bands: Bands) -> tuple[Decimal, list[Line]]:
    """Completion, timeliness and quality, each its weight times its share of the work due."""
    lines = [
        Line(
            "completion",
            f"{record.done}/{record.due}",
            _points(bands.completion_points, record.share(record.done)),
        ),
        Line(
            "timeliness",
            f"{record.on_time}/{record.due}",
            _points(bands.timeliness_points, record.share(record.on_time)),
        ),
        Line(
            "quality",
            f"{record.exceeding}/{record.due}",
            _points(
                bands.quality_points, record.share(record.exceeding) if record.due else Decimal(0)
            ),
        ),
    ]
    return sum((line.points for line in lines), Decimal(0)), lines


def band_of(points: Decimal, bands: Bands) -> str:
    if points >= bands.excellent_min:
        return EXCELLENT
    if points >= bands.good_min:
        return GOOD
    if points >= bands.completed_min:
        return COMPLETED
    return NOT_COMPLETED


ORDER = [EXCELLENT, GOOD, COMPLETED, NOT_COMPLETED]


def propose(record: Record, bands: Bands, *, collective: bool = False) -> Proposal:
    """The score, its band, and the class after the extra conditions: excellent needs 100 %
    on time and the exceeding share; good needs 100 % on time; a collective's "completed"
    allows at most the late share (work late or overdue)."""
    points, lines = score(record, bands)
    band = band_of(points, bands)
    all_on_time = record.on_time == record.due
    exceeding = record.share(record.exceeding) if record.due else Decimal(0)
    behind = record.share(record.late + record.overdue) if record.due else Decimal(0)
    none_below = Condition("none_below", record.below == 0)
    checks = {
        EXCELLENT: [
            Condition("all_on_time", all_on_time),
            Condition("exceeding", exceeding >= bands.excellent_exceeding_min),
            none_below,
        ],
        GOOD: [Condition("all_on_time", all_on_time), none_below],
        COMPLETED: [Condition("behind", behind <= bands.collective_late_max)] if collective else [],
        NOT_COMPLETED: [],
    }
    klass = NOT_COMPLETED
    for candidate in ORDER[ORDER.index(band) :]:
        if all(c.met for c in checks[candidate]):
            klass = candidate
            break
    shown = checks[band] if band != klass else checks[klass]
    return Proposal(points, lines, band, klass, shown)


def excellent_allowed(good: int, percent: int) -> int:
    """How many "excellent" a group may have: at most `percent` % of those rated good in
    the same agency and group of similar positions (ND 335/2025, domain-rules §4), rounded
    down."""
    return good * percent // 100
