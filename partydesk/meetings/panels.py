"""Meetings' dashboard panel: the person's meetings of the coming week."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from partydesk.core.dashboard import Panel
from partydesk.core.http import acting
from partydesk.meetings.selectors.meetings import meeting_get_for, meeting_list_for
from partydesk.meetings.selectors.minutes import meeting_id_of_minutes_document

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


def document_panels(request: HttpRequest, document: Any) -> list[Panel]:
    """On the documents app's page of filed minutes: the meeting they came from, for those
    who see that meeting (a link is not a permission)."""
    if not request.user.is_authenticated:
        return []
    meeting_id = meeting_id_of_minutes_document(document.pk)
    if meeting_id is None:
        return []
    try:
        meeting = meeting_get_for(acting(request), meeting_id)
    except Http404:
        return []
    return [
        Panel(
            title=_("Minutes of a meeting"),
            template="meetings/panels/minutes_source.html",
            context={"meeting": meeting},
            order=40,
        )
    ]
