"""Factories for organizations and people; they go through the services like real writes."""

from __future__ import annotations

import datetime as dt
import io
import itertools
from typing import Any

from openpyxl import Workbook

from partydesk.core.http import SYSTEM
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
        acting=SYSTEM,
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
        acting=SYSTEM,
        organization=organization,
        full_name=full_name or f"Nguyễn Văn {n}",
        citizen_id=kwargs.pop("citizen_id", f"{n:012d}"),  # type: ignore[arg-type]
        **kwargs,  # type: ignore[arg-type]
    )


def make_member(
    organization: Organization,
    full_name: str = "",
    *,
    status: str = "official",
    decision: dt.date = dt.date(2015, 3, 2),
    ceremony: dt.date | None = dt.date(2015, 3, 20),
    official: dt.date | None = dt.date(2016, 4, 1),
    **kwargs: object,
) -> Person:
    """A person with a membership record (official by default)."""
    from partydesk.organizations.services import membership_record

    person = make_person(organization, full_name, **kwargs)
    membership_record(
        acting=SYSTEM,
        person=person,
        status=status,
        admission_decision_date=decision,
        ceremony_date=ceremony,
        official_recognition_date=official if status == "official" else None,
    )
    person.refresh_from_db()
    return person


HEADER_EN = [
    "Full name",
    "Date of birth",
    "Gender",
    "Citizen ID",
    "Organization code",
    "Membership status",
    "Admission decision date",
    "Admission ceremony date",
    "Official recognition date",
]


def workbook(rows: list[list[Any]], header: list[str] = HEADER_EN) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def good_row(code: str, name: str, cid: str) -> list[Any]:
    return [name, "17/05/1990", "Nam", cid, code, "Chính thức",
            dt.date(2015, 3, 2), "20/03/2015", "2016-04-01"]  # fmt: skip
