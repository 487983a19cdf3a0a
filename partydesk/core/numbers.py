"""Percentages as people read them: "87,5%" in Vietnamese, "87.5%" in English, "100%" in
both; never "100.00%". Every page, PDF and sentence that shows a share goes through here
(templates through the `percent` and `percent_figure` filters of `numbers`)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.utils import formats


def percent_rounded(value: Decimal | float | int | str, places: int = 2) -> Decimal:
    """The one rounding of a percentage: half up to `places` decimals, without trailing
    zeros (87.50 -> 87.5, 100.00 -> 100, -0.001 -> 0). Pages, PDFs and workbooks use it."""
    number = Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    number = number.normalize()
    if number == number.to_integral_value():
        number = number.quantize(Decimal(1))  # 1E+2 -> 100
    return abs(number) if number.is_zero() else number  # -0 -> 0


def percent_figure(value: Decimal | float | int | str | None, places: int = 2) -> str:
    """The number of a percentage in the active language, rounded to `places` decimals
    without trailing zeros: 87.50 -> "87,5" (vi) / "87.5" (en), 100.00 -> "100"."""
    if value is None or value == "":
        return ""
    return formats.number_format(percent_rounded(value, places), use_l10n=True)


def percent_text(value: Decimal | float | int | str | None, places: int = 2) -> str:
    """The percentage with its sign: "87,5%" (vi), "87.5%" (en); "" for no value."""
    figure = percent_figure(value, places)
    return f"{figure}%" if figure else ""
