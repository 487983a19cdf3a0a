"""`{{ share|percent }}` -> "87,5%" (vi) / "87.5%" (en); `{{ share|percent_figure }}` the
number alone, for a sentence or a column head that writes the % itself (core.numbers)."""

from __future__ import annotations

from decimal import Decimal

from django import template

from partydesk.core import numbers

register = template.Library()


@register.filter
def percent(value: Decimal | float | int | str | None, places: int = 2) -> str:
    return numbers.percent_text(value, places)


@register.filter
def percent_figure(value: Decimal | float | int | str | None, places: int = 2) -> str:
    return numbers.percent_figure(value, places)
