"""Reads of the organization tree on behalf of someone acting for `scope`.

`scope` is the organization the user acts for; they see it and everything below it.
Anything outside answers Http404, so ids of other organizations do not leak.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When
from django.http import Http404

from partydesk.core.text import fold, vn_sort_key
from partydesk.organizations.models import (
    PATH_STEP,
    CommitteeTerm,
    Organization,
    OrganizationKind,
    OrganizationRevision,
    Position,
    PositionTitle,
    Restructuring,
    RestructuringKind,
    path_prefix_q,
)

# Positions listed by rank (secretary first), the order of PositionTitle.
TITLE_RANK = Case(
    *(When(title=value, then=Value(rank)) for rank, value in enumerate(PositionTitle.values)),
    default=Value(len(PositionTitle.values)),
    output_field=IntegerField(),
)


def _require_scope(scope: Organization | None) -> Organization:
    if scope is None:
        raise Http404("no acting organization")
    return scope


def organization_subtree(
    root: Organization, *, include_ended: bool = False
) -> QuerySet[Organization]:
    """`root` and everything below it: one prefix query on the indexed path."""
    qs = Organization.objects.filter(path_prefix_q(root.path))
    if not include_ended:
        qs = qs.filter(valid_to__isnull=True)
    return qs


def organization_list_for(
    scope: Organization | None,
    *,
    include_ended: bool = False,
    query: str = "",
    parent_id: int | None = None,
) -> QuerySet[Organization]:
    """Organizations the acting user may see; `query` matches names (ignoring diacritics),
    short names and codes; `parent_id` keeps the direct children of one organization."""
    if scope is None:
        return Organization.objects.none()
    qs = organization_subtree(scope, include_ended=include_ended)
    folded = fold(query)
    if folded:
        qs = qs.filter(Q(search_name__contains=folded) | Q(code__istartswith=query.strip()))
    if parent_id is not None:
        qs = qs.filter(parent_id=parent_id)
    return qs


def organization_get_for(scope: Organization | None, pk: int) -> Organization:
    """One organization inside the scope (ended ones too, for history), else 404."""
    root = _require_scope(scope)
    org = (
        Organization.objects.filter(path_prefix_q(root.path), pk=pk)
        .select_related("parent", "successor")
        .first()
    )
    if org is None:
        raise Http404("organization not found")
    return org


def organization_get_by_code_for(scope: Organization | None, code: str) -> Organization | None:
    """An active organization in the scope by its code, or None."""
    if scope is None or not code:
        return None
    return organization_subtree(scope).filter(code=code.strip()).first()


def organization_transfer_target(code: str) -> Organization | None:
    """Any active organization of this installation by code: members may transfer anywhere
    in the installation, not only inside the sender's scope."""
    return Organization.objects.filter(code=code.strip(), valid_to__isnull=True).first()


def organization_directory(*, query: str = "") -> QuerySet[Organization]:
    """Active organizations of the whole installation by name or code, for choosing where a
    member transfers (names and codes only; nothing inside them is readable outside scope)."""
    qs = Organization.objects.filter(valid_to__isnull=True)
    folded = fold(query)
    if folded:
        qs = qs.filter(Q(search_name__contains=folded) | Q(code__istartswith=query.strip()))
    return qs.only("id", "code", "name", "path")


def organization_ancestors(scope: Organization, org: Organization) -> list[Organization]:
    """The chain from the scope down to `org`'s parent, for breadcrumbs (one query)."""
    step = PATH_STEP + 1
    ids = [int(org.path[i : i + PATH_STEP]) for i in range(0, len(org.path), step)][:-1]
    return list(
        Organization.objects.filter(path_prefix_q(scope.path), pk__in=ids).order_by("depth")
    )


def organization_children(org: Organization) -> QuerySet[Organization]:
    """Active units directly below `org`, each with its number of units and people."""
    return (
        Organization.objects.filter(parent=org, valid_to__isnull=True)
        .annotate(
            unit_count=Count("children", filter=Q(children__valid_to__isnull=True), distinct=True),
            people_count=Count("people", distinct=True),
        )
        .order_by("sort_key", "id")
    )


def organization_tree_on(scope: Organization | None, on: dt.date) -> list[OrganizationRevision]:
    """The structure inside the scope as it stood on a past date, from revisions."""
    root = _require_scope(scope)
    ids = Organization.objects.filter(path_prefix_q(root.path)).values("id")
    return list(
        OrganizationRevision.objects.filter(organization_id__in=ids, valid_from__lte=on)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))
        .select_related("organization")
        .order_by("organization__path")
    )


@dataclass(frozen=True)
class TreeNode:
    """One organization as it stood on a date, for the tree browser."""

    id: int
    code: str
    name: str
    short_name: str
    abbreviation: str
    kind: str
    unit_count: int
    ended: bool

    @property
    def kind_label(self) -> str:
        return str(OrganizationKind(self.kind).label)


def _valid_on(on: dt.date) -> Q:
    return Q(valid_from__lte=on) & (Q(valid_to__isnull=True) | Q(valid_to__gte=on))


def organization_nodes_on(
    scope: Organization | None, on: dt.date, parent_id: int | None = None
) -> list[TreeNode]:
    """One level of the tree as it stood on `on`: the scope itself (parent_id None) or the
    children of `parent_id` (404 outside the scope). Two queries, whatever the size."""
    root = _require_scope(scope)
    revisions = OrganizationRevision.objects.filter(_valid_on(on)).select_related("organization")
    if parent_id is None:
        revisions = revisions.filter(organization=root)
    else:
        organization_get_for(root, parent_id)
        revisions = revisions.filter(
            path_prefix_q(root.path, "organization__path"), parent_id=parent_id
        )
    # Past names have no stored key: one level is small, so sort it here, in Vietnamese order.
    rows = sorted(revisions, key=lambda r: (vn_sort_key(r.name), r.organization_id))
    counts = dict(
        OrganizationRevision.objects.filter(_valid_on(on))
        .filter(parent_id__in=[r.organization_id for r in rows])
        .values_list("parent_id")
        .annotate(n=Count("id"))
        .values_list("parent_id", "n")
    )
    return [
        TreeNode(
            id=r.organization_id,
            code=r.organization.code,
            name=r.name,
            short_name=r.short_name,
            abbreviation=r.abbreviation,
            kind=r.organization.kind,
            unit_count=counts.get(r.organization_id, 0),
            ended=r.organization.valid_to is not None,
        )
        for r in rows
    ]


def revision_on(org: Organization, on: dt.date) -> OrganizationRevision | None:
    """What `org` was called and where it hung on a date (None: it did not exist then)."""
    return OrganizationRevision.objects.filter(_valid_on(on), organization=org).first()


def revision_list(org: Organization) -> QuerySet[OrganizationRevision]:
    return OrganizationRevision.objects.filter(organization=org).select_related("parent")


def restructuring_list(org: Organization) -> QuerySet[Restructuring]:
    """Every restructuring that started, changed or ended `org`, newest first."""
    ids = Restructuring.objects.filter(Q(sources=org) | Q(targets=org)).values("id")
    return Restructuring.objects.filter(id__in=ids).prefetch_related("sources", "targets")


@dataclass(frozen=True)
class HistoryEntry:
    """One restructuring as the organization's page tells it: what it changed for this unit."""

    event: Restructuring
    sources: list[Organization]
    targets: list[Organization]


def organization_history(org: Organization) -> list[HistoryEntry]:
    """The restructurings of `org`, newest first, each naming what changed for it.

    A decision that created or ended many organizations at once (a committee's founding, a
    first import) names only this one: the other units it listed did not change it. A merge,
    split or move names every organization it joined or divided."""
    entries = []
    for event in restructuring_list(org):
        sources, targets = list(event.sources.all()), list(event.targets.all())
        if event.kind in (RestructuringKind.CREATE, RestructuringKind.DISSOLVE):
            sources = [o for o in sources if o.pk == org.pk]
            targets = [o for o in targets if o.pk == org.pk]
        entries.append(HistoryEntry(event, sources, targets))
    return entries


def term_list(org: Organization) -> QuerySet[CommitteeTerm]:
    return CommitteeTerm.objects.filter(organization=org).order_by("-starts_on")


def term_on(organization: Organization, on: dt.date) -> CommitteeTerm | None:
    """The committee term of `organization` covering `on` (numbering runs per term)."""
    return (
        CommitteeTerm.objects.filter(organization=organization, starts_on__lte=on)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on))
        .order_by("-starts_on")
        .first()
    )


def term_get_for(organization: Organization, pk: int) -> CommitteeTerm:
    term = CommitteeTerm.objects.filter(organization=organization, pk=pk).first()
    if term is None:
        raise Http404("term not found")
    return term


def position_list(org: Organization, *, current_on: dt.date | None = None) -> QuerySet[Position]:
    """Positions in `org` (only those held on `current_on` if given), with people and terms."""
    qs = Position.objects.filter(organization=org).select_related("person", "term")
    if current_on is not None:
        qs = qs.filter(starts_on__lte=current_on).filter(
            Q(ends_on__isnull=True) | Q(ends_on__gte=current_on)
        )
    return qs.order_by(TITLE_RANK, "starts_on", "id")


def position_get_for(scope: Organization | None, pk: int) -> Position:
    root = _require_scope(scope)
    position = (
        Position.objects.filter(path_prefix_q(root.path, "organization__path"), pk=pk)
        .select_related("person", "organization", "term")
        .first()
    )
    if position is None:
        raise Http404("position not found")
    return position
