"""Background jobs of meetings (thin: call a service)."""

from __future__ import annotations

from django_tasks import task

from partydesk.meetings.services.invitations import meetings_remind


@task()
def meetings_remind_due() -> int:
    """Send the reminders that are due (run every quarter of an hour); how many meetings."""
    return meetings_remind()
