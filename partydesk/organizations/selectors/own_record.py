"""A member's own record, as the member reads it on their dashboard: their cell, the dates of
their membership, their dues category and what comes next. Only the person linked to the
login is ever read, so no one sees another's record here."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from partydesk.core.calendar import add_working_days
from partydesk.organizations.models import MembershipStatus, Organization, PartyMembership, Person
from partydesk.organizations.selectors.rules import membership_rules_on
from partydesk.organizations.transitions import (
    ceremony_deadline,
    probation_end,
    review_deadline,
)


@dataclass(frozen=True)
class OwnRecord:
    """What the member sees of themselves. `membership` is None for staff who are not members."""

    person: Person
    cell: Organization
    membership: PartyMembership | None
    next_steps: list[str] = field(default_factory=list)
    warn: bool = False  # a deadline has passed

    @property
    def is_candidate(self) -> bool:
        return self.membership is not None and self.membership.status == MembershipStatus.CANDIDATE


def _d(day: dt.date) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


def own_record_for(user: Any, *, today: dt.date | None = None) -> OwnRecord | None:
    """The record of the person linked to `user`'s login (None when none is linked): 1 query
    for the person, their cell, its parent and the membership; 1 for the dated rules."""
    person_id = getattr(user, "person_id", None)
    if not person_id:
        return None
    person = (
        Person.objects.filter(pk=person_id)
        .select_related(
            "organization__parent", "membership", "membership__away_organization__parent"
        )
        .first()
    )
    if person is None:
        return None
    membership: PartyMembership | None = getattr(person, "membership", None)
    if membership is None:
        return OwnRecord(person=person, cell=person.organization, membership=None)
    steps, warn = _next_steps(membership, today or timezone.localdate())
    return OwnRecord(
        person=person,
        cell=person.organization,
        membership=membership,
        next_steps=steps,
        warn=warn,
    )


def _next_steps(m: PartyMembership, today: dt.date) -> tuple[list[str], bool]:
    """What comes next for this membership, in the member's words, and whether it is late."""
    if m.status == MembershipStatus.OFFICIAL:
        return [_("You are an official member; nothing is pending on your membership.")], False
    if m.status != MembershipStatus.CANDIDATE:
        return [], False
    rules = membership_rules_on(m.admission_decision_date)
    if m.ceremony_date is None:
        deadline = ceremony_deadline(m.admission_decision_date, rules, add_working_days)
        return [
            _("Next: your admission ceremony, due by %(date)s.") % {"date": _d(deadline)}
        ], today > deadline
    end = probation_end(m.ceremony_date, rules)
    deadline = review_deadline(m.ceremony_date, rules, add_working_days)
    steps = [
        _("Your probation ends on %(date)s.") % {"date": _d(end)},
        _(
            "Then you write a self-assessment, and the cell reviews your probation and proposes "
            "official recognition by %(date)s."
        )
        % {"date": _d(deadline)},
    ]
    return steps, today > deadline
