"""What the organization pickers offer: the choosable organizations as a labelled tree, and
the recipient groups with the organizations each stands for. Used by documents and exchange."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from partydesk.core.text import fold
from partydesk.organizations.models import (
    Organization,
    OrganizationKind,
    RecipientGroup,
    RecipientRule,
    path_prefix_q,
)

CELL_KINDS = (OrganizationKind.GRASSROOTS_CELL, OrganizationKind.SUBORDINATE_CELL)


@dataclass(frozen=True)
class PickerNode:
    """One choice of a tree picker: indented by depth, named with its parent, searchable."""

    value: str
    label: str
    context: str  # the parent's name, so "Chi bộ Văn phòng" is told apart from its namesakes
    depth: int
    search: str  # folded label and context: the picker's search ignores diacritics
    section: str = ""


def organization_picker_nodes(
    organizations: Iterable[Organization], *, prefix: str = "", section: str = ""
) -> list[PickerNode]:
    """The organizations in tree order, each with its parent's name and its depth below the
    shallowest of them. Parents come from one query (they may not be choosable themselves)."""
    orgs = sorted(organizations, key=lambda o: o.path)
    if not orgs:
        return []
    parent_ids = {o.parent_id for o in orgs if o.parent_id}
    parents = dict(Organization.objects.filter(pk__in=parent_ids).values_list("pk", "name"))
    top = min(o.depth for o in orgs)
    nodes = []
    for org in orgs:
        context = parents.get(org.parent_id, "") if org.parent_id else ""
        nodes.append(
            PickerNode(
                value=f"{prefix}{org.pk}",
                label=org.name,
                context=context,
                depth=min(org.depth - top, 6),
                search=fold(f"{org.name} {org.short_name} {org.code} {context}"),
                section=section,
            )
        )
    return nodes


def recipient_group_list_for(issuer: Organization) -> QuerySet[RecipientGroup]:
    """Active groups offered to the issuer: installation-wide ones and those of its branch."""
    above = [int(s) for s in issuer.path.split(".") if s]
    return RecipientGroup.objects.filter(
        Q(owner__isnull=True) | Q(owner_id__in=above), is_active=True
    ).order_by("position", "name")


def recipient_group_members(
    *, group: RecipientGroup, issuer: Organization
) -> QuerySet[Organization]:
    """The current organizations the group stands for when `issuer` sends: never the issuer
    itself, never a department, only inside the issuer's subtree."""
    base = (
        Organization.objects.filter(path_prefix_q(issuer.path), valid_to__isnull=True)
        .exclude(pk=issuer.pk)
        .exclude(kind=OrganizationKind.DEPARTMENT)
    )
    params = group.parameters or {}
    if group.rule == RecipientRule.KINDS_BELOW:
        return base.filter(kind__in=list(params.get("kinds") or []))
    if group.rule == RecipientRule.CHILDREN:
        return base.filter(parent=issuer)
    if group.rule == RecipientRule.CELLS_OF:
        of = Organization.objects.filter(code=params.get("organization", "")).first()
        if of is None:
            return base.none()
        return base.filter(parent=of, kind__in=CELL_KINDS)
    return base.none()
