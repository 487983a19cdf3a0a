"""Committee terms (nhiệm kỳ) and the positions people hold in organizations."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from partydesk.core.audit import audit_log
from partydesk.core.errors import InvalidInput
from partydesk.core.http import Acting
from partydesk.organizations.models import (
    CommitteeTerm,
    Organization,
    Person,
    Position,
    PositionTitle,
)
from partydesk.organizations.permissions import can_manage_organization, deny_unless
from partydesk.organizations.services.organizations import lock_organization


def _overlapping(
    org: Organization, starts: dt.date, ends: dt.date | None, exclude: int | None = None
) -> CommitteeTerm | None:
    qs = CommitteeTerm.objects.filter(organization=org).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=starts)
    )
    if ends is not None:
        qs = qs.filter(starts_on__lte=ends)
    if exclude is not None:
        qs = qs.exclude(pk=exclude)
    return qs.first()


@transaction.atomic
def term_create(
    *,
    acting: Acting,
    organization: Organization,
    name: str,
    starts_on: dt.date,
    ends_on: dt.date | None = None,
) -> CommitteeTerm:
    """Open a committee term; terms of one organization never overlap."""
    deny_unless(can_manage_organization(acting, organization))
    org = lock_organization(organization)  # serializes the overlap check per organization
    name = " ".join(name.split())
    if not name:
        raise InvalidInput(_("Enter the name of the term, e.g. 2025–2030."), field="name")
    if ends_on is not None and ends_on < starts_on:
        raise InvalidInput(_("The term cannot end before it starts."), field="ends_on")
    if starts_on < org.valid_from or (org.valid_to is not None and starts_on > org.valid_to):
        raise InvalidInput(
            _("The term must start while the organization exists."), field="starts_on"
        )
    clash = _overlapping(org, starts_on, ends_on)
    if clash is not None:
        raise InvalidInput(
            _("This overlaps the term %(name)s (%(start)s – %(end)s).")
            % {
                "name": clash.name,
                "start": clash.starts_on.isoformat(),
                "end": clash.ends_on.isoformat() if clash.ends_on else "…",
            },
            field="starts_on",
        )
    term = CommitteeTerm.objects.create(
        organization=org, name=name, starts_on=starts_on, ends_on=ends_on
    )
    audit_log(
        actor=acting.user,
        action="organizations.term.created",
        target=term,
        organization_id=org.pk,
        details={"starts_on": starts_on, "ends_on": ends_on},
    )
    return term


@transaction.atomic
def term_end(*, acting: Acting, term: CommitteeTerm, ends_on: dt.date) -> CommitteeTerm:
    """Close an open term on a date (the next term can then start the day after)."""
    deny_unless(can_manage_organization(acting, term.organization))
    lock_organization(term.organization)
    term = CommitteeTerm.objects.select_for_update().get(pk=term.pk)
    if ends_on < term.starts_on:
        raise InvalidInput(_("The term cannot end before it starts."), field="ends_on")
    clash = _overlapping(term.organization, term.starts_on, ends_on, exclude=term.pk)
    if clash is not None:
        raise InvalidInput(_("This would overlap another term."), field="ends_on")
    term.ends_on = ends_on
    term.save(update_fields=["ends_on"])
    audit_log(
        actor=acting.user,
        action="organizations.term.ended",
        target=term,
        organization_id=term.organization_id,
        details={"ends_on": ends_on},
    )
    return term


@transaction.atomic
def position_assign(
    *,
    acting: Acting,
    person: Person,
    organization: Organization,
    title: str,
    starts_on: dt.date,
    term: CommitteeTerm | None = None,
    title_other: str = "",
    ends_on: dt.date | None = None,
) -> Position:
    """Record that a person holds a position in an organization (within a term if given)."""
    deny_unless(can_manage_organization(acting, organization))
    org = lock_organization(organization)
    if title not in PositionTitle.values:
        raise InvalidInput(_("Unknown position."), field="title")
    if title == PositionTitle.OTHER and not title_other.strip():
        raise InvalidInput(_("Name the position."), field="title_other")
    if org.valid_to is not None:
        raise InvalidInput(_("This organization has ended."), field="organization")
    if ends_on is not None and ends_on < starts_on:
        raise InvalidInput(_("The position cannot end before it starts."), field="ends_on")
    if term is not None:
        if term.organization_id != org.pk:
            raise InvalidInput(_("The term belongs to another organization."), field="term")
        if not term.covers(starts_on):
            raise InvalidInput(_("The position must start within the term."), field="starts_on")
    single = {PositionTitle.SECRETARY, PositionTitle.OFFICE_CHIEF}
    if title in single:
        holder = (
            Position.objects.filter(organization=org, title=title)
            .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=starts_on))
            .exclude(person=person)
            .select_related("person")
            .first()
        )
        if holder is not None:
            raise InvalidInput(
                _("%(person)s holds this position; end it first.") % {"person": holder.person},
                field="title",
            )
    position = Position.objects.create(
        person=person,
        organization=org,
        term=term,
        title=title,
        title_other=title_other.strip() if title == PositionTitle.OTHER else "",
        starts_on=starts_on,
        ends_on=ends_on,
    )
    audit_log(
        actor=acting.user,
        action="organizations.position.assigned",
        target=position,
        organization_id=org.pk,
        details={"person": person.pk, "title": title},
    )
    return position


@transaction.atomic
def position_end(*, acting: Acting, position: Position, ends_on: dt.date) -> Position:
    """End a position on a date."""
    position = (
        Position.objects.select_for_update().select_related("organization").get(pk=position.pk)
    )
    deny_unless(can_manage_organization(acting, position.organization))
    if position.ends_on is not None and position.ends_on <= ends_on:
        raise InvalidInput(_("This position has already ended."), field="ends_on")
    if ends_on < position.starts_on:
        raise InvalidInput(_("The position cannot end before it starts."), field="ends_on")
    position.ends_on = ends_on
    position.save(update_fields=["ends_on"])
    audit_log(
        actor=acting.user,
        action="organizations.position.ended",
        target=position,
        organization_id=position.organization_id,
        details={"ends_on": ends_on},
    )
    return position
