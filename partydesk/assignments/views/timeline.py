"""The timeline (Gantt-style) of my work, the work I gave, or my unit's, over a quarter,
with the list's filters; drawn on the server with CSS bars."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from partydesk.accounts.actor import AuthenticatedRequest
from partydesk.assignments.forms import FilterForm
from partydesk.assignments.permissions import ASSIGN, VIEW
from partydesk.assignments.selectors.assignments import VIEWS, assignment_list_for
from partydesk.assignments.selectors.timeline import (
    MAX_ROWS,
    Quarter,
    quarter_months,
    timeline_bars,
)
from partydesk.assignments.views.lists import TITLES


@login_required
def timeline(request: AuthenticatedRequest) -> HttpResponse:
    actor = request.actor
    actor.require_scope()
    view = request.GET.get("view", "mine")
    if view not in VIEWS:
        view = "mine"
    if view == "unit":
        actor.require(VIEW)
    today = timezone.localdate()
    quarter = Quarter.parse(request.GET.get("quarter", ""), today)
    form = FilterForm(request.GET or None)
    bars, more = timeline_bars(assignment_list_for(actor, form.filters(view)), quarter, today)
    kept = request.GET.copy()
    kept.pop("quarter", None)
    context = {
        "view": view,
        "title": TITLES[view],
        "form": form,
        "bars": bars,
        "more": more,
        "max_rows": MAX_ROWS,
        "quarter": quarter,
        "previous": quarter.shifted(-1),
        "next": quarter.shifted(1),
        "months": quarter_months(quarter),
        "today_column": quarter.column(today) if quarter.first <= today <= quarter.last else 0,
        "kept": kept.urlencode(),
        "can_view_unit": actor.can(VIEW),
        "can_assign": actor.can(ASSIGN),
    }
    return render(request, "assignments/timeline.html", context)
