"""Reads about a user's roles and the organization scope they act in.

Sub-modules: `users` (accounts an administrator sees), `tokens` (a user's API tokens),
`audit` (the audit trail of a scope).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from partydesk.accounts.actor import Actor
from partydesk.accounts.models import Role, RoleGrant, User
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
        .select_related("role", "organization__parent")
    )


def acting_organization_resolve(user: User, grants: list[RoleGrant]) -> Organization | None:
    """The organization the user acts for: their choice if a grant covers it, else the
    organization of their first grant, else none (then every scoped read is empty)."""
    chosen_id = user.acting_organization_id
    if chosen_id is not None:
        # Usually the choice is a granted organization, already loaded with the grants.
        for grant in grants:
            if grant.organization_id == chosen_id:
                return grant.organization
        chosen = user.acting_organization
        if (
            chosen is not None
            and chosen.valid_to is None
            and any(chosen.is_within(g.organization) for g in grants)
        ):
            return chosen
    return grants[0].organization if grants else None


def actor_for(user: User) -> Actor:
    """The user as they act today: current grants and the organization acted for."""
    grants = grant_list_current(user)
    return Actor(user=user, grants=grants, scope=acting_organization_resolve(user, grants))


def acting_choices(grants: list[RoleGrant]) -> list[Organization]:
    """Organizations the user may switch to: those of their grants, once each, in tree order."""
    seen: dict[int, Organization] = {}
    for grant in grants:
        seen.setdefault(grant.organization_id, grant.organization)
    return sorted(seen.values(), key=lambda org: org.path)


def role_list() -> list[Role]:
    """Every role, for the grant form."""
    return list(Role.objects.order_by("name"))


def audit_organization_id(user: User) -> int | None:
    """The organization an account's own events (logins, settings) are recorded under: the
    one it acts for, else its person's, so the auditors of that organization see them."""
    acting = acting_organization_resolve(user, grant_list_current(user))
    if acting is not None:
        return acting.pk
    return user.person.organization_id if user.person is not None else None


def recovery_codes_left(user: User) -> int:
    """How many recovery codes the user has not used yet."""
    return user.recovery_codes.filter(used_at__isnull=True).count()


def switch_target_get_for(grants: list[RoleGrant], pk: int) -> Organization:
    """An organization the user may act for (one of their grants covers it), else 404."""
    organization = Organization.objects.filter(pk=pk, valid_to__isnull=True).first()
    if organization is None or not any(organization.is_within(g.organization) for g in grants):
        raise Http404("organization not found")
    return organization


def _grants_today_on(organization_ids: Iterable[int]) -> QuerySet[RoleGrant]:
    """Grants valid today on any of these organizations, of active users, with their role."""
    today = timezone.localdate()
    return (
        RoleGrant.objects.filter(organization_id__in=organization_ids, valid_from__lte=today)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today))
        .filter(user__is_active=True)
        .select_related("role", "user")
    )


def users_with(*, capability: str, organization: Organization) -> list[User]:
    """Active users holding `capability` on `organization` through a grant valid today on it
    or on an organization above it (whom to notify of work waiting there)."""
    ancestor_ids = [int(s) for s in organization.path.split(".") if s]
    grants = _grants_today_on(ancestor_ids)
    users: dict[int, User] = {}
    for grant in grants:
        if capability in (grant.role.capabilities or []):
            users.setdefault(grant.user_id, grant.user)
    return list(users.values())


def users_with_each(
    *, capabilities: Sequence[str], organizations: Sequence[Organization]
) -> dict[str, dict[int, list[User]]]:
    """`users_with` for many organizations and capabilities at once, in one query:
    capability -> organization id -> its people (a release registered at thousands of
    recipients names each one's clerks)."""
    wanted = {o.pk: [int(s) for s in o.path.split(".") if s] for o in organizations}
    ancestor_ids = {pk for path in wanted.values() for pk in path}
    grants = _grants_today_on(ancestor_ids)
    holding: dict[str, dict[int, dict[int, User]]] = {c: {} for c in capabilities}
    for grant in grants:
        for capability in capabilities:
            if capability in (grant.role.capabilities or []):
                holding[capability].setdefault(grant.organization_id, {})[grant.user_id] = (
                    grant.user
                )
    result: dict[str, dict[int, list[User]]] = {}
    for capability, by_grant_org in holding.items():
        result[capability] = {}
        for pk, path in wanted.items():
            users: dict[int, User] = {}
            for ancestor in path:
                users.update(by_grant_org.get(ancestor, {}))
            result[capability][pk] = list(users.values())
    return result
