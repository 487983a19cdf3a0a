"""Reads of people and their histories on behalf of someone acting for `scope`."""

from __future__ import annotations

from django.db.models import F, Q, QuerySet
from django.db.models.expressions import OrderBy
from django.http import Http404

from partydesk.core.text import fold
from partydesk.organizations.models import (
    MembershipEvent,
    MembershipStatus,
    Organization,
    PartyMembership,
    Person,
    Position,
    path_prefix_q,
)
from partydesk.organizations.transitions import ACTIVE_STATUSES

# Sort keys offered to users -> ORDER BY (always ending in a unique column for stable pages).
PERSON_SORTS: dict[str, tuple[str, ...]] = {
    "name": ("sort_key", "id"),
    "-name": ("-sort_key", "-id"),
    "birth_date": ("birth_date", "sort_key", "id"),
    "-birth_date": ("-birth_date", "sort_key", "id"),
    "organization": ("organization__path", "sort_key", "id"),
    "admitted": ("membership__admission_decision_date", "sort_key", "id"),
    "-admitted": ("-membership__admission_decision_date", "sort_key", "id"),
}
STATUS_FILTERS = ("active", "none", *MembershipStatus.values)


def person_list_for(
    scope: Organization | None,
    *,
    query: str = "",
    organization: Organization | None = None,
    status: str = "",
    sort: str = "name",
) -> QuerySet[Person]:
    """People attached to the scope (or to `organization`'s subtree inside it).

    `query` matches names ignoring diacritics, case and Unicode form, or the start of a
    citizen ID; `status` is a membership status, "active" (candidate or official) or "none"
    (not a member)."""
    if scope is None:
        return Person.objects.none()
    root = organization if organization is not None and organization.is_within(scope) else scope
    qs = Person.objects.filter(path_prefix_q(root.path, "organization__path"))
    folded = fold(query)
    if folded:
        digits = folded.replace(" ", "")
        match = Q(search_name__contains=folded)
        if digits.isdigit():
            match |= Q(citizen_id__startswith=digits)
        qs = qs.filter(match)
    if status == "active":
        qs = qs.filter(membership__status__in=ACTIVE_STATUSES)
    elif status == "none":
        qs = qs.filter(membership__isnull=True)
    elif status in MembershipStatus.values:
        qs = qs.filter(membership__status=status)
    ordering: tuple[str | OrderBy, ...] = PERSON_SORTS.get(sort, PERSON_SORTS["name"])
    if folded and ordering[0] in ("sort_key", "-sort_key"):
        ordering = (_name_order_for_search(descending=ordering[0] == "-sort_key"), *ordering[1:])
    return qs.select_related("organization__parent", "membership").order_by(*ordering)


def _name_order_for_search(*, descending: bool) -> OrderBy:
    """Order by name in a way the name btree cannot serve (sort_key is never NULL, so
    NULLS FIRST changes no result). Otherwise PostgreSQL walks that index in name order and
    filters '%q%' row by row: 24 s for "nguyen van" over 5.3M people, because the first match
    sits past every name before "nguyen". Without it the trigram index finds the matches and
    a top-N sort picks the page: 1.2 s at national scale (docs/performance.md)."""
    name = F("sort_key")
    return name.desc(nulls_first=True) if descending else name.asc(nulls_first=True)


def person_get_for(scope: Organization | None, pk: int) -> Person:
    """One person attached to the scope, else 404."""
    if scope is None:
        raise Http404("no acting organization")
    person = (
        Person.objects.filter(path_prefix_q(scope.path, "organization__path"), pk=pk)
        .select_related(
            "organization__parent", "membership", "membership__away_organization__parent"
        )
        .first()
    )
    if person is None:
        raise Http404("person not found")
    return person


def organization_members(org: Organization) -> QuerySet[Person]:
    """People attached directly to `org`, current members first."""
    return (
        Person.objects.filter(organization=org)
        .select_related("membership")
        .order_by("sort_key", "id")
    )


def person_positions(person: Person) -> QuerySet[Position]:
    return (
        Position.objects.filter(person=person)
        .select_related("organization__parent", "term")
        .order_by("-starts_on")
    )


def membership_history(membership: PartyMembership) -> QuerySet[MembershipEvent]:
    return MembershipEvent.objects.filter(membership=membership).select_related(
        "from_organization__parent", "to_organization__parent"
    )


def membership_list_for(
    scope: Organization | None, *, status: str = ""
) -> QuerySet[PartyMembership]:
    """Memberships of people attached to the scope."""
    if scope is None:
        return PartyMembership.objects.none()
    qs = PartyMembership.objects.filter(path_prefix_q(scope.path, "person__organization__path"))
    if status == "active":
        qs = qs.filter(status__in=ACTIVE_STATUSES)
    elif status in MembershipStatus.values:
        qs = qs.filter(status=status)
    return qs.select_related("person", "person__organization").order_by("person__sort_key", "id")


def membership_get_for(scope: Organization | None, person_id: int) -> PartyMembership:
    person = person_get_for(scope, person_id)
    membership = (
        PartyMembership.objects.filter(person=person).select_related("person__organization").first()
    )
    if membership is None:
        raise Http404("no membership")
    return membership
