"""The documents dashboard of the acting organization: counts, overdue, % digitized and
% signed, and incoming/outgoing per month drawn as server-side SVG."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from partydesk.accounts.actor import AuthenticatedRequest
from partydesk.documents.permissions import can_manage_reference_data
from partydesk.documents.selectors.dashboard import organization_stats
from partydesk.documents.views.registers import _year

CHART_W, CHART_H, TOP, BOTTOM, LEFT = 640, 220, 10, 24, 30


def month_bars(incoming: list[int], outgoing: list[int]) -> list[dict[str, float]]:
    """Two bars per month, scaled to the tallest, as SVG coordinates."""
    peak = max([*incoming, *outgoing, 1])
    usable = CHART_H - TOP - BOTTOM
    slot = (CHART_W - LEFT) / 12
    bars: list[dict[str, float]] = []
    for month in range(12):
        x = LEFT + month * slot
        h_in = round(usable * incoming[month] / peak, 1)
        h_out = round(usable * outgoing[month] / peak, 1)
        bars.append(
            {
                "month": month + 1,
                "label_x": round(x + slot / 2, 1),
                "in_x": round(x + slot * 0.15, 1),
                "out_x": round(x + slot * 0.5, 1),
                "width": round(slot * 0.33, 1),
                "in_y": round(TOP + usable - h_in, 1),
                "in_h": h_in,
                "out_y": round(TOP + usable - h_out, 1),
                "out_h": h_out,
                "incoming": incoming[month],
                "outgoing": outgoing[month],
            }
        )
    return bars


@login_required
@require_GET
def documents_dashboard(request: AuthenticatedRequest) -> HttpResponse:
    who = request.actor
    year = _year(request)
    stats = organization_stats(who, year=year, today=timezone.localdate())
    types_peak = max([n for _, n in stats.by_type] or [1])
    return render(
        request,
        "documents/dashboard.html",
        {
            "stats": stats,
            "year": year,
            "bars": month_bars(stats.incoming_by_month, stats.outgoing_by_month),
            "chart": {"w": CHART_W, "h": CHART_H, "base": CHART_H - BOTTOM, "label_y": CHART_H - 8},
            "type_rows": [(name, n, round(100 * n / types_peak)) for name, n in stats.by_type],
            "can_manage": who.scope is not None
            and can_manage_reference_data(who.grants, who.scope),
        },
    )
