"""API routes for organizations, people and memberships, scoped exactly as the UI is.

The token's user acts for its actor's scope (set by TokenAuth); anything outside
that subtree is 404. People and memberships also need a member-registry role (403 without).
Every list is paginated (limit/offset).
"""

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from partydesk.core.api import Id, Paginated, Text
from partydesk.core.http import acting
from partydesk.organizations import selectors
from partydesk.organizations.models import (
    MembershipEvent,
    Organization,
    PartyMembership,
    Person,
)
from partydesk.organizations.permissions import can_view_people
from partydesk.organizations.views.common import scope_of

router = Router(tags=["organizations"])


class OrganizationOut(Schema):
    id: int
    code: str
    name: str
    short_name: str
    abbreviation: str
    kind: str
    parent_id: int | None
    depth: int
    valid_from: dt.date
    valid_to: dt.date | None
    successor_id: int | None


class TermOut(Schema):
    id: int
    name: str
    starts_on: dt.date
    ends_on: dt.date | None


class OrganizationDetailOut(OrganizationOut):
    place_name: str
    current_term: TermOut | None = None


class MembershipOut(Schema):
    status: str
    admission_decision_date: dt.date
    ceremony_date: dt.date | None
    official_recognition_date: dt.date | None
    card_number: str
    dues_category: str
    ended_on: dt.date | None
    away_since: dt.date | None


class PersonOut(Schema):
    id: int
    full_name: str
    birth_date: dt.date | None
    gender: str
    organization_id: int


class PersonDetailOut(PersonOut):
    citizen_id: str | None
    phone: str
    email: str
    workplace: str
    membership: MembershipOut | None = None

    @staticmethod
    def resolve_membership(obj: Person) -> PartyMembership | None:
        try:
            return obj.membership
        except PartyMembership.DoesNotExist:
            return None


class MembershipEventOut(Schema):
    kind: str
    occurred_on: dt.date
    from_organization_id: int | None
    to_organization_id: int | None
    to_outside: str
    note: str


class MembershipListOut(MembershipOut):
    person_id: int
    full_name: str = Field(alias="person.full_name")
    organization_id: int = Field(alias="person.organization_id")


class MembershipDetailOut(MembershipOut):
    person_id: int
    events: list[MembershipEventOut]

    @staticmethod
    def resolve_events(obj: PartyMembership) -> list[MembershipEvent]:
        return list(selectors.membership_history(obj))


def _require_people(request: HttpRequest, org: Organization) -> None:
    if not can_view_people(acting(request), org):
        raise PermissionDenied("no member-registry role")


@router.get("/organizations", response=list[OrganizationOut])
@paginate(Paginated)
def organization_list(
    request: HttpRequest, parent: Id | None = None, q: Text = "", include_ended: bool = False
):
    """Organizations in scope; `parent` keeps one organization's direct units, `q` searches
    names (diacritics optional) and codes."""
    scope = scope_of(request)
    if parent is not None:
        selectors.organization_get_for(scope, parent)
    return selectors.organization_list_for(
        scope, include_ended=include_ended, query=q[:100], parent_id=parent
    )


@router.get("/organizations/{org_id}", response=OrganizationDetailOut)
def organization_detail(request: HttpRequest, org_id: Id):
    org = selectors.organization_get_for(scope_of(request), org_id)
    org.current_term = selectors.term_on(org, dt.date.today())  # type: ignore[attr-defined]
    return org


@router.get("/organizations/{org_id}/subtree", response=list[OrganizationOut])
@paginate(Paginated)
def organization_subtree(request: HttpRequest, org_id: Id, include_ended: bool = False):
    """The organization and everything below it, in tree order (one indexed query)."""
    org = selectors.organization_get_for(scope_of(request), org_id)
    return selectors.organization_subtree(org, include_ended=include_ended).order_by("path")


@router.get("/organizations/{org_id}/terms", response=list[TermOut])
@paginate(Paginated)
def organization_terms(request: HttpRequest, org_id: Id):
    org = selectors.organization_get_for(scope_of(request), org_id)
    return selectors.term_list(org)


@router.get("/people", response=list[PersonOut])
@paginate(Paginated)
def person_list(
    request: HttpRequest,
    q: Text = "",
    organization: Id | None = None,
    status: Text = "",
    sort: Text = "name",
):
    """People in scope; `q` matches names ignoring diacritics (or a citizen ID prefix),
    `organization` limits to that subtree, `status` is a membership status, active or none."""
    scope = scope_of(request)
    _require_people(request, scope)
    within = selectors.organization_get_for(scope, organization) if organization else None
    return selectors.person_list_for(
        scope, query=q[:100], organization=within, status=status, sort=sort
    )


@router.get("/people/{person_id}", response=PersonDetailOut)
def person_detail(request: HttpRequest, person_id: Id):
    person = selectors.person_get_for(scope_of(request), person_id)
    _require_people(request, person.organization)
    return person


@router.get("/memberships", response=list[MembershipListOut])
@paginate(Paginated)
def membership_list(request: HttpRequest, status: Text = ""):
    """Memberships of people in scope; `status` is a membership status or "active"."""
    scope = scope_of(request)
    _require_people(request, scope)
    return selectors.membership_list_for(scope, status=status)


@router.get("/people/{person_id}/membership", response=MembershipDetailOut)
def membership_detail(request: HttpRequest, person_id: Id):
    """A person's membership with its whole history."""
    membership = selectors.membership_get_for(scope_of(request), person_id)
    _require_people(request, membership.person.organization)
    return membership
