"""Public registration to a contest: one per citizen ID or passport per contest, from the
unit pick-list, old enough. Every field is checked here, so that hostile or malformed
input is refused with a message naming the field, whatever the form let through."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partydesk.contests.models import Audience, Contest, Registration, Unit
from partydesk.core.audit import audit_log
from partydesk.core.errors import InvalidInput, NotAllowed
from partydesk.organizations.selectors.people import person_list_for

CITIZEN_ID = re.compile(r"\d{12}|\d{9}")  # CCCD (12 digits) or the older CMND (9)
PASSPORT = re.compile(r"[A-Z][A-Z0-9]{5,11}")
PHONE = re.compile(r"(?:\+84|0)\d{9,10}")
# Letters of any script, marks (Vietnamese diacritics), spaces and the few signs names use.
NAME_SIGNS = frozenset(" '-.")


@dataclass(frozen=True)
class Applicant:
    """What a person typed into the registration form."""

    full_name: str
    id_number: str
    phone: str
    born_on: dt.date
    unit_id: int


def clean_name(value: str) -> str:
    name = " ".join(unicodedata.normalize("NFC", value).split())
    if not 2 <= len(name) <= 100:
        raise InvalidInput(_("Write your full name (2 to 100 characters)."), field="full_name")
    for char in name:
        if not (unicodedata.category(char)[0] in "LM" or char in NAME_SIGNS):
            raise InvalidInput(
                _("A name holds letters, spaces, hyphens and apostrophes only; remove “%(c)s”.")
                % {"c": char},
                field="full_name",
            )
    return name


def clean_id_number(value: str) -> str:
    compact = re.sub(r"[\s.-]", "", value).upper()
    if CITIZEN_ID.fullmatch(compact) or PASSPORT.fullmatch(compact):
        return compact
    raise InvalidInput(
        _(
            "Write the 12 digits of your citizen ID card (9 for an old ID card), or your "
            "passport number (a letter, then letters or digits)."
        ),
        field="id_number",
    )


def clean_phone(value: str) -> str:
    compact = re.sub(r"[\s.()-]", "", value)
    if PHONE.fullmatch(compact):
        return compact
    raise InvalidInput(
        _("Write a phone number such as 0912 345 678 or +84 912 345 678."), field="phone"
    )


def age_on(born_on: dt.date, today: dt.date) -> int:
    return today.year - born_on.year - ((today.month, today.day) < (born_on.month, born_on.day))


def _check_audience(contest: Contest, user: Any) -> None:
    if contest.audience != Audience.MEMBERS:
        return
    person_id = getattr(user, "person_id", None)
    if person_id is None or not (
        person_list_for(contest.organization, status="active").filter(pk=person_id).exists()
    ):
        raise NotAllowed(
            _("This contest is open to the Party members of %(org)s: log in to take part.")
            % {"org": contest.organization.name}
        )


@transaction.atomic
def registration_create(
    *,
    contest: Contest,
    applicant: Applicant,
    user: Any = None,
    device: str = "",
    today: dt.date | None = None,
) -> Registration:
    """Register a person to a published contest; refused (on its field) when a value is
    malformed, the person is too young, the unit is not on the list or the ID is taken."""
    if not contest.published:
        raise NotAllowed(_("This contest is not open for registration."))
    _check_audience(contest, user)
    today = today or timezone.localdate()
    name = clean_name(applicant.full_name)
    id_number = clean_id_number(applicant.id_number)
    phone = clean_phone(applicant.phone)
    if applicant.born_on > today or applicant.born_on.year < 1900:
        raise InvalidInput(_("Check the date of birth."), field="born_on")
    if age_on(applicant.born_on, today) < contest.min_age:
        raise InvalidInput(
            _("The contest is open to people aged %(age)s or older.") % {"age": contest.min_age},
            field="born_on",
        )
    unit = Unit.objects.filter(contest=contest, pk=applicant.unit_id).first()
    if unit is None:
        raise InvalidInput(_("Choose your unit from the list."), field="unit")
    taken = _("This ID is already registered in this contest.")
    if Registration.objects.filter(contest=contest, id_number=id_number).exists():
        raise InvalidInput(taken, field="id_number")
    try:
        with transaction.atomic():
            row = Registration.objects.create(
                contest=contest,
                unit=unit,
                user=user if getattr(user, "is_authenticated", False) else None,
                full_name=name,
                id_number=id_number,
                phone=phone,
                born_on=applicant.born_on,
                device=device[:64],
            )
    except IntegrityError:  # the same ID registered at the same moment
        raise InvalidInput(taken, field="id_number") from None
    audit_log(
        actor=user,
        action="contests.registration.created",
        target=row,
        organization_id=contest.organization_id,
        details={"contest": contest.pk, "unit": unit.pk},
    )
    return row
