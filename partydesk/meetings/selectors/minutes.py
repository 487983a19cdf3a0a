"""Reading the minutes: a meeting's (if any), and the meeting a filed document came from."""

from __future__ import annotations

from partydesk.meetings.models import Meeting, Minutes


def minutes_of(meeting: Meeting) -> Minutes | None:
    return Minutes.objects.filter(meeting=meeting).first()


def meeting_id_of_minutes_document(document_id: int) -> int | None:
    """The meeting whose minutes were filed as this document, if any (one indexed query)."""
    return (
        Minutes.objects.filter(document_id=document_id).values_list("meeting_id", flat=True).first()
    )
