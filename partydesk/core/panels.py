"""The core's own dashboard panel: my unread notifications, from every module."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _

from partydesk.core.dashboard import Panel
from partydesk.core.selectors import notification_list_for
from partydesk.core.services.notifications import notification_kind_label

SHOWN = 8


def notification_panels(request: HttpRequest) -> list[Panel]:
    """Unread notifications, urgent ones first (left out when there are none)."""
    if not request.user.is_authenticated:
        return []
    unread = list(notification_list_for(request.user, unread_only=True)[:200])
    if not unread:
        return []
    unread.sort(key=lambda n: not n.urgent)
    for row in unread[:SHOWN]:
        row.kind_label = notification_kind_label(row.kind, row.params)  # type: ignore[attr-defined]
    return [
        Panel(
            title=_("Unread notifications"),
            template="core/panels/notifications.html",
            context={"notifications": unread[:SHOWN]},
            count=len(unread),
            order=40,
            urgent=any(n.urgent for n in unread),
        )
    ]
