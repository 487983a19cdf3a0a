"""Today's dashboard and the health check."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from partydesk.core.dashboard import panels_for

# The notifications context processor reuses the panels built here (same request attribute).
REQUEST_PANELS_ATTR = "dashboard_panels"


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """What needs me now: every registered panel for the acting organization."""
    panels = panels_for(request)
    setattr(request, REQUEST_PANELS_ATTR, panels)
    total = sum(panel.count for panel in panels)
    urgent = sum(panel.count for panel in panels if panel.urgent)
    return render(
        request,
        "core/dashboard.html",
        {
            "panels": panels,
            "total_count": total,
            "urgent_count": urgent,
            "areas_count": sum(1 for panel in panels if panel.count),
        },
    )


def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness and database reachability for the reverse proxy and monitors."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
