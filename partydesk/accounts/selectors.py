"""Reads about a user's roles and the organization scope they act in."""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone

from partydesk.accounts.models import RoleGrant, User
from partydesk.organizations.models import Organization


def grant_list_current(user: User) -> list[RoleGrant]:
    """The user's grants valid today, with role and organization loaded."""
    if not user.is_authenticated:
        return []
    today = timezone.localdate()
    return list(
        RoleGrant.objects.filter(user=user, valid_from__lte=today)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today))
        .filter(organization__valid_to__isnull=True)
        .select_related("role", "organization")
    )


def acting_organization_resolve(user: User, grants: list[RoleGrant]) -> Organization | None:
    """The organization the user acts for: their choice if a grant covers it, else the
    organization of their first grant, else none (then every scoped read is empty)."""
    chosen = user.acting_organization
    if chosen is not None and any(chosen.is_within(g.organization) for g in grants):
        return chosen
    return grants[0].organization if grants else None


def acting_choices(grants: list[RoleGrant]) -> list[Organization]:
    """Organizations the user may switch to: those of their grants, once each, in tree order."""
    seen: dict[int, Organization] = {}
    for grant in grants:
        seen.setdefault(grant.organization_id, grant.organization)
    return sorted(seen.values(), key=lambda org: org.path)
