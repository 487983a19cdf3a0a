"""The editors' reading statistics, inside the CMS admin beside the pages they edit
(ADR 0022, "Statistics"): a bar chart drawn as SVG by the server (no script) and the table
of the most read pages."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from partydesk.core.http import acting
from partydesk.portal.models import FeedbackStatus
from partydesk.portal.statistics import PERIODS, ReadingStats, reading_stats_for

CHART_WIDTH, CHART_HEIGHT = 720, 180


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str


def _bars(stats: ReadingStats) -> list[Bar]:
    peak = max((n for _day, n in stats.days), default=0) or 1
    step = CHART_WIDTH / len(stats.days)
    bars = []
    for i, (day, n) in enumerate(stats.days):
        height = CHART_HEIGHT * n / peak
        bars.append(
            Bar(
                x=round(i * step + step * 0.1, 2),
                y=round(CHART_HEIGHT - height, 2),
                width=round(step * 0.8, 2),
                height=round(height, 2),
                label=f"{day:%d/%m/%Y}: {n}",
            )
        )
    return bars


@require_GET
def reading_statistics(request: HttpRequest) -> HttpResponse:
    days = request.GET.get("days", "30")
    period = int(days) if days.isdigit() and int(days) in PERIODS else 30
    stats = reading_stats_for(acting(request), days=period, everything=request.user.is_superuser)
    return render(
        request,
        "portal/admin/statistics.html",
        {
            "page_title": _("Reading statistics"),
            "header_icon": "table",
            "stats": stats,
            "period": period,
            "periods": PERIODS,
            "bars": _bars(stats),
            "chart_width": CHART_WIDTH,
            "chart_height": CHART_HEIGHT,
            "peak": max((n for _day, n in stats.days), default=0),
            "statuses": FeedbackStatus.choices,
        },
    )
