"""Party membership: admission, ceremony, official recognition, corrections and the end
(transfers are in transfers.py).

Each verb checks the transition table (transitions.py), the order of dates, writes one
MembershipEvent (the member's history) and one audit event.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.db import transaction
from django.utils.translation import gettext as _

from partydesk.core.audit import audit_log
from partydesk.core.calendar import add_working_days
from partydesk.core.errors import InvalidInput, InvalidTransition
from partydesk.core.http import Acting
from partydesk.organizations.models import (
    DuesCategory,
    MembershipEvent,
    MembershipStatus,
    Organization,
    PartyMembership,
    Person,
)
from partydesk.organizations.permissions import can_manage_members, deny_unless
from partydesk.organizations.selectors.rules import membership_rules_on
from partydesk.organizations.services.people import membership_events_for, person_create
from partydesk.organizations.transitions import (
    check_membership_dates,
    check_transition,
)

S = MembershipStatus
K = MembershipEvent.Kind


def _check_dates(*, admission_decision_date: dt.date, **dates: Any) -> None:
    """Refuse dates that break the rule in force on the admission decision date (the rule the
    member was admitted under): the first problem, on its field."""
    check = check_membership_dates(
        rules=membership_rules_on(admission_decision_date),
        working_days=add_working_days,
        admission_decision_date=admission_decision_date,
        **dates,
    )
    if check.errors:
        field, message = check.errors[0]
        raise InvalidInput(message, field=field)


def _lock(membership: PartyMembership) -> PartyMembership:
    return (
        PartyMembership.objects.select_for_update()
        .select_related("person__organization")
        .get(pk=membership.pk)
    )


def lock_for(acting: Acting, membership: PartyMembership) -> PartyMembership:
    """The membership, locked, once the acting user may keep its organization's registry."""
    m = _lock(membership)
    deny_unless(can_manage_members(acting, m.person.organization))
    return m


def _check_day(membership: PartyMembership, on: dt.date, field: str = "occurred_on") -> None:
    if on > dt.date.today():
        raise InvalidInput(_("This date is in the future."), field=field)
    if on < membership.admission_decision_date:
        raise InvalidInput(_("This date is before the admission decision."), field=field)


def _audit(acting: Acting, verb: str, membership: PartyMembership, **details: Any) -> None:
    audit_log(
        actor=acting.user,
        action=f"organizations.membership.{verb}",
        target=membership,
        organization_id=membership.person.organization_id,
        details=details,
    )


def _check_dues(dues_category: str) -> None:
    if dues_category not in DuesCategory.values:
        raise InvalidInput(_("Unknown dues category."), field="dues_category")


@transaction.atomic
def membership_record(
    *,
    acting: Acting,
    person: Person,
    status: str,
    admission_decision_date: dt.date,
    ceremony_date: dt.date | None = None,
    official_recognition_date: dt.date | None = None,
    card_number: str = "",
    dues_category: str = DuesCategory.SALARIED,
) -> PartyMembership:
    """Enter an existing member's record from their dossier (dates already known)."""
    person = Person.objects.select_for_update().select_related("organization").get(pk=person.pk)
    deny_unless(can_manage_members(acting, person.organization))
    if PartyMembership.objects.filter(person=person).exists():
        raise InvalidInput(_("This person already has a membership record."), field="status")
    check_transition(None, status)
    _check_dues(dues_category)
    _check_dates(
        status=status,
        admission_decision_date=admission_decision_date,
        ceremony_date=ceremony_date,
        official_recognition_date=official_recognition_date,
        birth_date=person.birth_date,
    )
    membership = PartyMembership.objects.create(
        person=person,
        status=status,
        admission_decision_date=admission_decision_date,
        ceremony_date=ceremony_date,
        official_recognition_date=official_recognition_date,
        card_number=card_number.strip(),
        dues_category=dues_category,
    )
    MembershipEvent.objects.bulk_create(membership_events_for(membership))
    _audit(acting, "recorded", membership, status=status)
    return membership


@transaction.atomic
def membership_admit(
    *,
    acting: Acting,
    person: Person,
    admission_decision_date: dt.date,
    dues_category: str = DuesCategory.SALARIED,
) -> PartyMembership:
    """Admit a person as a candidate member from the date of the admission decision."""
    return membership_record(
        acting=acting,
        person=person,
        status=S.CANDIDATE,
        admission_decision_date=admission_decision_date,
        dues_category=dues_category,
    )


@transaction.atomic
def membership_record_ceremony(
    *, acting: Acting, membership: PartyMembership, ceremony_date: dt.date, note: str = ""
) -> PartyMembership:
    """Record the admission ceremony; the 12 months of probation count from it."""
    m = lock_for(acting, membership)
    if m.status != S.CANDIDATE:
        raise InvalidTransition(_("Only a candidate member has an admission ceremony."))
    if m.ceremony_date is not None:
        raise InvalidTransition(_("The ceremony is already recorded."))
    _check_dates(
        status=m.status,
        admission_decision_date=m.admission_decision_date,
        ceremony_date=ceremony_date,
        birth_date=m.person.birth_date,
    )
    m.ceremony_date = ceremony_date
    m.save(update_fields=["ceremony_date", "updated_at"])
    MembershipEvent.objects.create(
        membership=m, kind=K.CEREMONY, occurred_on=ceremony_date, note=note.strip()
    )
    _audit(acting, "ceremony_recorded", m, ceremony_date=ceremony_date)
    return m


@transaction.atomic
def membership_recognize(
    *,
    acting: Acting,
    membership: PartyMembership,
    official_recognition_date: dt.date,
    card_number: str = "",
    note: str = "",
) -> PartyMembership:
    """Recognize a candidate as an official member after the 12 months of probation."""
    m = lock_for(acting, membership)
    check_transition(m.status, S.OFFICIAL)
    _check_dates(
        status=S.OFFICIAL,
        admission_decision_date=m.admission_decision_date,
        ceremony_date=m.ceremony_date,
        official_recognition_date=official_recognition_date,
        birth_date=m.person.birth_date,
    )
    m.status = S.OFFICIAL
    m.official_recognition_date = official_recognition_date
    if card_number.strip():
        m.card_number = card_number.strip()
    m.save(update_fields=["status", "official_recognition_date", "card_number", "updated_at"])
    MembershipEvent.objects.create(
        membership=m, kind=K.RECOGNIZED, occurred_on=official_recognition_date, note=note.strip()
    )
    _audit(acting, "recognized", m, official_recognition_date=official_recognition_date)
    return m


@transaction.atomic
def membership_end(
    *,
    acting: Acting,
    membership: PartyMembership,
    status: Literal["removed", "deceased"],
    occurred_on: dt.date,
    note: str = "",
) -> PartyMembership:
    """End a membership: removed from the rolls (xóa tên, khai trừ) or deceased."""
    m = lock_for(acting, membership)
    if status not in (S.REMOVED, S.DECEASED):
        raise InvalidInput(_("Choose removed or deceased."), field="status")
    check_transition(m.status, status)
    _check_day(m, occurred_on)
    m.status = status
    m.ended_on = occurred_on
    m.away_since = None
    m.away_organization = None
    m.away_outside = ""
    m.save()
    MembershipEvent.objects.create(
        membership=m,
        kind=K.REMOVED if status == S.REMOVED else K.DECEASED,
        occurred_on=occurred_on,
        from_organization_id=m.person.organization_id,
        note=note.strip(),
    )
    _audit(acting, "ended", m, status=status)
    return m


@transaction.atomic
def membership_update(
    *, acting: Acting, membership: PartyMembership, card_number: str, dues_category: str
) -> PartyMembership:
    """Correct the card number or the dues category."""
    m = lock_for(acting, membership)
    _check_dues(dues_category)
    changed = []
    if m.card_number != card_number.strip():
        changed.append(str(PartyMembership._meta.get_field("card_number").verbose_name))
    if m.dues_category != dues_category:
        changed.append(str(PartyMembership._meta.get_field("dues_category").verbose_name))
    if not changed:
        return m
    m.card_number = card_number.strip()
    m.dues_category = dues_category
    m.save(update_fields=["card_number", "dues_category", "updated_at"])
    MembershipEvent.objects.create(
        membership=m, kind=K.EDITED, occurred_on=dt.date.today(), note=", ".join(changed)
    )
    _audit(acting, "updated", m, changed=changed)
    return m


@transaction.atomic
def person_register(
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
    status: str = "",
    admission_decision_date: dt.date | None = None,
    ceremony_date: dt.date | None = None,
    official_recognition_date: dt.date | None = None,
    card_number: str = "",
    dues_category: str = DuesCategory.SALARIED,
) -> Person:
    """Register a person and, if `status` is given, their membership record: both or neither."""
    person = person_create(
        acting=acting,
        organization=organization,
        full_name=full_name,
        birth_date=birth_date,
        gender=gender,
        citizen_id=citizen_id,
        phone=phone,
        email=email,
        workplace=workplace,
    )
    if status:
        if admission_decision_date is None:
            raise InvalidInput(
                _("Enter the admission decision date."), field="admission_decision_date"
            )
        membership_record(
            acting=acting,
            person=person,
            status=status,
            admission_decision_date=admission_decision_date,
            ceremony_date=ceremony_date,
            official_recognition_date=official_recognition_date,
            card_number=card_number,
            dues_category=dues_category,
        )
    return person
