"""Factories for organizations and people; they go through the services like real writes."""

from __future__ import annotations

import datetime as dt
import itertools

from partydesk.organizations.models import Organization, OrganizationKind, Person
from partydesk.organizations.services import organization_create, person_create

_seq = itertools.count(1)


def make_org(
    name: str = "",
    *,
    parent: Organization | None = None,
    kind: str = OrganizationKind.GRASSROOTS_CELL,
    abbreviation: str = "CB",
    valid_from: dt.date = dt.date(2020, 1, 1),
) -> Organization:
    n = next(_seq)
    return organization_create(
        actor=None,
        name=name or f"Chi bộ {n}",
        abbreviation=abbreviation,
        kind=kind,
        code=f"org-{n}",
        parent=parent,
        valid_from=valid_from,
    )


def make_person(organization: Organization, full_name: str = "", **kwargs: object) -> Person:
    n = next(_seq)
    return person_create(
        actor=None,
        organization=organization,
        full_name=full_name or f"Nguyễn Văn {n}",
        citizen_id=kwargs.pop("citizen_id", f"{n:012d}"),  # type: ignore[arg-type]
        **kwargs,  # type: ignore[arg-type]
    )
