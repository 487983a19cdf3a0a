"""API routes for organizations and people, scoped exactly as the UI is."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from partydesk.organizations import selectors

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


class PersonOut(Schema):
    id: int
    full_name: str
    birth_date: dt.date | None
    gender: str
    organization_id: int


def _scope(request: HttpRequest):  # type: ignore[no-untyped-def]
    return getattr(request, "acting_organization", None)


@router.get("/organizations", response=list[OrganizationOut])
@paginate(LimitOffsetPagination)
def organization_list(request: HttpRequest):  # type: ignore[no-untyped-def]
    return selectors.organization_list_for(_scope(request))


@router.get("/organizations/{org_id}", response=OrganizationOut)
def organization_detail(request: HttpRequest, org_id: int):  # type: ignore[no-untyped-def]
    return selectors.organization_get_for(_scope(request), org_id)


@router.get("/people", response=list[PersonOut])
@paginate(LimitOffsetPagination)
def person_list(request: HttpRequest, q: str = ""):  # type: ignore[no-untyped-def]
    return selectors.person_list_for(_scope(request), query=q)


@router.get("/people/{person_id}", response=PersonOut)
def person_detail(request: HttpRequest, person_id: int):  # type: ignore[no-untyped-def]
    return selectors.person_get_for(_scope(request), person_id)
