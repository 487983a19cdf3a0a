"""Column charts (a value per minute, per score, per month), drawn on the server as SVG
geometry for `partials/column_chart.html` (no script, no inline style: the CSP allows
neither; colours come from app.css). Pure: plain figures in, whole-number coordinates and
ready-made percentages out, so the template never formats a decimal (a Vietnamese locale
would print "12,5" into the SVG).

The bars are drawn in a plot of WIDTH × HEIGHT units stretched to the chart's width; the
labels under them are not in the plot but in the chart's own CSS pixels, placed by
percentage, so they keep app.css's size at any width (in the plot they grew with it, to
26 px at 1366 px, and shrank to 7 px on a phone). A label has a fixed size but the bars
get narrower: labels that would touch at the narrowest chart are marked `wide_only`
(shown only from WIDE_PX), and those that would touch even there are left out (the bar's
tooltip and the table under the chart still give them)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

WIDTH = 600
HEIGHT = 160  # the plot's height, in CSS pixels as in its units
LABELS = 28  # room below the bars for the labels (CSS pixels)
LABEL_BASELINE = HEIGHT + 18
EVERY_LABEL = 25  # up to this many bars, each is labelled; beyond, the first and the last
# What a label takes at app.css's .chart-label size (12 px): a character at most about
# 7.5 px wide (digits, "/", ":"), and a gap so two labels never read as one number.
CHAR_PX = 7.5
GAP_PX = 6
NARROW_PX = 260  # the narrowest chart: a 320 px phone
WIDE_PX = 480  # from this width (app.css's container query, 32rem less the margins) on


@dataclass(frozen=True)
class Bar:
    """One bar: what it counts and where it is drawn. `tick` is the text under it (the
    label unless the chart was given shorter ones)."""

    label: str
    value: int
    x: int
    y: int
    width: int
    height: int
    tick: str = ""
    wide_only: bool = False  # the tick is shown only on a chart at least WIDE_PX wide

    @property
    def middle(self) -> int:
        return self.x + self.width // 2

    @property
    def at(self) -> str:
        """Where the tick is centred: the bar's middle, in per cent of the chart's width."""
        return f"{(2 * self.x + self.width) * 50 / WIDTH:.2f}%"


@dataclass(frozen=True)
class BarChart:
    """Bars scaled to the largest value, with the figures they show."""

    bars: tuple[Bar, ...]
    top: int
    width: int = WIDTH
    height: int = HEIGHT
    full_height: int = HEIGHT + LABELS
    label_baseline: int = LABEL_BASELINE

    @property
    def labelled(self) -> bool:
        return len(self.bars) <= EVERY_LABEL

    @property
    def first(self) -> str:
        return self.bars[0].label if self.bars else ""

    @property
    def last(self) -> str:
        return self.bars[-1].label if self.bars else ""

    @property
    def highest(self) -> int:
        return max((bar.value for bar in self.bars), default=0)

    @property
    def total(self) -> int:
        return sum(bar.value for bar in self.bars)


def bar_chart(
    points: Sequence[tuple[str, int]],
    *,
    top: int | None = None,
    ticks: Sequence[str] | None = None,
) -> BarChart:
    """A bar for each (label, value), in order, the tallest reaching the top; or, given
    `top` (100 for percentages), that value reaching it. `ticks`, one a bar, replace the
    labels under the bars where the labels are too long to stand side by side."""
    if top is None:
        top = max((value for _label, value in points), default=0)
    slot = WIDTH // max(1, len(points))
    gap = 1 if slot < 8 else 2
    bars = []
    for n, (label, value) in enumerate(points):
        height = round(value * HEIGHT / top) if top else 0
        tick = ticks[n] if ticks is not None else label
        x, width = n * slot + gap, slot - 2 * gap
        bars.append(Bar(label, value, x, HEIGHT - height, width, height, tick))
    if len(bars) > EVERY_LABEL:
        return BarChart(tuple(bars), top)
    wide = _apart(bars, range(len(bars)), WIDE_PX)
    narrow = _apart(bars, wide, NARROW_PX)
    return BarChart(
        tuple(
            replace(b, tick=b.tick if n in wide else "", wide_only=n not in narrow)
            for n, b in enumerate(bars)
        ),
        top,
    )


def _apart(bars: Sequence[Bar], among: Iterable[int], chart_px: int) -> set[int]:
    """The ticks (bar indexes, from `among`) kept on a chart `chart_px` wide: the longer
    first (a month with its year says more than a month alone), then from the left, each
    only if it clears every one kept."""
    kept: dict[int, tuple[float, float]] = {}
    for n in sorted((n for n in among if bars[n].tick), key=lambda n: (-len(bars[n].tick), n)):
        centre = (2 * bars[n].x + bars[n].width) / 2 / WIDTH * chart_px
        half = len(bars[n].tick) * CHAR_PX / 2
        left, right = centre - half, centre + half
        if all(right + GAP_PX <= a or b + GAP_PX <= left for a, b in kept.values()):
            kept[n] = (left, right)
    return set(kept)
