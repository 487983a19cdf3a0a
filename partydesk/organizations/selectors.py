"""Every read of organizations and people on behalf of someone acting for `scope`.

`scope` is the organization the user acts for; they see it and everything below it.
Anything outside answers Http404, so ids of other organizations do not leak.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet
from django.http import Http404

from partydesk.core.text import fold
from partydesk.organizations.models import (
    Organization,
    OrganizationRevision,
    Person,
)


def _require_scope(scope: Organization | None) -> Organization:
    if scope is None:
        raise Http404("no acting organization")
    return scope


def organization_subtree(
    root: Organization, *, include_ended: bool = False
) -> QuerySet[Organization]:
    """`root` and everything below it: one prefix query on the indexed path."""
    qs = Organization.objects.filter(path__startswith=root.path)
    if not include_ended:
        qs = qs.filter(valid_to__isnull=True)
    return qs


def organization_list_for(
    scope: Organization | None, *, include_ended: bool = False
) -> QuerySet[Organization]:
    """Organizations the acting user may see."""
    if scope is None:
        return Organization.objects.none()
    return organization_subtree(scope, include_ended=include_ended)


def organization_get_for(scope: Organization | None, pk: int) -> Organization:
    """One organization inside the scope (ended ones too, for history), else 404."""
    root = _require_scope(scope)
    org = (
        Organization.objects.filter(pk=pk, path__startswith=root.path)
        .select_related("parent", "successor")
        .first()
    )
    if org is None:
        raise Http404("organization not found")
    return org


def organization_tree_on(scope: Organization | None, on: dt.date) -> list[OrganizationRevision]:
    """The structure inside the scope as it stood on a past date, from revisions."""
    root = _require_scope(scope)
    ids = Organization.objects.filter(path__startswith=root.path).values("id")
    return list(
        OrganizationRevision.objects.filter(organization_id__in=ids, valid_from__lte=on)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))
        .select_related("organization")
        .order_by("organization__path")
    )


def person_list_for(scope: Organization | None, *, query: str = "") -> QuerySet[Person]:
    """People active in the scope; `query` matches names ignoring diacritics and case."""
    if scope is None:
        return Person.objects.none()
    qs = Person.objects.filter(organization__path__startswith=scope.path)
    folded = fold(query)
    if folded:
        qs = qs.filter(search_name__contains=folded)
    return qs.select_related("organization", "membership")


def person_get_for(scope: Organization | None, pk: int) -> Person:
    """One person active in the scope, else 404."""
    root = _require_scope(scope)
    person = (
        Person.objects.filter(pk=pk, organization__path__startswith=root.path)
        .select_related("organization", "membership")
        .first()
    )
    if person is None:
        raise Http404("person not found")
    return person
