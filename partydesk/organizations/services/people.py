"""People: create, edit and bulk-create; `search_name` is always fold(full_name) and
`sort_key` vn_sort_key(full_name)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from partydesk.core.audit import audit_log
from partydesk.core.errors import InvalidInput
from partydesk.core.http import Acting
from partydesk.core.text import fold, vn_sort_key
from partydesk.organizations.models import (
    Gender,
    MembershipEvent,
    MembershipStatus,
    Organization,
    PartyMembership,
    Person,
)
from partydesk.organizations.permissions import can_manage_members, deny_unless

PERSON_FIELDS = ("full_name", "birth_date", "gender", "citizen_id", "phone", "email", "workplace")


def normalize_name(full_name: str) -> str:
    return " ".join((full_name or "").split())


def _validate(person: Person) -> None:
    if not person.full_name:
        raise InvalidInput(_("Enter the full name."), field="full_name")
    if person.gender and person.gender not in Gender.values:
        raise InvalidInput(_("Unknown gender."), field="gender")
    if person.birth_date and person.birth_date > dt.date.today():
        raise InvalidInput(_("The date of birth is in the future."), field="birth_date")
    duplicate = (
        Person.objects.filter(citizen_id=person.citizen_id).exclude(pk=person.pk).exists()
        if person.citizen_id
        else False
    )
    if duplicate:
        raise InvalidInput(_("A person with this citizen ID already exists."), field="citizen_id")
    try:
        person.full_clean(exclude=["organization"], validate_unique=False)
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        raise InvalidInput(messages[0], field=field) from exc


@transaction.atomic
def person_create(
    *,
    acting: Acting,
    organization: Organization,
    full_name: str,
    birth_date: dt.date | None = None,
    gender: str = "",
    citizen_id: str | None = None,
    phone: str = "",
    email: str = "",
    workplace: str = "",
) -> Person:
    """Register a person in an organization; the citizen ID must be unique."""
    deny_unless(can_manage_members(acting, organization))
    if organization.valid_to is not None:
        raise InvalidInput(
            _("This organization has ended; choose an active one."), field="organization"
        )
    name = normalize_name(full_name)
    person = Person(
        organization=organization,
        full_name=name,
        search_name=fold(name),
        sort_key=vn_sort_key(name),
        birth_date=birth_date,
        gender=gender,
        citizen_id=(citizen_id or "").strip() or None,
        phone=phone.strip(),
        email=email.strip(),
        workplace=workplace.strip(),
    )
    _validate(person)
    person.save()
    audit_log(
        actor=acting.user,
        action="organizations.person.created",
        target=person,
        organization_id=organization.pk,
    )
    return person


@transaction.atomic
def person_update(
    *,
    acting: Acting,
    person: Person,
    full_name: str,
    birth_date: dt.date | None = None,
    gender: str = "",
    citizen_id: str | None = None,
    phone: str = "",
    email: str = "",
    workplace: str = "",
) -> Person:
    """Correct a person's details; the searchable name follows the new full name."""
    row = Person.objects.select_for_update().get(pk=person.pk)
    deny_unless(can_manage_members(acting, row.organization))
    name = normalize_name(full_name)
    values = {
        "full_name": name,
        "birth_date": birth_date,
        "gender": gender,
        "citizen_id": (citizen_id or "").strip() or None,
        "phone": phone.strip(),
        "email": email.strip(),
        "workplace": workplace.strip(),
    }
    changed = [key for key, value in values.items() if getattr(row, key) != value]
    if not changed:
        return row
    for key, value in values.items():
        setattr(row, key, value)
    row.search_name = fold(name)
    row.sort_key = vn_sort_key(name)
    _validate(row)
    row.save()
    membership = PartyMembership.objects.filter(person=row).first()
    if membership is not None:
        MembershipEvent.objects.create(
            membership=membership,
            kind=MembershipEvent.Kind.EDITED,
            occurred_on=dt.date.today(),
            note=", ".join(
                str(getattr(Person._meta.get_field(k), "verbose_name", k)) for k in changed
            ),
        )
    audit_log(
        actor=acting.user,
        action="organizations.person.updated",
        target=row,
        organization_id=row.organization_id,
        details={"changed": changed},  # names of fields only: values are personal data
    )
    return row


@dataclass(frozen=True)
class PersonSpec:
    """One person for person_bulk_create, with their membership dates if they are a member."""

    organization_id: int
    full_name: str
    birth_date: dt.date | None = None
    gender: str = ""
    citizen_id: str | None = None
    phone: str = ""
    email: str = ""
    workplace: str = ""
    status: str = ""
    admission_decision_date: dt.date | None = None
    ceremony_date: dt.date | None = None
    official_recognition_date: dt.date | None = None
    card_number: str = ""
    dues_category: str = "salaried"


def membership_events_for(membership: PartyMembership) -> list[MembershipEvent]:
    """The history rows a membership recorded from its dates implies."""
    events = [
        MembershipEvent(
            membership=membership,
            kind=MembershipEvent.Kind.ADMITTED,
            occurred_on=membership.admission_decision_date,
            to_organization_id=membership.person.organization_id,
        )
    ]
    if membership.ceremony_date:
        events.append(
            MembershipEvent(
                membership=membership,
                kind=MembershipEvent.Kind.CEREMONY,
                occurred_on=membership.ceremony_date,
            )
        )
    if membership.official_recognition_date:
        events.append(
            MembershipEvent(
                membership=membership,
                kind=MembershipEvent.Kind.RECOGNIZED,
                occurred_on=membership.official_recognition_date,
            )
        )
    return events


@transaction.atomic
def person_bulk_create(
    *, acting: Acting, specs: Sequence[PersonSpec], batch_size: int = 2000
) -> list[Person]:
    """Create many people (and their memberships and history) with bulk inserts.

    For seeders, benchmarks and the Excel import: the caller has validated the rows (see
    member_import); this still normalizes names, computes search_name, refuses a citizen ID
    used twice and records one audit event for the batch.
    """
    homes = Organization.objects.in_bulk({s.organization_id for s in specs})
    deny_unless(all(can_manage_members(acting, home) for home in homes.values()))
    ids = [s.citizen_id for s in specs if s.citizen_id]
    if len(ids) != len(set(ids)):
        raise InvalidInput(_("The same citizen ID appears twice."), field="citizen_id")
    if ids and Person.objects.filter(citizen_id__in=ids).exists():
        raise InvalidInput(_("A person with this citizen ID already exists."), field="citizen_id")
    people = [
        Person(
            organization_id=s.organization_id,
            full_name=normalize_name(s.full_name),
            search_name=fold(s.full_name),
            sort_key=vn_sort_key(s.full_name),
            birth_date=s.birth_date,
            gender=s.gender,
            citizen_id=s.citizen_id or None,
            phone=s.phone,
            email=s.email,
            workplace=s.workplace,
        )
        for s in specs
    ]
    people = Person.objects.bulk_create(people, batch_size=batch_size)
    memberships = [
        PartyMembership(
            person=person,
            status=s.status,
            admission_decision_date=s.admission_decision_date,
            ceremony_date=s.ceremony_date,
            official_recognition_date=s.official_recognition_date,
            card_number=s.card_number,
            dues_category=s.dues_category,
        )
        for person, s in zip(people, specs, strict=True)
        if s.status in (MembershipStatus.CANDIDATE, MembershipStatus.OFFICIAL)
        and s.admission_decision_date is not None
    ]
    memberships = PartyMembership.objects.bulk_create(memberships, batch_size=batch_size)
    MembershipEvent.objects.bulk_create(
        [event for m in memberships for event in membership_events_for(m)],
        batch_size=batch_size,
    )
    if people:
        audit_log(
            actor=acting.user,
            action="organizations.person.bulk_created",
            organization_id=people[0].organization_id,
            details={"count": len(people), "memberships": len(memberships)},
        )
    return people
