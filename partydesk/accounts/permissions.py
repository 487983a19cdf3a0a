"""Pure predicates over a user's current grants (loaded once per request)."""

from __future__ import annotations

from collections.abc import Iterable

from partydesk.accounts.models import RoleGrant
from partydesk.organizations.models import Organization


def capabilities_on(grants: Iterable[RoleGrant], organization: Organization) -> set[str]:
    """Capabilities the grants give on `organization` (a grant covers its whole subtree)."""
    caps: set[str] = set()
    for grant in grants:
        if organization.is_within(grant.organization):
            caps.update(grant.role.capabilities)
    return caps


def has_capability(
    grants: Iterable[RoleGrant], capability: str, organization: Organization
) -> bool:
    return capability in capabilities_on(grants, organization)


def requires_two_factor(grants: Iterable[RoleGrant]) -> bool:
    """True when any role held approves or signs, so the login must use a second factor."""
    return any(grant.role.requires_two_factor for grant in grants)
