"""Template context for the top bar: the notification count behind the bell.

The count is the sum of Panel.count over the dashboard panels. Panels cost every app a few
queries, so ordinary pages render only a placeholder bell (`notifications_ready` is false)
that htmx replaces from core:notification_bell once the page has loaded. The dashboard,
which builds the panels anyway, leaves them on the request and gets the full bell at once.
Nothing is computed unless a template reads the values, and at most once per request.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from partydesk.core.dashboard import Panel, panels_for

REQUEST_ATTR = "dashboard_panels"


def request_panels(request: HttpRequest) -> list[Panel]:
    """The dashboard panels of this request, built once and kept on the request."""
    panels: list[Panel] | None = getattr(request, REQUEST_ATTR, None)
    if panels is None:
        user = getattr(request, "user", None)
        panels = panels_for(request) if user is not None and user.is_authenticated else []
        setattr(request, REQUEST_ATTR, panels)
    return panels


def notifications(request: HttpRequest) -> dict[str, Any]:
    """`notification_count` (int), `notification_panels` (those with something to do) and
    `notifications_ready` (the panels are already built: render the bell in full)."""

    def count() -> int:
        return sum(panel.count for panel in request_panels(request))

    def pending() -> list[Panel]:
        return [panel for panel in request_panels(request) if panel.count]

    return {
        "notification_count": SimpleLazyObject(count),
        "notification_panels": SimpleLazyObject(pending),
        "notifications_ready": getattr(request, REQUEST_ATTR, None) is not None,
    }
