"""What every assignment write does: a history row, an audit event, notifications."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.urls import reverse
from django.utils import timezone

from partydesk.accounts.models import User
from partydesk.accounts.selectors import users_with
from partydesk.assignments.models import Assignment, AssignmentEvent
from partydesk.assignments.permissions import ASSIGN
from partydesk.core.audit import audit_log
from partydesk.core.services.notifications import notify

ASSIGNED = "assignments.assigned"
DUE_SOON = "assignments.due_soon"
OVERDUE = "assignments.overdue"
UPDATED = "assignments.updated"


def record(
    assignment: Assignment,
    action: str,
    *,
    actor: User | None,
    note: str = "",
    details: dict[str, Any] | None = None,
) -> AssignmentEvent:
    """Write the history row and the audit event of one step."""
    event = AssignmentEvent.objects.create(
        assignment=assignment,
        action=action,
        actor=actor,
        at=timezone.now(),
        note=note,
        details=details or {},
    )
    audit_log(
        actor=actor,
        action=f"assignments.assignment.{action}",
        target=assignment,
        organization_id=assignment.organization_id,
        details=details,
    )
    return event


def lead_people(assignment: Assignment) -> list[User]:
    """Who answers for the work: the lead person, or those who assign work in the lead unit."""
    if assignment.lead_user is not None:
        return [assignment.lead_user]
    assert assignment.lead_unit is not None
    return users_with(capability=ASSIGN, organization=assignment.lead_unit)


def tell(
    people: Iterable[User | None],
    assignment: Assignment,
    *,
    kind: str,
    title: str,
    skip: User | None = None,
    urgent: bool = False,
) -> None:
    """One in-app notification per person about this assignment (email as they chose)."""
    recipients = [p for p in people if p is not None and (skip is None or p.pk != skip.pk)]
    notify(
        recipients=recipients,
        kind=kind,
        title=title,
        url=reverse("assignments:detail", args=[assignment.pk]),
        urgent=urgent,
        organization_id=assignment.organization_id,
        target=assignment,
    )


def reopened(assignment: Assignment) -> list[str]:
    """Clear what belonged to the closed result of work being reopened: its completion time
    and the assigner's acceptance and mark. Returns the fields changed."""
    fields = []
    if assignment.completed_at is not None:
        assignment.completed_at = None
        fields.append("completed_at")
    if assignment.accepted_at is not None or assignment.quality:
        assignment.accepted_at, assignment.quality = None, ""
        fields += ["accepted_at", "quality"]
    return fields
