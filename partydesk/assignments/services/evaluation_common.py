"""What every step of the evaluation procedure shares: its audit event, its notification,
the row lock, and who speaks for the evaluated (the person, or a collective's head)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from partydesk.accounts.models import User
from partydesk.accounts.selectors import users_with
from partydesk.assignments.models import Evaluation
from partydesk.assignments.permissions import ASSIGN
from partydesk.core.audit import audit_log
from partydesk.core.services.notifications import notify

EVALUATION = "assignments.evaluation"


def say(evaluation: Evaluation, verb: str, actor: User | None, **details: Any) -> None:
    if evaluation.unit_id is not None:
        details["collective"] = evaluation.unit_id
    audit_log(
        actor=actor,
        action=f"assignments.evaluation.{verb}",
        target=evaluation,
        organization_id=evaluation.organization_id,
        details={"year": evaluation.year, **details},
    )


def tell(people: list[User], evaluation: Evaluation, title: str) -> None:
    notify(
        recipients=people,
        kind=EVALUATION,
        title=title,
        url=reverse("assignments:evaluation", args=[evaluation.pk]),
        organization_id=evaluation.organization_id,
        target=evaluation,
    )


def lock(evaluation: Evaluation) -> Evaluation:
    return (
        Evaluation.objects.select_for_update(of=("self",))
        .select_related("organization", "person", "unit")
        .get(pk=evaluation.pk)
    )


def unit_heads(unit: Any) -> list[User]:
    """Who gives work in the unit through a grant on the unit itself (its head and deputies),
    not those who hold it through a grant on an organization above."""
    heads = users_with(capability=ASSIGN, organization=unit)
    if unit.parent is None:
        return heads
    above = {u.pk for u in users_with(capability=ASSIGN, organization=unit.parent)}
    return [u for u in heads if u.pk not in above]


def evaluated_people(evaluation: Evaluation) -> list[User]:
    """Whom the evaluation concerns: the person, or the collective's heads."""
    if evaluation.unit is not None:
        return unit_heads(evaluation.unit)
    return [evaluation.person] if evaluation.person is not None else []


def others(capability: str, evaluation: Evaluation, user: Any) -> list[User]:
    """Who holds `capability` on the agency, but neither the actor nor those evaluated."""
    evaluated = {u.pk for u in evaluated_people(evaluation)}
    return [
        u
        for u in users_with(capability=capability, organization=evaluation.organization)
        if u != user and u.pk not in evaluated
    ]


def record_json(record: Any) -> dict[str, int]:
    keys = ("on_time", "late", "overdue", "exceeding", "below", "not_yet_due")
    return {key: getattr(record, key) for key in keys}
