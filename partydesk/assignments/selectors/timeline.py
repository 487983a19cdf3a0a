"""The timeline (Gantt-style) of a list of assignments over a quarter: each bar's first
and last day as columns of a day grid, so the page draws it with CSS classes alone."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet

from partydesk.assignments.models import Assignment

MAX_ROWS = 300


@dataclass(frozen=True)
class Quarter:
    year: int
    number: int  # 1 to 4

    @property
    def first(self) -> dt.date:
        return dt.date(self.year, 3 * self.number - 2, 1)

    @property
    def last(self) -> dt.date:
        if self.number == 4:
            return dt.date(self.year, 12, 31)
        return dt.date(self.year, 3 * self.number + 1, 1) - dt.timedelta(days=1)

    @property
    def key(self) -> str:
        return f"{self.year}-Q{self.number}"

    def column(self, day: dt.date) -> int:
        """The grid column of `day` (1 is the quarter's first day)."""
        return (day - self.first).days + 1

    def shifted(self, by: int) -> Quarter:
        index = self.year * 4 + self.number - 1 + by
        return Quarter(index // 4, index % 4 + 1)

    @classmethod
    def of(cls, day: dt.date) -> Quarter:
        return cls(day.year, (day.month - 1) // 3 + 1)

    @classmethod
    def parse(cls, raw: str, default: dt.date) -> Quarter:
        """ "2026-Q3" (or "2026-3"); the quarter of `default` when it does not parse."""
        year, _sep, number = raw.upper().replace("Q", "").partition("-")
        if (
            year.isdigit()
            and number.isdigit()
            and 2000 <= int(year) <= 2100
            and 1 <= int(number) <= 4
        ):
            return cls(int(year), int(number))
        return cls.of(default)


@dataclass(frozen=True)
class Bar:
    assignment: Assignment
    start: int  # first column
    end: int  # column after the last day (CSS grid-column-end)
    overdue: bool
    clipped_before: bool
    clipped_after: bool


@dataclass(frozen=True)
class Month:
    first: dt.date
    start: int
    end: int


def quarter_months(quarter: Quarter) -> list[Month]:
    months = []
    for offset in range(3):
        first = dt.date(quarter.year, quarter.first.month + offset, 1)
        following = (
            quarter.shifted(1).first if offset == 2 else dt.date(quarter.year, first.month + 1, 1)
        )
        months.append(Month(first, quarter.column(first), quarter.column(following)))
    return months


def timeline_bars(
    rows: QuerySet[Assignment], quarter: Quarter, today: dt.date
) -> tuple[list[Bar], bool]:
    """The bars of the (already scoped and filtered) rows whose span meets the quarter,
    by deadline; and whether more than MAX_ROWS were left out."""
    meeting = (
        rows.filter(deadline__isnull=False)
        .filter(start_date__lte=quarter.last, deadline__gte=quarter.first)
        .select_related("lead_unit", "lead_user")
        .order_by("deadline", "id")
    )
    found = list(meeting[: MAX_ROWS + 1])
    bars = []
    for a in found[:MAX_ROWS]:
        assert a.deadline is not None
        first, last = max(a.start_date, quarter.first), min(a.deadline, quarter.last)
        bars.append(
            Bar(
                assignment=a,
                start=quarter.column(first),
                end=quarter.column(last) + 1,
                overdue=a.is_overdue(today),
                clipped_before=a.start_date < quarter.first,
                clipped_after=a.deadline > quarter.last,
            )
        )
    return bars, len(found) > MAX_ROWS


@dataclass(frozen=True)
class Day:
    day: dt.date
    in_month: bool
    rows: list[Assignment]


def month_weeks(rows: QuerySet[Assignment], first: dt.date) -> tuple[list[list[Day]], bool]:
    """The month of `first` as weeks (Monday first), each day with the (already scoped and
    filtered) work due that day; and whether more than MAX_ROWS were left out."""
    following = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    due = list(
        rows.filter(deadline__gte=first, deadline__lt=following)
        .select_related("lead_unit", "lead_user")
        .order_by("deadline", "id")[: MAX_ROWS + 1]
    )
    by_day: dict[dt.date, list[Assignment]] = {}
    for a in due[:MAX_ROWS]:
        assert a.deadline is not None
        by_day.setdefault(a.deadline, []).append(a)
    start = first - dt.timedelta(days=first.weekday())
    weeks: list[list[Day]] = []
    day = start
    while day < following:
        week = []
        for _n in range(7):
            week.append(Day(day, day.month == first.month, by_day.get(day, [])))
            day += dt.timedelta(days=1)
        weeks.append(week)
    return weeks, len(due) > MAX_ROWS
