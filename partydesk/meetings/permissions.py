"""The capabilities meetings declares (apps.py) and checks, and who belongs to a meeting."""

from __future__ import annotations

import datetime as dt
from typing import Any

from partydesk.meetings.models import Meeting

VIEW = "meetings.view"
ORGANIZE = "meetings.organize"


def is_in_composition(user: Any, meeting: Meeting) -> bool:
    """The chair, the secretary, the hosts of its sites and everyone invited."""
    if user is None or not user.is_authenticated:
        return False
    if user.pk in (meeting.chair_id, meeting.secretary_id):
        return True
    return (
        meeting.participants.filter(user=user).exists() or meeting.sites.filter(host=user).exists()
    )


def materials_open_at(meeting: Meeting) -> dt.datetime:
    """When participants may read the materials: the kind's number of days ahead."""
    return meeting.starts_at - dt.timedelta(days=meeting.kind.materials_days_ahead)


def materials_open(meeting: Meeting, now: dt.datetime) -> bool:
    return now >= materials_open_at(meeting)
