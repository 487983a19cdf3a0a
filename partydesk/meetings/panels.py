"""Meetings' dashboard panel: the person's meetings of the coming week."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from partydesk.core.dashboard import Panel
from partydesk.core.http import acting
from partydesk.meetings.selectors.meetings import meeting_list_for

SHOWN = 6


def upcoming_panels(request: HttpRequest) -> list[Panel]:
    """Meetings in the next seven days the person sees (left out when there are none)."""
    if not request.user.is_authenticated:
        return []
    soon = timezone.now() + dt.timedelta(days=7)
    rows = list(
        meeting_list_for(acting(request), upcoming=True).filter(starts_at__lte=soon)[:SHOWN]
    )
    if not rows:
        return []
    return [
        Panel(
            title=_("Upcoming meetings"),
            template="meetings/panels/upcoming.html",
            context={"meetings": rows},
            order=30,
        )
    ]
