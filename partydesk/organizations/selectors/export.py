"""The people list as an .xlsx workbook, with the same columns the import reads."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from partydesk.core.workbook import rows_workbook
from partydesk.organizations.models import Person
from partydesk.organizations.workbook import COLUMNS

MAX_EXPORT_ROWS = 100_000


def _rows(people: QuerySet[Person]) -> Iterator[list[Any]]:
    for person in people[:MAX_EXPORT_ROWS].iterator(chunk_size=2000):
        membership = getattr(person, "membership", None)
        values: dict[str, Any] = {
            "full_name": person.full_name,
            "birth_date": person.birth_date,
            "gender": person.get_gender_display() if person.gender else "",
            "citizen_id": person.citizen_id or "",
            "phone": person.phone,
            "email": person.email,
            "workplace": person.workplace,
            "organization_code": person.organization.code,
            "status": "",
            "admission_decision_date": None,
            "ceremony_date": None,
            "official_recognition_date": None,
            "card_number": "",
            "dues_category": "",
        }
        if membership is not None:
            values.update(
                status=membership.get_status_display(),
                admission_decision_date=membership.admission_decision_date,
                ceremony_date=membership.ceremony_date,
                official_recognition_date=membership.official_recognition_date,
                card_number=membership.card_number,
                dues_category=membership.get_dues_category_display(),
            )
        yield [*(values[c.key] for c in COLUMNS), person.organization.name]


def people_workbook(people: QuerySet[Person]) -> bytes:
    """Write `people` (already filtered and scoped by the caller) to a workbook."""
    people = people.select_related("organization", "membership")
    header = [str(c.label) for c in COLUMNS] + [_("Organization")]
    return rows_workbook(_("People"), header, _rows(people))
