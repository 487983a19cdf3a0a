"""Percentages as each language writes them, without zeros that say nothing."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from partydesk.core.numbers import percent_figure, percent_rounded, percent_text
from partydesk.core.workbook import Percent


@pytest.mark.parametrize(
    ("language", "expected"),
    [("vi", ["100%", "87,5%", "73,33%", "0%", ""]), ("en", ["100%", "87.5%", "73.33%", "0%", ""])],
)
def test_a_percentage_follows_the_active_language(language, expected):
    values: list[Decimal | float | None] = [
        Decimal("100.00"),
        Decimal("87.50"),
        73.333,
        Decimal("0.00"),
        None,
    ]
    with translation.override(language):
        assert [percent_text(v) for v in values] == expected
        assert percent_figure(Decimal("66.66"), places=1) == (
            "66,7" if language == "vi" else "66.7"
        )
        page = Template("{% load numbers %}{{ v|percent }} {{ v|percent_figure }}").render(
            Context({"v": Decimal("12.50")})
        )
    assert page == ("12,5% 12,5" if language == "vi" else "12.5% 12.5")


@pytest.mark.parametrize(
    ("value", "rounded", "shown", "cell_format"),
    [
        (Decimal("100.00"), "100", "100", "0%"),
        (Decimal("87.50"), "87.5", "87.5", "0.0%"),
        (2.675, "2.68", "2.68", "0.00%"),  # half up on the written figure, not the float's
        (Decimal("0.005"), "0.01", "0.01", "0.00%"),
        (Decimal("-0.001"), "0", "0", "0%"),  # never "-0"
    ],
)
def test_a_page_and_a_workbook_round_a_percentage_the_same_one_way(
    value, rounded, shown, cell_format
):
    # given one percentage, when a page shows it and a workbook writes it
    with translation.override("en"):
        figure = percent_figure(value)
    fraction, number_format = Percent(value).fraction_and_format()
    # then both hold the one rounding
    assert str(percent_rounded(value)) == rounded and figure == shown
    assert number_format == cell_format
    assert fraction == float(Decimal(rounded) / 100) and str(fraction) != "-0.0"
