"""The periods of the evaluation (Quy định 366-QĐ/TW, domain-rules §4): the first three
quarters each on their own, and the year, into which the fourth quarter is folded (there is
no separate Q4 evaluation: the year's covers it). Pure: dates in and out."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

QUARTERS = (1, 2, 3)


@dataclass(frozen=True)
class Period:
    """A year (`quarter` None: the whole year, Q4 included) or one of its first three
    quarters."""

    year: int
    quarter: int | None = None

    def __post_init__(self) -> None:
        if self.quarter is not None and self.quarter not in QUARTERS:
            raise ValueError("a period is Q1, Q2, Q3 or the year (Q4 is folded into it)")

    @property
    def first(self) -> dt.date:
        return dt.date(self.year, 3 * (self.quarter - 1) + 1 if self.quarter else 1, 1)

    @property
    def last(self) -> dt.date:
        if self.quarter is None:
            return dt.date(self.year, 12, 31)
        return dt.date(self.year, 3 * self.quarter + 1, 1) - dt.timedelta(days=1)


def period_of(year: int, raw_quarter: str) -> Period:
    """The period a page asks for: `quarter` 1, 2 or 3, anything else the year."""
    quarter = int(raw_quarter) if raw_quarter.isdigit() else None
    return Period(year, quarter if quarter in QUARTERS else None)


def periods_of(year: int) -> list[Period]:
    """The year's periods, in the order a picker shows them."""
    return [Period(year, q) for q in QUARTERS] + [Period(year)]
