"""Column charts (core/charts.py, partials/column_chart.html): the labels under the bars
are drawn outside the stretched plot, in the chart's own pixels, so they keep one size at
any width; those that would touch on a narrow chart are shown only on a wide one, a month
with its year before a month alone."""

from __future__ import annotations

import itertools
import re

from django.template.loader import render_to_string
from django.utils import translation

from partydesk.core.charts import CHAR_PX, GAP_PX, NARROW_PX, WIDE_PX, WIDTH, Bar, bar_chart


def _shown(bars: tuple[Bar, ...], *, wide: bool) -> list[Bar]:
    return [b for b in bars if b.tick and (wide or not b.wide_only)]


def _apart_at(bars: list[Bar], chart_px: int) -> bool:
    """Whether no two of these ticks touch on a chart `chart_px` wide (the estimate)."""
    spans = sorted(
        (float(b.at.rstrip("%")) / 100 * chart_px, len(b.tick) * CHAR_PX / 2) for b in bars
    )
    return all(c1 + h1 + GAP_PX <= c2 - h2 for (c1, h1), (c2, h2) in itertools.pairwise(spans))


def test_every_score_is_labelled_on_a_wide_chart_and_every_other_on_a_narrow_one() -> None:
    chart = bar_chart([(str(n), n) for n in range(21)])
    assert [b.tick for b in _shown(chart.bars, wide=True)] == [str(n) for n in range(21)]
    assert [b.tick for b in _shown(chart.bars, wide=False)] == [str(n) for n in range(0, 21, 2)]
    assert _apart_at(_shown(chart.bars, wide=False), NARROW_PX)
    assert _apart_at(_shown(chart.bars, wide=True), WIDE_PX)


def test_a_month_with_its_year_is_kept_before_the_months_beside_it() -> None:
    """24 months from 01/2025, as the transformation page ticks them (every other month,
    the year at the first and at each January)."""
    ticks = [
        "" if n % 2 else (f"1/{25 + n // 12}" if n % 12 == 0 else str(n % 12 + 1))
        for n in range(24)
    ]
    chart = bar_chart([(f"{n % 12 + 1:02d}/{2025 + n // 12}", n) for n in range(24)], ticks=ticks)
    narrow = [b.tick for b in _shown(chart.bars, wide=False)]
    # "3" and "11" touch a year's label: the year stays
    assert narrow == ["1/25", "5", "7", "9", "1/26", "5", "7", "9", "11"]
    assert _apart_at(_shown(chart.bars, wide=False), NARROW_PX)
    assert [b.tick for b in _shown(chart.bars, wide=True)] == [t for t in ticks if t]


def test_a_tick_is_placed_by_percentage_under_the_middle_of_its_bar() -> None:
    chart = bar_chart([("a", 1), ("b", 2), ("c", 3), ("d", 4)])
    assert [b.at for b in chart.bars] == ["12.50%", "37.50%", "62.50%", "87.50%"]
    odd = bar_chart([(str(n), n) for n in range(7)])  # 600 // 7 = 85 units a bar
    assert odd.bars[1].at == f"{(85 + 85 / 2) * 100 / WIDTH:.2f}%"


def test_the_labels_are_outside_the_stretched_plot_in_any_language() -> None:
    chart = bar_chart([(str(n), n) for n in range(21)])
    context = {"chart": chart, "id": "c", "caption": "People", "label_heading": "Score"}
    with translation.override("vi"):  # a decimal comma would break the coordinates
        html = render_to_string("partials/column_chart.html", context)
    outer = re.search(r'<svg class="chart-svg"[^>]*>', html)
    assert outer is not None and "viewBox" not in outer.group(0)  # the chart's own pixels
    plot = html[html.index('<svg class="chart-plot"') : html.index("</svg>")]
    assert 'preserveAspectRatio="none"' in plot and "<text" not in plot
    labels = re.findall(r'<text class="([^"]+)" x="([^"]+)"', html)
    assert len(labels) == 21 and all(re.fullmatch(r"\d+\.\d\d%", x) for _c, x in labels)
    assert [c for c, _x in labels].count("chart-label chart-label-middle chart-label-wide") == 10
    few = bar_chart([(f"{n:02d}:00", n) for n in range(60)])  # first and last only
    html = render_to_string("partials/column_chart.html", {**context, "chart": few})
    assert re.findall(r'<text class="[^"]+" x="([^"]+)"[^>]*>([^<]+)<', html) == [
        ("0", "00:00"),
        ("100%", "59:00"),
    ]
