"""Which assignments a person sees while acting for an organization, as one SQL filter.

- Named people (assigner, lead person, for information) see their assignments given in the
  acting organization, in its subtree or above it (a Bloc office's work for a specialist
  who acts for a department).
- Those with assignments.view on the acting organization see the work given in its
  subtree and the work passed to its units from above (a grassroots committee's queue).
- An assignment made from a classified document only shows to the people named on it.
Anything else, another organization's above all, is a 404.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from partydesk.assignments.models import CLOSED, Assignment, ProgressReport, State
from partydesk.assignments.permissions import VIEW
from partydesk.core.http import Acting
from partydesk.organizations.models import Organization

VIEWS = ("mine", "by_me", "unit")
SORTS = {
    "deadline": ("deadline", "id"),
    "-deadline": ("-deadline", "-id"),
    "priority": ("-priority", "deadline", "id"),
    "created": ("-created_at", "-id"),
    "title": ("title_sort_key", "id"),
}


def _named(user_id: int) -> Q:
    return (
        Q(assigner_id=user_id)
        | Q(lead_user_id=user_id)
        | Q(
            pk__in=Assignment.informed.through.objects.filter(user_id=user_id).values(
                "assignment_id"
            )
        )
    )


def visible_assignments(actor: Acting) -> QuerySet[Assignment]:
    """Every assignment the actor may open while acting for their scope."""
    user, scope = actor.user, actor.scope
    if scope is None or user is None or not user.is_authenticated:
        return Assignment.objects.none()
    assert isinstance(scope, Organization)
    subtree = list(
        Organization.objects.filter(path__startswith=scope.path).values_list("pk", flat=True)
    )
    around = subtree + [int(s) for s in scope.path.split(".") if s and int(s) != scope.pk]
    condition = _named(user.pk) & Q(organization_id__in=around)
    if actor.can(VIEW):
        condition |= Q(restricted=False) & (
            Q(organization_id__in=subtree) | Q(lead_unit_id__in=subtree)
        )
    return Assignment.objects.filter(condition)


def assignment_get_for(actor: Acting, pk: int) -> Assignment:
    """One visible assignment, else 404."""
    found = (
        visible_assignments(actor)
        .filter(pk=pk)
        .select_related("organization", "lead_unit", "lead_user", "assigner", "parent")
        .first()
    )
    if found is None:
        raise Http404("assignment not found")
    return found


@dataclass(frozen=True)
class Filters:
    """What a list page asks for (all optional)."""

    view: str = "mine"
    query: str = ""
    state: str = ""  # a State value, "open" (not closed) or "overdue"
    priority: int | None = None
    due_before: dt.date | None = None
    sort: str = "deadline"


def assignment_list_for(actor: Acting, filters: Filters) -> QuerySet[Assignment]:
    """A page of work: mine (I lead or am told of), given by me, or my unit's."""
    rows = visible_assignments(actor)
    user = actor.user
    if filters.view == "mine":
        scope = actor.scope
        rows = rows.filter(
            Q(lead_user_id=user.pk)
            | Q(
                pk__in=Assignment.informed.through.objects.filter(user_id=user.pk).values(
                    "assignment_id"
                )
            )
            | (Q(lead_unit_id=scope.pk) if scope is not None and actor.can(VIEW) else Q(pk=None))
        )
    elif filters.view == "by_me":
        rows = rows.filter(assigner_id=user.pk)
    else:
        scope = actor.scope
        assert scope is not None
        assert isinstance(scope, Organization)
        rows = rows.filter(Q(lead_unit__path__startswith=scope.path) | Q(organization=scope))
    if filters.query:
        rows = rows.filter(
            Q(title__icontains=filters.query) | Q(source_label__icontains=filters.query)
        )
    today = timezone.localdate()
    if filters.state == "active":
        rows = rows.exclude(state__in=CLOSED)
    elif filters.state == "overdue":
        rows = rows.exclude(state__in=CLOSED).filter(deadline__lt=today)
    elif filters.state in State.values:
        rows = rows.filter(state=filters.state)
    if filters.priority:
        rows = rows.filter(priority=filters.priority)
    if filters.due_before:
        rows = rows.filter(deadline__lte=filters.due_before)
    order = SORTS.get(filters.sort, SORTS["deadline"])
    return rows.select_related("lead_unit", "lead_user", "assigner").order_by(*order)


def assignment_tree(assignment: Assignment) -> list[tuple[Assignment, int]]:
    """The assignment's sub-assignments down the tree, each with its depth (1 = child), in
    tree order; read level by level (one query per level)."""
    found: list[tuple[Assignment, int]] = []
    level = [assignment.pk]
    children_of: dict[int, list[Assignment]] = {}
    depth = 0
    while level and depth < 20:
        depth += 1
        rows = list(
            Assignment.objects.filter(parent_id__in=level)
            .select_related("lead_unit", "lead_user")
            .order_by("id")
        )
        for row in rows:
            children_of.setdefault(row.parent_id or 0, []).append(row)
        level = [row.pk for row in rows]

    def walk(pk: int, d: int) -> None:
        for child in children_of.get(pk, []):
            found.append((child, d))
            walk(child.pk, d + 1)

    walk(assignment.pk, 1)
    return found


def assignments_of_source(actor: Acting, kind: str, source_id: int) -> QuerySet[Assignment]:
    """The visible assignments made from one source (a document's panel)."""
    return (
        visible_assignments(actor)
        .filter(source_kind=kind, source_id=source_id)
        .select_related("lead_unit", "lead_user")
        .order_by("id")
    )


def assignments_of_sources(
    actor: Acting, kind: str, source_ids: list[int]
) -> dict[int, list[Assignment]]:
    """The visible assignments made from several sources of one kind, by source id (a
    meeting's conclusions), in one query."""
    found: dict[int, list[Assignment]] = {pk: [] for pk in source_ids}
    if not source_ids:
        return found
    rows = (
        visible_assignments(actor)
        .filter(source_kind=kind, source_id__in=source_ids, parent__isnull=True)
        .select_related("lead_unit", "lead_user__person")
        .order_by("id")
    )
    for row in rows:
        assert row.source_id is not None
        found[row.source_id].append(row)
    return found


def assignment_reports(assignment: Assignment) -> list[ProgressReport]:
    """The progress reports with their authors and files (two queries)."""
    return list(
        assignment.reports.select_related("author").prefetch_related("files").order_by("id")
    )
