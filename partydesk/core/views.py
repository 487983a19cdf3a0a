"""Today's dashboard, the bell in the top bar, the patterns page and the health check."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from partydesk.core.dashboard import figures_for, panels_for

# The notifications context processor reuses the panels built here (same request attribute),
# and renders the full bell only when they are there; other pages load it afterwards.
REQUEST_PANELS_ATTR = "dashboard_panels"


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """What needs me now: every registered panel for the acting organization."""
    panels = panels_for(request)
    setattr(request, REQUEST_PANELS_ATTR, panels)
    return render(
        request,
        "core/dashboard.html",
        {
            "panels": panels,
            "figures": figures_for(request, panels),
        },
    )


@login_required
def notification_bell(request: HttpRequest) -> HttpResponse:
    """The bell with its count and menu, fetched by app.js once a page has loaded, so that
    ordinary pages do not pay for every app's panel queries while they render. The marker
    header lets the script tell the bell from a login or second-factor page it was sent to."""
    setattr(request, REQUEST_PANELS_ATTR, panels_for(request))
    response = render(request, "partials/notifications.html")
    response["Cache-Control"] = "private, no-store"
    response["X-Partydesk-Fragment"] = "bell"
    return response


class PatternForm(forms.Form):
    """A sample form for the interface patterns page."""

    title = forms.CharField(label=_("Title"), help_text=_("As written on the document."))
    due_on = forms.DateField(
        label=_("Due on"), widget=forms.DateInput(attrs={"type": "date"}), required=False
    )
    urgent = forms.BooleanField(label=_("Urgent"), required=False)


@login_required
def patterns(request: HttpRequest) -> HttpResponse:
    """The shared partials with sample data, for people building pages (staff or DEBUG)."""
    if not (settings.DEBUG or request.user.is_staff):
        raise Http404
    form = PatternForm(data={"title": "", "due_on": "2026-13-01"})
    form.is_valid()
    rows: list[tuple[str, int, float]] = [
        ("Đảng bộ Sở Y tế", 412, 100),
        ("Đảng bộ Trường Đại học Vinh", 388, 94.2),
        ("Chi bộ Sở Tư pháp", 38, 9.2),
        ("Chi bộ Báo Nghệ An", 31, 7.5),
    ]
    page = Paginator(list(range(95)), 20).get_page(request.GET.get("page", 2))
    return render(request, "core/patterns.html", {"form": form, "rows": rows, "page": page})


def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness and database reachability for the reverse proxy and monitors."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
