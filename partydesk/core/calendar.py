"""Working-day arithmetic for legal deadlines: weekends, Vietnamese holidays, overrides."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import lru_cache

import holidays as holiday_tables

from partydesk.core.models import Holiday


@lru_cache(maxsize=64)
def statutory_days_off(year: int) -> frozenset[dt.date]:
    """Vietnam's statutory holidays for a year (Tết and Hùng Kings from the lunar calendar)."""
    return frozenset(holiday_tables.country_holidays("VN", years=year).keys())


def _overrides(start: dt.date, end: dt.date) -> dict[dt.date, bool]:
    rows = Holiday.objects.filter(date__range=(start, end)).values_list("date", "is_day_off")
    return dict(rows)


def is_working_day(day: dt.date, overrides: dict[dt.date, bool] | None = None) -> bool:
    """True when offices work on that day."""
    if overrides is None:
        overrides = _overrides(day, day)
    if day in overrides:
        return not overrides[day]
    return day.weekday() < 5 and day not in statutory_days_off(day.year)


def add_working_days(start: dt.date, n: int) -> dt.date:
    """The date n working days after start (n=0: start itself if it is a working day, else the
    next one). Negative n counts backwards. Serves every legal deadline in partydesk."""
    step = 1 if n >= 0 else -1
    # One query for the whole span; a deadline is never more than a few months out.
    span = dt.timedelta(days=abs(n) * 2 + 40)
    lo, hi = (start, start + span) if step > 0 else (start - span, start)
    overrides = _overrides(lo, hi)
    day = start
    if n == 0:
        while not is_working_day(day, overrides):
            day += dt.timedelta(days=1)
        return day
    remaining = abs(n)
    while remaining:
        day += dt.timedelta(days=step)
        if not lo <= day <= hi:
            lo, hi = min(lo, day - span), max(hi, day + span)
            overrides = _overrides(lo, hi)
        if is_working_day(day, overrides):
            remaining -= 1
    return day


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days after start up to and including end (0 if end <= start)."""
    if end <= start:
        return 0
    overrides = _overrides(start, end)
    count = 0
    day = start
    while day < end:
        day += dt.timedelta(days=1)
        if is_working_day(day, overrides):
            count += 1
    return count


def add_working_days_many(starts: Iterable[dt.date], n: int) -> dict[dt.date, dt.date]:
    """add_working_days(start, n) for many starts (n >= 0) with one query: lists, imports."""
    days = set(starts)
    if not days:
        return {}
    lo, hi = min(days), max(days) + dt.timedelta(days=n * 2 + 40)
    overrides = _overrides(lo, hi)
    result: dict[dt.date, dt.date] = {}
    for start in days:
        day, remaining = start, n
        while remaining and day < hi:
            day += dt.timedelta(days=1)
            if is_working_day(day, overrides):
                remaining -= 1
        # Beyond the fetched span only an absurd run of days off could take us: ask again.
        result[start] = day if not remaining else add_working_days(start, n)
    return result
