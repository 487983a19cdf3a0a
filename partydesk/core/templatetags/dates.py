"""Shortened dates: `{{ deadline|short_date }}` reads 25/12 this year and 25/12/2025 otherwise.

A deadline from last year shown as "25/12" reads as a date still to come; wherever a page
shortens a date, it uses this filter so the year appears whenever it is not the current one."""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils import formats, timezone

register = template.Library()


@register.filter
def short_date(value: dt.date | dt.datetime | None) -> str:
    """Day/month in the current year, day/month/year in any other (local time)."""
    if not value:
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    if value.year == timezone.localdate().year:
        return formats.date_format(value, "d/m")
    return formats.date_format(value, "SHORT_DATE_FORMAT")


@register.filter
def local_datetime(value: dt.datetime | str | None) -> str:
    """A moment as 08/12/2026 10:15 in local time, also when stored as an ISO string (the
    signature reports are JSON): a time-stamp authority's UTC time then reads like the rest."""
    if not value:
        return ""
    moment = value
    if isinstance(value, str):
        try:
            moment = dt.datetime.fromisoformat(value)
        except ValueError:
            return value
    assert isinstance(moment, dt.datetime)
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return formats.date_format(moment, "d/m/Y H:i")
