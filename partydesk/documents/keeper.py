"""The assignments of incoming documents, kept by the assignments app (ADR 0023).

There is one assignment system: the assignments app owns every assignment, also the leader's
phân công/bút phê of an incoming document and a unit's passing it on. Documents sits below
that app and may not import it, so the app registers a keeper here in its `ready()` (the
pattern of the observers in `hooks.py`); the handling services make and move assignments
through it inside their transaction, and documents' pages and rules read them through it as
`HandlingAssignment` values, never through the other app's tables.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models import OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from partydesk.accounts.models import User
    from partydesk.documents.models import Document
    from partydesk.organizations.models import Organization


class AssignmentRole(models.TextChoices):
    LEAD = "lead", _("Lead (chủ trì)")
    CO = "co", _("Co-handler (phối hợp)")
    INFO = "info", _("For information (để biết)")


class AssignmentStatus(models.TextChoices):
    OPEN = "open", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")


# States in which an assignment is no longer worked on (the assignments app's withdrawal
# included, although work handled on a document's page is not withdrawn there).
CLOSED_STATES = ("done", "cancelled")


@dataclass(frozen=True)
class AssignmentMade:
    """An assignment made while an incoming document is handled (a leader's, or a unit's
    passed on to one of its people: then `parent_id` is the unit's assignment)."""

    parent_id: int | None
    document_id: int
    organization_id: int
    title: str
    source_label: str
    role: str
    unit_id: int | None
    user_id: int | None
    assigner_id: int | None
    instruction: str
    working_days: int | None
    deadline: dt.date | None
    start_date: dt.date
    restricted: bool
    state: str = AssignmentStatus.OPEN
    report: str = ""
    completed_at: dt.datetime | None = None
    created_at: dt.datetime | None = None


@dataclass(frozen=True)
class AssignmentChanged:
    """Assignments moved to `state` (`in_progress` or `done`)."""

    ids: tuple[int, ...]
    state: str
    action: str
    actor_id: int | None
    report: str = ""


@dataclass(eq=False)
class HandlingAssignment:
    """One assignment of an incoming document as documents' pages and rules see it; the
    names are documents' own (`organization` is the unit assigned, `user` the person)."""

    pk: int
    document_id: int
    parent_id: int | None
    role: str
    organization_id: int | None
    user_id: int | None
    assigned_by_id: int | None
    instruction: str
    working_days: int | None
    deadline: dt.date | None
    status: str
    report: str
    created_at: dt.datetime | None
    completed_at: dt.datetime | None
    organization: Organization | None = None
    user: User | None = None
    assigned_by: User | None = None
    # Set by documents once it holds the document (the predicates read its status).
    document: Document = field(init=False)

    def get_role_display(self) -> str:
        return str(dict(AssignmentRole.choices).get(self.role, self.role))

    def get_status_display(self) -> str:
        return str(dict(AssignmentStatus.choices).get(self.status, self.status))

    @property
    def is_done(self) -> bool:
        return self.status in CLOSED_STATES

    @property
    def assignee_label(self) -> str:
        return str(self.user) if self.user_id else str(self.organization)

    @property
    def past_reply_due(self) -> bool:
        """Its deadline falls after the date by which the document itself must be answered
        (allowed, but the leader is warned)."""
        due = self.document.due_date
        return bool(self.deadline and due and self.deadline > due)

    def is_overdue(self, today: dt.date) -> bool:
        return self.deadline is not None and not self.is_done and self.deadline < today


# A document, by id, by `OuterRef` (for a correlated EXISTS) or a sub-query of ids.
Documents = int | OuterRef | QuerySet[Any]


@dataclass(frozen=True)
class AssignmentKeeper:
    """What the owner of assignments does for documents (every call in the caller's
    transaction)."""

    # Make one; returns its id.
    create: Callable[[AssignmentMade], int]
    # Move some (started, reopened, completed).
    change: Callable[[AssignmentChanged], None]
    # The assignments of some documents, lead and people loaded, in (parent, role, id) order.
    of_documents: Callable[[Documents], list[HandlingAssignment]]
    # One assignment of one document, locked when asked (None if it is not one of its own).
    get: Callable[[int, int, bool], HandlingAssignment | None]
    # The open handling work (not for information) of a person, or also of the units under a
    # path, among some documents, by deadline, at most `limit`.
    open_for: Callable[[int, str | None, QuerySet[Any], int], list[HandlingAssignment]]
    # A sub-query of the ids of the documents with an assignment matching the criteria
    # (keyword arguments of `document_ids`).
    document_ids: Callable[..., QuerySet[Any]]


_keepers: list[AssignmentKeeper] = []


def assignment_keeper_register(keeper: AssignmentKeeper) -> AssignmentKeeper:
    """The app that owns assignments (there is one: the assignments app)."""
    _keepers[:] = [keeper]
    return keeper


def keeper() -> AssignmentKeeper:
    if not _keepers:
        raise RuntimeError("No assignment keeper is registered: install the assignments app.")
    return _keepers[0]


def assignment_start(document: Document, deadline: dt.date | None) -> dt.date:
    """When the work began: the document's arrival (or today), never after its deadline."""
    start = document.arrival_date or timezone.localdate()
    return min(start, deadline) if deadline else start


def assignment_made(
    document: Document,
    *,
    role: str,
    unit_id: int | None,
    user_id: int | None,
    assigner_id: int | None,
    instruction: str,
    working_days: int | None,
    deadline: dt.date | None,
    parent_id: int | None = None,
    state: str = AssignmentStatus.OPEN,
    report: str = "",
    completed_at: dt.datetime | None = None,
    created_at: dt.datetime | None = None,
) -> AssignmentMade:
    """What the keeper is told of an assignment of `document`."""
    return AssignmentMade(
        parent_id=parent_id,
        document_id=document.pk,
        organization_id=document.organization_id,
        title=document.subject[:300],
        source_label=document.symbol or "",
        role=role,
        unit_id=unit_id,
        user_id=user_id,
        assigner_id=assigner_id,
        instruction=instruction,
        working_days=working_days,
        deadline=deadline,
        start_date=assignment_start(document, deadline),
        restricted=bool(document.secrecy),
        state=state,
        report=report,
        completed_at=completed_at,
        created_at=created_at,
    )


def assignment_create(made: AssignmentMade) -> int:
    """Hand a new assignment to the keeper (in the caller's transaction); its id."""
    return keeper().create(made)


def _change(ids: Sequence[int], state: str, action: str, actor: User | None, report: str) -> None:
    if ids:
        actor_id = actor.pk if actor is not None else None
        keeper().change(AssignmentChanged(tuple(ids), state, action, actor_id, report))


def assignment_progress(
    ids: Sequence[int], *, actor: User | None, action: str = "started", note: str = ""
) -> None:
    """Assignments are being worked on (again: `action="reopened"`)."""
    _change(ids, AssignmentStatus.IN_PROGRESS, action, actor, note)


def assignment_complete(ids: Sequence[int], *, actor: User | None, report: str) -> None:
    """Assignments are done, with the completion report."""
    _change(ids, AssignmentStatus.DONE, "completed", actor, report)


def assignments_of(document: Document) -> list[HandlingAssignment]:
    """The document's assignments, in (parent, role, id) order, each holding the document."""
    found = keeper().of_documents(document.pk)
    for assignment in found:
        assignment.document = document
    return found


def assignment_of(document: Document, pk: int, *, lock: bool = False) -> HandlingAssignment | None:
    """One of the document's assignments (None if `pk` is not one of its own)."""
    found = keeper().get(document.pk, pk, lock)
    if found is not None:
        found.document = document
    return found


def top_lead(assignments: Iterable[HandlingAssignment]) -> HandlingAssignment | None:
    """The leader's lead assignment (not one passed on)."""
    return next(
        (a for a in assignments if a.parent_id is None and a.role == AssignmentRole.LEAD), None
    )


def document_ids(**criteria: Any) -> QuerySet[Any]:
    """Ids of documents with an assignment matching `criteria`: `document` (an id or an
    `OuterRef`), `documents` (a sub-query), `unit_ids`, `user_id`, `overdue_on` (a date: open,
    due before it), `top_only` (not passed on), `handling_only` (not for information)."""
    return keeper().document_ids(**criteria)
