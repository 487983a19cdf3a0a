"""Accounts an administrator sees: those linked to a person, or holding a grant, in scope."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404

from partydesk.accounts.models import RoleGrant, User
from partydesk.core.text import fold
from partydesk.organizations.models import Organization, Person
from partydesk.organizations.selectors import organization_subtree, person_list_for


def _in_scope(scope: Organization) -> Q:
    grants_in_scope = RoleGrant.objects.filter(
        user=OuterRef("pk"), organization__path__startswith=scope.path
    )
    return Q(person__organization__path__startswith=scope.path) | Q(Exists(grants_in_scope))


def user_list_for(scope: Organization | None, *, query: str = "") -> QuerySet[User]:
    """Accounts in the scope with their person and the grants inside the scope, in one go."""
    if scope is None:
        return User.objects.none()
    qs = User.objects.filter(_in_scope(scope))
    text = query.strip()
    if text:
        folded = fold(text)
        qs = qs.filter(
            Q(username__icontains=text)
            | Q(email__icontains=text)
            | Q(person__search_name__contains=folded)
        )
    grants = RoleGrant.objects.filter(organization__path__startswith=scope.path).select_related(
        "role", "organization__parent"
    )
    return (
        qs.select_related("person", "person__organization__parent")
        .prefetch_related(Prefetch("role_grants", queryset=grants, to_attr="grants_in_scope"))
        .order_by("username")
    )


def user_get_for(scope: Organization | None, pk: int) -> User:
    """One account in the scope (with its grants inside the scope), else 404."""
    user = user_list_for(scope).filter(pk=pk).first()
    if user is None:
        raise Http404("user not found")
    return user


def user_homes(user: User) -> list[Organization]:
    """The organizations an account belongs to: its person's and those of all its grants."""
    homes = Q(role_grants__user=user)
    if user.person_id is not None:
        homes |= Q(people__pk=user.person_id)
    return list(Organization.objects.filter(homes).distinct().order_by("path"))


def grant_list_for_user(scope: Organization | None, user: User) -> list[RoleGrant]:
    """All the user's grants (past, current and future) on organizations inside the scope."""
    if scope is None:
        return []
    return list(
        RoleGrant.objects.filter(user=user, organization__path__startswith=scope.path)
        .select_related("role", "organization", "granted_by")
        .order_by("organization__path", "role__name")
    )


def grant_get_for(scope: Organization | None, pk: int) -> RoleGrant:
    """One grant on an organization inside the scope, else 404."""
    if scope is None:
        raise Http404("grant not found")
    grant = (
        RoleGrant.objects.filter(pk=pk, organization__path__startswith=scope.path)
        .select_related("role", "organization", "user")
        .first()
    )
    if grant is None:
        raise Http404("grant not found")
    return grant


def person_choices_for(scope: Organization | None) -> QuerySet[Person]:
    """People in the scope who have no account yet (a person has at most one)."""
    return person_list_for(scope).filter(user__isnull=True)


def organization_choices_for(scope: Organization | None) -> QuerySet[Organization]:
    """Organizations existing today inside the scope, for the grant form."""
    if scope is None:
        return Organization.objects.none()
    return organization_subtree(scope)
