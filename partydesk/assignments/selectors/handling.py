"""What documents reads of the assignments of its incoming documents, through the keeper
(documents.keeper, ADR 0023), in documents' own words (`HandlingAssignment`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet

from partydesk.assignments.models import CLOSED, Assignment, Role, SourceKind
from partydesk.documents.keeper import Documents, HandlingAssignment


def _handling() -> QuerySet[Assignment]:
    return Assignment.objects.filter(source_kind=SourceKind.INCOMING, on_document=True)


def _of(documents: Documents) -> Q:
    if isinstance(documents, QuerySet):
        return Q(source_id__in=documents)
    return Q(source_id=documents)


def _seen(assignment: Assignment) -> HandlingAssignment:
    assert assignment.source_id is not None
    return HandlingAssignment(
        pk=assignment.pk,
        document_id=assignment.source_id,
        parent_id=assignment.parent_id,
        role=assignment.role,
        organization_id=assignment.lead_unit_id,
        user_id=assignment.lead_user_id,
        assigned_by_id=assignment.assigner_id,
        instruction=assignment.content,
        working_days=assignment.working_days,
        deadline=assignment.deadline,
        status=assignment.state,
        report=assignment.report,
        created_at=assignment.created_at,
        completed_at=assignment.completed_at,
        organization=assignment.lead_unit,
        user=assignment.lead_user,
        assigned_by=assignment.assigner,
    )


def _loaded(rows: QuerySet[Assignment]) -> QuerySet[Assignment]:
    return rows.select_related("lead_unit", "lead_user__person", "assigner__person")


def handling_assignments_of(documents: Documents) -> list[HandlingAssignment]:
    """The assignments of some incoming documents, in (parent, role, id) order."""
    rows = _loaded(_handling().filter(_of(documents))).order_by("parent_id", "role", "id")
    return [_seen(a) for a in rows]


def handling_assignment_get(document_id: int, pk: int, lock: bool) -> HandlingAssignment | None:
    """One assignment of the document, locked when asked."""
    rows = _handling().filter(source_id=document_id, pk=pk)
    if lock:
        rows = rows.select_for_update(of=("self",))
    found = _loaded(rows).first()
    return _seen(found) if found is not None else None


def handling_assignments_open_for(
    user_id: int, unit_path: str | None, documents: QuerySet[Any], limit: int
) -> list[HandlingAssignment]:
    """Open handling work (not for information) of a person, or also of the units under
    `unit_path`, among `documents`, by deadline."""
    if limit <= 0:
        return []
    whose = Q(lead_user_id=user_id)
    if unit_path is not None:
        whose |= Q(lead_user__isnull=True, lead_unit__path__startswith=unit_path)
    rows = (
        _handling()
        .filter(whose, source_id__in=documents)
        .exclude(state__in=CLOSED)
        .exclude(role=Role.INFO)
        .order_by("deadline", "id")
    )
    return [_seen(a) for a in _loaded(rows)[:limit]]


def handling_document_ids(
    *,
    document: Any = None,
    documents: QuerySet[Any] | None = None,
    unit_ids: list[int] | None = None,
    user_id: int | None = None,
    overdue_on: dt.date | None = None,
    top_only: bool = False,
    handling_only: bool = False,
) -> QuerySet[Any]:
    """A sub-query of the ids of the documents with an assignment matching the criteria."""
    rows = _handling()
    if document is not None:
        rows = rows.filter(source_id=document)
    if documents is not None:
        rows = rows.filter(source_id__in=documents)
    if unit_ids is not None:
        rows = rows.filter(lead_unit_id__in=unit_ids)
    if user_id is not None:
        rows = rows.filter(lead_user_id=user_id)
    if overdue_on is not None:
        rows = rows.filter(deadline__lt=overdue_on).exclude(state__in=CLOSED)
    if top_only:
        rows = rows.filter(parent__isnull=True)
    if handling_only:
        rows = rows.exclude(role=Role.INFO)
    return rows.values("source_id")
