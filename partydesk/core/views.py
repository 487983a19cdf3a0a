"""Today's dashboard and the health check."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from partydesk.core.dashboard import panels_for


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """What needs me now."""
    return render(request, "core/dashboard.html", {"panels": panels_for(request)})


def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness and database reachability for the reverse proxy and monitors."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
