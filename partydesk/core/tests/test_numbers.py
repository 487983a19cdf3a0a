"""Percentages as each language writes them, without zeros that say nothing."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from partydesk.core.numbers import percent_figure, percent_text


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
