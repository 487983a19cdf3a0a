"""The capabilities meetings declares (apps.py) and checks, and who belongs to a meeting."""

from __future__ import annotations

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
