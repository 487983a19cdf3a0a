"""The timeline (Gantt-style) of my work, the work I gave, or my unit's, over a quarter,
and the month's calendar of deadlines, with the list's filters; drawn on the server with
CSS alone."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from partydesk.accounts.actor import AuthenticatedRequest
from partydesk.assignments.forms import FilterForm
from partydesk.assignments.models import Assignment
from partydesk.assignments.permissions import ASSIGN, VIEW
from partydesk.assignments.selectors.assignments import assignment_list_for
from partydesk.assignments.selectors.feeds import feed_active_for, feed_token
from partydesk.assignments.selectors.timeline import (
    MAX_ROWS,
    Quarter,
    month_weeks,
    quarter_months,
    timeline_bars,
)
from partydesk.assignments.views.lists import TITLES, asked_view


def _asked(
    request: AuthenticatedRequest, period: str
) -> tuple[str, FilterForm, QuerySet[Assignment], str]:
    """The list asked for (view and filters, scoped), and the query string without `period`."""
    view = asked_view(request)
    form = FilterForm(request.GET or None)
    kept = request.GET.copy()
    kept.pop(period, None)
    return view, form, assignment_list_for(request.actor, form.filters(view)), kept.urlencode()


def _common(request: AuthenticatedRequest, view: str, form: FilterForm) -> dict[str, object]:
    return {
        "view": view,
        "title": TITLES[view],
        "form": form,
        "max_rows": MAX_ROWS,
        "can_view_unit": request.actor.can(VIEW),
        "can_assign": request.actor.can(ASSIGN),
    }


@login_required
def timeline(request: AuthenticatedRequest) -> HttpResponse:
    view, form, rows, kept = _asked(request, "quarter")
    today = timezone.localdate()
    quarter = Quarter.parse(request.GET.get("quarter", ""), today)
    bars, more = timeline_bars(rows, quarter, today)
    context = {
        **_common(request, view, form),
        "bars": bars,
        "more": more,
        "quarter": quarter,
        "previous": quarter.shifted(-1),
        "next": quarter.shifted(1),
        "months": quarter_months(quarter),
        "today_column": quarter.column(today) if quarter.first <= today <= quarter.last else 0,
        "kept": kept,
    }
    return render(request, "assignments/timeline.html", context)


def _month(raw: str, today: dt.date) -> dt.date:
    """ "2026-12" as its first day; this month when it does not parse."""
    year, _sep, month = raw.partition("-")
    if year.isdigit() and month.isdigit() and 2000 <= int(year) <= 2100 and 1 <= int(month) <= 12:
        return dt.date(int(year), int(month), 1)
    return today.replace(day=1)


def _feed_url(request: AuthenticatedRequest, view: str) -> str:
    """The address of the person's live feed of this list, if they made one."""
    feed = feed_active_for(request.actor, view)
    if feed is None:
        return ""
    return settings.SITE_URL + reverse("assignments:feed", args=[feed_token(feed)])


@login_required
def calendar(request: AuthenticatedRequest) -> HttpResponse:
    """The month's deadlines, one cell a day (a list of days on a phone)."""
    view, form, rows, kept = _asked(request, "month")
    today = timezone.localdate()
    first = _month(request.GET.get("month", ""), today)
    weeks, more = month_weeks(rows, first)
    previous = (first - dt.timedelta(days=1)).replace(day=1)
    following = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    context = {
        **_common(request, view, form),
        "weeks": weeks,
        "more": more,
        "first": first,
        "previous": previous,
        "next": following,
        "today": today,
        "kept": kept,
        "any_due": any(d.rows for week in weeks for d in week),
        "feed_url": _feed_url(request, view),
    }
    return render(request, "assignments/calendar.html", context)
