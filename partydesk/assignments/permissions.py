"""Who may do what with an assignment: pure predicates over the actor's capabilities."""

from __future__ import annotations

from typing import Any

from partydesk.assignments.models import Assignment, Evaluation, Role, State
from partydesk.core.http import Acting
from partydesk.organizations.models import Organization

VIEW = "assignments.view"
ASSIGN = "assignments.assign"
ADVISE = "assignments.advise"  # the advisory body's step of the year's evaluation


def _on(actor: Acting, capability: str, organization: Organization | None) -> bool:
    return organization is not None and actor.can(capability, on=organization)


def is_lead(actor: Acting, assignment: Assignment) -> bool:
    """The lead person, or someone who assigns work in the lead unit (its head)."""
    user: Any = actor.user
    if assignment.lead_user_id is not None:
        return bool(user is not None and assignment.lead_user_id == user.pk)
    return _on(actor, ASSIGN, assignment.lead_unit)


def is_assigner(actor: Acting, assignment: Assignment) -> bool:
    user: Any = actor.user
    return user is not None and assignment.assigner_id == user.pk


def can_work_on(actor: Acting, assignment: Assignment) -> bool:
    """Report progress or completion: the lead, while the work is open, and only on work
    not handled through an incoming document (that goes through the document's page)."""
    return (
        not assignment.is_closed
        and assignment.role != Role.INFO
        and not assignment.on_document
        and is_lead(actor, assignment)
    )


def can_break_down(actor: Acting, assignment: Assignment) -> bool:
    """Pass part of the work on: the lead unit's head (or the lead person) on open work."""
    return (
        not assignment.is_closed
        and assignment.role != Role.INFO
        and not assignment.on_document
        and is_lead(actor, assignment)
        and (assignment.lead_unit_id is None or _on(actor, ASSIGN, assignment.lead_unit))
    )


def can_cancel(actor: Acting, assignment: Assignment) -> bool:
    return (
        not assignment.is_closed and not assignment.on_document and is_assigner(actor, assignment)
    )


def can_decide_extension(actor: Acting, assignment: Assignment) -> bool:
    """Approve or refuse more time: the assigner, on open work."""
    return not assignment.is_closed and is_assigner(actor, assignment)


def can_review(actor: Acting, assignment: Assignment) -> bool:
    """Accept a completion report with a quality mark, or return it: the assigner, once,
    on work reported done."""
    return (
        assignment.state == State.DONE
        and assignment.accepted_at is None
        and is_assigner(actor, assignment)
    )


def can_return(actor: Acting, assignment: Assignment) -> bool:
    """Work handled on a document's page is reopened there, not here (ADR 0023)."""
    return can_review(actor, assignment) and not assignment.on_document


def speaks_for(actor: Acting, evaluation: Evaluation) -> bool:
    """The person evaluated; for a collective, whoever gives work in the unit while acting
    for it (its head), not the agency above that also holds the capability there."""
    user: Any = actor.user
    if user is None:
        return False
    if evaluation.unit_id is None:
        return evaluation.person_id == user.pk
    scope = actor.scope
    return scope is not None and scope.pk == evaluation.unit_id and actor.can(ASSIGN)


def is_own(actor: Acting, evaluation: Evaluation) -> bool:
    """Nobody appraises, decides or answers for their own evaluation: the person, or the
    collective's head who speaks for it or self-assessed it."""
    user: Any = actor.user
    if user is None:
        return False
    return (
        evaluation.person_id == user.pk
        or evaluation.self_by_id == user.pk
        or speaks_for(actor, evaluation)
    )
