"""Background jobs of the assignments app (thin: call a service)."""

from __future__ import annotations

from django_tasks import task

from partydesk.assignments.services.reminders import assignments_remind


@task()
def assignments_remind_due() -> int:
    """The daily reminder run; how many reminders went out."""
    return sum(assignments_remind().values())
