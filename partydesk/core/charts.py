"""Column charts (a value per minute, per score, per month), drawn on the server as SVG
geometry for `partials/column_chart.html` (no script, no inline style: the CSP allows
neither; colours come from app.css). Pure: plain figures in, whole-number coordinates out,
so the template never formats a decimal (a Vietnamese locale would print "12,5" into the
SVG)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

WIDTH = 600
HEIGHT = 160
LABELS = 28  # room below the bars for the labels (viewBox units)
EVERY_LABEL = 25  # up to this many bars, each is labelled; beyond, the first and the last


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

    @property
    def middle(self) -> int:
        return self.x + self.width // 2


@dataclass(frozen=True)
class BarChart:
    """Bars scaled to the largest value, with the figures they show."""

    bars: tuple[Bar, ...]
    top: int
    width: int = WIDTH
    height: int = HEIGHT
    full_height: int = HEIGHT + LABELS

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
    def view_width(self) -> int:
        """The drawing's width with room each side for a label centred under an end bar."""
        return self.width + 48

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
    return BarChart(tuple(bars), top)
