"""The digital-transformation figures: each app registers its monthly indicators here in
AppConfig.ready(); the organizations app draws them per organization and for its subtree.

The core cannot import domain apps, and no app may read another's models, so an indicator
is a function the owning app provides: given the organizations to count (a queryset, used
as a subquery) and the first moment of the period, it answers each month's (part, whole).
A share indicator shows part/whole as a percentage; a count indicator shows the part.
`monthly` builds that answer from one grouped query, so every source costs one query.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.db.models import Count, Model, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.functional import Promise

from partydesk.core.http import Acting

Months = dict[dt.date, tuple[int, int]]  # the month's first day -> (part, whole)
Source = Callable[["QuerySet[Model]", dt.datetime], Months]


@dataclass(frozen=True)
class Indicator:
    """One figure followed month by month. `capability` is the owning module's view
    capability: the figure shows only to those who hold it on the organization."""

    key: str
    label: str | Promise
    explanation: str | Promise
    capability: str
    source: Source
    order: int = 100
    share: bool = True


_indicators: dict[str, Indicator] = {}


def register(indicator: Indicator) -> Indicator:
    """Add an indicator (idempotent by key, so a reloaded app does not register twice)."""
    _indicators[indicator.key] = indicator
    return indicator


def indicators_for(actor: Acting, organization: Model) -> list[Indicator]:
    """The indicators whose module the actor may view on `organization`, in order."""
    shown = [i for i in _indicators.values() if actor.can(i.capability, organization)]
    return sorted(shown, key=lambda i: (i.order, i.key))


def monthly(
    rows: QuerySet[Model], moment: str, part: Q | None = None, *, distinct: str = ""
) -> Months:
    """Each month's (part, whole) of `rows` by the month of the field `moment`; `part`
    filters the part (None: the part is the whole, for a count). `distinct` names a field
    to count once per month (people rather than their attempts)."""
    field = distinct or "pk"
    counted = (
        rows.exclude(**{f"{moment}__isnull": True})
        .annotate(month=TruncMonth(moment))
        .order_by()
        .values("month")
        .annotate(
            whole=Count(field, distinct=bool(distinct)),
            part=Count(field, filter=part, distinct=bool(distinct)),
        )
    )
    return {_day(row["month"]): (row["part"], row["whole"]) for row in counted}


def _day(month: dt.date | dt.datetime) -> dt.date:
    return month.date() if isinstance(month, dt.datetime) else month


def month_starts(count: int, today: dt.date | None = None) -> list[dt.date]:
    """The first days of the last `count` months, oldest first, this month included."""
    day = (today or timezone.localdate()).replace(day=1)
    months = []
    for _ in range(count):
        months.append(day)
        day = (day - dt.timedelta(days=1)).replace(day=1)
    return months[::-1]


def period_start(months: Sequence[dt.date]) -> dt.datetime:
    """The first moment of the first month, in the current time zone."""
    first = months[0]
    return timezone.make_aware(dt.datetime(first.year, first.month, 1))


@dataclass(frozen=True)
class Point:
    """One month of one indicator: the figure shown and what it was computed from."""

    month: dt.date
    part: int
    whole: int
    share: bool

    @property
    def value(self) -> int:
        """The percentage (rounded, 0 when nothing was counted) or the count."""
        if not self.share:
            return self.part
        return round(100 * self.part / self.whole) if self.whole else 0


@dataclass(frozen=True)
class Trend:
    """An indicator's months, and the figure over the whole period."""

    indicator: Indicator
    points: tuple[Point, ...]

    @property
    def total(self) -> Point:
        part = sum(p.part for p in self.points)
        whole = sum(p.whole for p in self.points)
        return Point(self.points[-1].month, part, whole, self.indicator.share)

    @property
    def empty(self) -> bool:
        return not any(p.whole or p.part for p in self.points)


def trend(indicator: Indicator, organizations: QuerySet[Model], months: Sequence[dt.date]) -> Trend:
    """`indicator` over `months` for `organizations` (one query); a month with nothing
    counted is a zero."""
    counts = indicator.source(organizations, period_start(months))
    points = tuple(
        Point(month, *counts.get(month, (0, 0)), share=indicator.share) for month in months
    )
    return Trend(indicator, points)
