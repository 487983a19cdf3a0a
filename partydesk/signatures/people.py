"""How a signer and a sealing unit are named on certificates and visible signatures."""

from __future__ import annotations

from django.utils import timezone

from partydesk.accounts.models import User
from partydesk.accounts.selectors import grant_list_current
from partydesk.organizations.models import Organization, Position


def holder_organization(user: User) -> Organization | None:
    """The unit a personal certificate is filed under: the person's, else the first grant's."""
    if user.person_id is not None and user.person is not None:
        return user.person.organization
    grants = grant_list_current(user)
    return grants[0].organization if grants else None


def holder_position(user: User) -> str:
    """The person's current position title, e.g. "Bí thư" (empty if none is recorded)."""
    if user.person_id is None:
        return ""
    today = timezone.localdate()
    position = (
        Position.objects.filter(person_id=user.person_id, starts_on__lte=today)
        .exclude(ends_on__lt=today)
        .order_by("-starts_on")
        .first()
    )
    return position.label if position is not None else ""


def seal_label(organization: Organization) -> str:
    return organization.abbreviation or organization.short_name or ""
