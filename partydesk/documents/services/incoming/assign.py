"""Assigning an incoming document (phân công, bút phê) and passing it on inside a unit."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partydesk.accounts.models import User
from partydesk.accounts.selectors import users_with
from partydesk.core.calendar import add_working_days
from partydesk.core.errors import InvalidInput, NotAllowed
from partydesk.documents import keeper
from partydesk.documents.keeper import AssignmentRole, AssignmentStatus, HandlingAssignment
from partydesk.documents.models import Document, NotificationKind, ReaderReason, Status
from partydesk.documents.permissions import (
    can_assign_document,
    can_assign_documents,
    can_subassign,
    can_subassign_assignment,
)
from partydesk.documents.services import records
from partydesk.documents.transitions import check_transition
from partydesk.organizations.models import Organization

MAX_WORKING_DAYS = 120


@dataclass(frozen=True)
class Assignee:
    """A unit or a person, as the leader picked them."""

    user: User | None = None
    organization: Organization | None = None

    def __post_init__(self) -> None:
        if (self.user is None) == (self.organization is None):
            raise ValueError("an assignee is a user or a unit")

    @property
    def label(self) -> str:
        return str(self.user or self.organization)


def _check_assignee(document: Document, assignee: Assignee) -> None:
    home = document.organization
    if assignee.organization is not None:
        if document.secrecy:
            raise InvalidInput(
                _("A classified document is assigned to named people, not to units."),
                field="lead",
            )
        if not assignee.organization.is_within(home):
            raise InvalidInput(
                _("%(unit)s is not a unit of %(org)s.")
                % {"unit": assignee.organization, "org": home},
                field="lead",
            )
        return
    assert assignee.user is not None
    grants = records.grants_of(assignee.user)
    if not any(g.organization.is_within(home) or home.is_within(g.organization) for g in grants):
        raise InvalidInput(
            _("%(name)s does not work in %(org)s.") % {"name": assignee.user, "org": home},
            field="lead",
        )


def _deadline(working_days: int | None, start: dt.date) -> dt.date | None:
    if working_days is None:
        return None
    if not 1 <= working_days <= MAX_WORKING_DAYS:
        raise InvalidInput(
            _("The deadline must be between 1 and %(max)s working days.")
            % {"max": MAX_WORKING_DAYS},
            field="working_days",
        )
    return add_working_days(start, working_days)


def _create_assignment(
    document: Document,
    assignee: Assignee,
    *,
    role: str,
    actor: User,
    instruction: str,
    working_days: int | None,
    deadline: dt.date | None,
    parent: HandlingAssignment | None = None,
) -> HandlingAssignment:
    handles = role != AssignmentRole.INFO
    made = keeper.assignment_made(
        document,
        parent_id=parent.pk if parent is not None else None,
        role=role,
        unit_id=assignee.organization.pk if assignee.organization is not None else None,
        user_id=assignee.user.pk if assignee.user is not None else None,
        assigner_id=actor.pk,
        instruction=instruction,
        working_days=working_days if handles else None,
        deadline=deadline if handles else None,
    )
    assignment = HandlingAssignment(
        pk=keeper.assignment_create(made),
        document_id=document.pk,
        parent_id=made.parent_id,
        role=role,
        organization_id=made.unit_id,
        user_id=made.user_id,
        assigned_by_id=actor.pk,
        instruction=instruction,
        working_days=made.working_days,
        deadline=made.deadline,
        status=AssignmentStatus.OPEN,
        report="",
        created_at=timezone.now(),
        completed_at=None,
        organization=assignee.organization,
        user=assignee.user,
        assigned_by=actor,
    )
    assignment.document = document
    if assignee.user is not None:
        records.add_reader(document, assignee.user, reason=ReaderReason.ASSIGNEE, added_by=actor)
        records.notify([assignee.user], document, NotificationKind.ASSIGNED)
    else:
        assert assignee.organization is not None
        heads = users_with(capability="documents.assign", organization=assignee.organization)
        records.notify([u for u in heads if u.pk != actor.pk], document, NotificationKind.ASSIGNED)
    return assignment


@transaction.atomic
def incoming_assign(
    *,
    actor: User,
    document: Document,
    lead: Assignee,
    co_handlers: list[Assignee] | None = None,
    for_information: list[Assignee] | None = None,
    instruction: str = "",
    working_days: int = 10,
) -> list[HandlingAssignment]:
    """The leader's assignment: a lead (chủ trì), co-handlers (phối hợp) and readers (để
    biết), each handler with a deadline counted in working days from today."""
    document = records.lock(document)
    grants = records.grants_of(actor)
    if not can_assign_document(actor, grants, document):
        if not can_assign_documents(grants, document.organization):
            raise NotAllowed(
                _("Only a leader of %(org)s assigns its documents.")
                % {"org": document.organization}
            )
        check_transition(document.direction, document.status, Status.ASSIGNED)
    everyone = [lead, *(co_handlers or []), *(for_information or [])]
    seen: set[tuple[str, int]] = set()
    for assignee in everyone:
        _check_assignee(document, assignee)
        ident = ("u", assignee.user.pk) if assignee.user else ("o", assignee.organization.pk)  # type: ignore[union-attr]
        if ident in seen:
            raise InvalidInput(
                _("%(name)s is chosen twice; pick each unit or person once.")
                % {"name": assignee.label},
                field="co_handlers",
            )
        seen.add(ident)
    deadline = _deadline(working_days, timezone.localdate())
    created = [
        _create_assignment(
            document,
            lead,
            role=AssignmentRole.LEAD,
            actor=actor,
            instruction=instruction,
            working_days=working_days,
            deadline=deadline,
        )
    ]
    for role, group in ((AssignmentRole.CO, co_handlers), (AssignmentRole.INFO, for_information)):
        for assignee in group or []:
            created.append(
                _create_assignment(
                    document,
                    assignee,
                    role=role,
                    actor=actor,
                    instruction=instruction,
                    working_days=working_days,
                    deadline=deadline,
                )
            )
    document.dispatched_on = timezone.localdate()
    document.save(update_fields=["dispatched_on", "updated_at"])
    records.move(
        document,
        Status.ASSIGNED,
        actor=actor,
        action="assigned",
        note=instruction,
        details={
            "lead": lead.label,
            "co": [a.label for a in co_handlers or []],
            "info": [a.label for a in for_information or []],
            "deadline": deadline.isoformat() if deadline else None,
        },
    )
    records.index(document)
    return created


def _lock_assignment(assignment: HandlingAssignment) -> HandlingAssignment:
    """The assignment locked (then its document, in that order), freshly read."""
    locked = keeper.assignment_of(assignment.document, assignment.pk, lock=True)
    if locked is None:  # removed since the page was drawn: nothing left to do
        raise InvalidInput(_("This assignment no longer exists."))
    locked.document = records.lock(assignment.document)
    return locked


def _start_handling(document: Document, actor: User, note: str) -> None:
    if document.status == Status.ASSIGNED:
        records.move(
            document, Status.IN_PROGRESS, actor=actor, action="handling_started", note=note
        )


@transaction.atomic
def assignment_subassign(
    *,
    actor: User,
    assignment: HandlingAssignment,
    user: User,
    instruction: str = "",
    working_days: int | None = None,
) -> HandlingAssignment:
    """A unit passes its assignment to one of its people, within the unit's deadline."""
    assignment = _lock_assignment(assignment)
    document = assignment.document
    grants = records.grants_of(actor)
    if not can_subassign_assignment(actor, grants, assignment):
        if not can_subassign(actor, grants, assignment):
            raise NotAllowed(_("Only the head of the assigned unit passes it on."))
        if assignment.is_done:
            raise InvalidInput(_("This assignment is already done."))
        if assignment.role == AssignmentRole.INFO:
            raise InvalidInput(_("A document sent for information is not handled further."))
        raise InvalidInput(_("This document is not being handled now."))
    assignee = Assignee(user=user)
    _check_assignee(document, assignee)
    days = working_days if working_days is not None else assignment.working_days
    deadline = _deadline(days, timezone.localdate()) if days else assignment.deadline
    if assignment.deadline and deadline and deadline > assignment.deadline:
        raise InvalidInput(
            _("The internal deadline cannot be later than the unit's deadline (%(day)s).")
            % {"day": assignment.deadline.strftime("%d/%m/%Y")},
            field="working_days",
        )
    child = _create_assignment(
        document,
        assignee,
        role=assignment.role,
        actor=actor,
        instruction=instruction,
        working_days=days,
        deadline=deadline,
        parent=assignment,
    )
    if assignment.status == AssignmentStatus.OPEN:
        assignment.status = AssignmentStatus.IN_PROGRESS
        keeper.assignment_progress([assignment.pk], actor=actor, note=instruction)
    records.record_event(
        document,
        action="subassigned",
        actor=actor,
        note=instruction,
        details={"to": str(user), "deadline": deadline.isoformat() if deadline else None},
    )
    records.audit(actor, "subassigned", document, to=user.pk)
    _start_handling(document, actor, instruction)
    return child
