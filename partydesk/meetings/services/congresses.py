"""Writes of Party congresses (ADR 0024): those who organize the organization's meetings
record its congresses, whose documents documents numbers in one sequence across types."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from partydesk.core.audit import audit_log
from partydesk.core.errors import InvalidInput
from partydesk.core.http import Acting
from partydesk.meetings.models import Congress
from partydesk.meetings.services.meetings import meeting_check_organize
from partydesk.organizations.models import Organization


@dataclass(frozen=True)
class CongressFields:
    name: str
    opens_on: dt.date
    closes_on: dt.date


def _clean(fields: CongressFields) -> CongressFields:
    name = " ".join(fields.name.split())[:200]
    if not name:
        raise InvalidInput(_("Name the congress."), field="name")
    if fields.closes_on < fields.opens_on:
        raise InvalidInput(_("The congress closes after it opens."), field="closes_on")
    return CongressFields(name=name, opens_on=fields.opens_on, closes_on=fields.closes_on)


@transaction.atomic
def congress_create(
    *, actor: Acting, organization: Organization, fields: CongressFields
) -> Congress:
    """Record a congress of `organization`, audited."""
    meeting_check_organize(actor, organization)
    cleaned = _clean(fields)
    congress = Congress.objects.create(
        organization=organization,
        name=cleaned.name,
        opens_on=cleaned.opens_on,
        closes_on=cleaned.closes_on,
    )
    audit_log(
        actor=actor.user,
        action="meetings.congress.created",
        target=congress,
        organization_id=organization.pk,
    )
    return congress


@transaction.atomic
def congress_update(*, actor: Acting, congress: Congress, fields: CongressFields) -> Congress:
    """Correct a congress's name or days, audited (numbers already given keep theirs)."""
    meeting_check_organize(actor, congress.organization)
    cleaned = _clean(fields)
    congress = Congress.objects.select_for_update().get(pk=congress.pk)
    before = {
        "name": congress.name,
        "opens_on": str(congress.opens_on),
        "closes_on": str(congress.closes_on),
    }
    congress.name = cleaned.name
    congress.opens_on = cleaned.opens_on
    congress.closes_on = cleaned.closes_on
    congress.save(update_fields=["name", "opens_on", "closes_on"])
    audit_log(
        actor=actor.user,
        action="meetings.congress.changed",
        target=congress,
        organization_id=congress.organization_id,
        details={"before": before},
    )
    return congress
