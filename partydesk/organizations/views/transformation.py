"""The digital-transformation page: each module's monthly figures (core.indicators) for one
organization, alone or with everything below it, as charts, tables and an .xlsx file.

The organization is the acting one or one below it (anything else is a 404); a figure shows
only to those who may view its module there, and with none the page is refused."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from partydesk.core.charts import BarChart, bar_chart
from partydesk.core.http import Acting, acting, file_response
from partydesk.core.indicators import Trend, indicators_for, month_starts, trend
from partydesk.core.text import vn_sort_key
from partydesk.core.workbook import XLSX_CONTENT_TYPE, rows_workbook
from partydesk.organizations import selectors
from partydesk.organizations.models import Organization
from partydesk.organizations.views.common import scope_of

PERIODS = (6, 12, 24)
DEFAULT_PERIOD = 12


def may_open(actor: Acting) -> bool:
    """The menu's test: some module's figures are open to the actor where they act."""
    return actor.scope is not None and bool(indicators_for(actor, actor.scope))


@dataclass(frozen=True)
class Figures:
    """What the page and the export show for one organization."""

    organization: Organization
    whole: bool
    period: int
    trends: list[Trend]


def _figures(request: HttpRequest, org_id: int) -> Figures:
    scope = scope_of(request)
    organization = get_object_or_404(selectors.organization_subtree(scope), pk=org_id)
    indicators = indicators_for(acting(request), organization)
    if not indicators:
        raise PermissionDenied(_("None of these figures is open to your roles here."))
    whole = request.GET.get("whole", "1") == "1"  # by default, with everything below
    try:
        period = int(request.GET.get("months", DEFAULT_PERIOD))
    except ValueError:
        period = DEFAULT_PERIOD
    if period not in PERIODS:
        period = DEFAULT_PERIOD
    counted = (
        selectors.organization_subtree(organization)
        if whole
        else Organization.objects.filter(pk=organization.pk)
    )
    months = month_starts(period)
    trends = [trend(indicator, counted, months) for indicator in indicators]  # type: ignore[arg-type]
    return Figures(organization, whole, period, trends)


def _chart(item: Trend) -> BarChart:
    """Bars labelled by month and year; under them the month's number, with the year at
    the first bar and each January (every other month when there are more than 12)."""
    points = [(f"{p.month:%m/%Y}", p.value) for p in item.points]
    every = 2 if len(points) > 12 else 1
    ticks = [
        ""
        if n % every
        else (f"{p.month:%-m/%y}" if n == 0 or p.month.month == 1 else str(p.month.month))
        for n, p in enumerate(item.points)
    ]
    return bar_chart(points, top=100 if item.indicator.share else None, ticks=ticks)


@login_required
@require_GET
def transformation_home(request: HttpRequest) -> HttpResponse:
    """The menu's page: the acting organization's figures."""
    return transformation(request, scope_of(request).pk)


@login_required
@require_GET
def transformation(request: HttpRequest, org_id: int) -> HttpResponse:
    figures = _figures(request, org_id)
    children = sorted(
        selectors.organization_list_for(scope_of(request), parent_id=figures.organization.pk),
        key=lambda org: vn_sort_key(org.name),
    )
    return render(
        request,
        "organizations/transformation.html",
        {
            "figures": figures,
            "cards": [
                (item, _chart(item), f"indicator-{n}") for n, item in enumerate(figures.trends)
            ],
            "children": children,
            "periods": PERIODS,
            "organization": figures.organization,
        },
    )


@login_required
@require_GET
def transformation_export(request: HttpRequest, org_id: int) -> HttpResponse:
    """The same figures as the page, a row per indicator and month, with what each
    percentage was computed from."""
    figures = _figures(request, org_id)
    header = [_("Indicator"), _("Month"), _("Figure"), _("Part counted"), _("Out of")]
    rows = (
        [
            str(item.indicator.label),
            dt.date(point.month.year, point.month.month, 1),
            point.value,
            point.part,
            point.whole if item.indicator.share else None,
        ]
        for item in figures.trends
        for point in item.points
    )
    content = rows_workbook(_("Figures"), header, rows)
    suffix = "-subtree" if figures.whole else ""
    name = f"transformation-{figures.organization.code}{suffix}.xlsx"
    return file_response(content, name, XLSX_CONTENT_TYPE)
