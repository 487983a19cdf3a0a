"""Transfers of party activity: out (official or temporary), back from a temporary transfer,
and in from elsewhere. Each verb checks the transition table, writes one MembershipEvent and
one audit event, like the rest of the lifecycle (membership.py)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.db import transaction
from django.utils.translation import gettext as _

from partydesk.core.errors import InvalidInput, InvalidTransition
from partydesk.core.http import Acting
from partydesk.organizations.models import (
    MembershipEvent,
    MembershipStatus,
    Organization,
    PartyMembership,
    Person,
)
from partydesk.organizations.permissions import can_manage_members, deny_unless
from partydesk.organizations.services.membership import _audit, _check_day, _lock, lock_for
from partydesk.organizations.transitions import (
    ACTIVE_STATUSES,
    check_transition,
)

S = MembershipStatus
K = MembershipEvent.Kind


@transaction.atomic
def membership_transfer(
    *,
    acting: Acting,
    membership: PartyMembership,
    kind: Literal["official", "temporary"],
    occurred_on: dt.date,
    to_organization: Organization | None = None,
    to_outside: str = "",
    note: str = "",
) -> PartyMembership:
    """Transfer a member's party activity (chuyển sinh hoạt đảng).

    Official to an organization of this installation: the member moves there. Official to
    somewhere outside: the membership leaves this registry (status "transferred out").
    Temporary: the member stays on the home roll and is marked active elsewhere until
    membership_return()."""
    m = lock_for(acting, membership)
    to_outside = to_outside.strip()
    if m.status not in ACTIVE_STATUSES:
        raise InvalidTransition(_("Only a current member can be transferred."))
    if (to_organization is None) == (not to_outside):
        raise InvalidInput(
            _("Choose an organization of this installation, or name the destination outside."),
            field="to_organization",
        )
    if m.away_since is not None:
        raise InvalidTransition(
            _("The member is on a temporary transfer; record the return first.")
        )
    _check_day(m, occurred_on)
    person = Person.objects.select_for_update().get(pk=m.person_id)
    home = person.organization
    if to_organization is not None:
        if to_organization.valid_to is not None:
            raise InvalidInput(_("That organization has ended."), field="to_organization")
        if to_organization.pk == home.pk:
            raise InvalidInput(_("The member is already active there."), field="to_organization")
    event_kind = K.TEMPORARY_OUT if kind == "temporary" else K.TRANSFER_OUT
    if kind == "temporary":
        m.away_since = occurred_on
        m.away_organization = to_organization
        m.away_outside = to_outside
        m.save(update_fields=["away_since", "away_organization", "away_outside", "updated_at"])
    elif to_organization is not None:
        person.organization = to_organization
        person.save(update_fields=["organization", "updated_at"])
    else:
        check_transition(m.status, S.TRANSFERRED_OUT)
        m.status = S.TRANSFERRED_OUT
        m.ended_on = occurred_on
        m.save(update_fields=["status", "ended_on", "updated_at"])
    MembershipEvent.objects.create(
        membership=m,
        kind=event_kind,
        occurred_on=occurred_on,
        from_organization=home,
        to_organization=to_organization,
        to_outside=to_outside,
        note=note.strip(),
    )
    _audit(
        acting,
        "transferred",
        m,
        kind=kind,
        to_organization=to_organization.pk if to_organization else None,
        to_outside=to_outside,
    )
    return m


@transaction.atomic
def membership_return(
    *, acting: Acting, membership: PartyMembership, occurred_on: dt.date, note: str = ""
) -> PartyMembership:
    """End a temporary transfer: the member is active at home again."""
    m = lock_for(acting, membership)
    if m.away_since is None:
        raise InvalidTransition(_("The member is not on a temporary transfer."))
    if occurred_on < m.away_since or occurred_on > dt.date.today():
        raise InvalidInput(
            _("The return must be between the start of the transfer and today."),
            field="occurred_on",
        )
    MembershipEvent.objects.create(
        membership=m,
        kind=K.TEMPORARY_BACK,
        occurred_on=occurred_on,
        from_organization=m.away_organization,
        to_organization_id=m.person.organization_id,
        to_outside=m.away_outside,
        note=note.strip(),
    )
    m.away_since = None
    m.away_organization = None
    m.away_outside = ""
    m.save(update_fields=["away_since", "away_organization", "away_outside", "updated_at"])
    _audit(acting, "returned", m, occurred_on=occurred_on)
    return m


@transaction.atomic
def membership_transfer_in(
    *,
    acting: Acting,
    membership: PartyMembership,
    organization: Organization,
    occurred_on: dt.date,
    from_outside: str = "",
    note: str = "",
) -> PartyMembership:
    """A member who had transferred out comes back to an organization of this installation
    (recorded by the organization that takes them in)."""
    deny_unless(can_manage_members(acting, organization))
    m = _lock(membership)
    back_to = S.OFFICIAL if m.official_recognition_date else S.CANDIDATE
    check_transition(m.status, back_to)
    if organization.valid_to is not None:
        raise InvalidInput(_("That organization has ended."), field="organization")
    _check_day(m, occurred_on)
    if m.ended_on and occurred_on < m.ended_on:
        raise InvalidInput(_("This date is before the transfer out."), field="occurred_on")
    Person.objects.filter(pk=m.person_id).update(organization=organization)
    m.status = back_to
    m.ended_on = None
    m.save(update_fields=["status", "ended_on", "updated_at"])
    MembershipEvent.objects.create(
        membership=m,
        kind=K.TRANSFER_IN,
        occurred_on=occurred_on,
        to_organization=organization,
        to_outside=from_outside.strip(),
        note=note.strip(),
    )
    _audit(acting, "transferred_in", m, organization=organization.pk)
    return m
