"""Who may manage certificates, seal for a unit, and change signature images (pure predicates)."""

from __future__ import annotations

from collections.abc import Iterable

from partydesk.accounts.models import RoleGrant
from partydesk.accounts.permissions import has_capability
from partydesk.organizations.models import Organization

# Account administrators of a subtree manage its certificates; a dedicated capability lets an
# installation give this to someone else (roles are data).
MANAGE_CAPABILITIES = ("signatures.manage", "accounts.manage")
SEAL_CAPABILITY = "signatures.seal"


def can_manage_certificates(grants: Iterable[RoleGrant], organization: Organization) -> bool:
    grants = list(grants)
    return any(has_capability(grants, cap, organization) for cap in MANAGE_CAPABILITIES)


def can_seal_for(grants: Iterable[RoleGrant], organization: Organization) -> bool:
    """The clerk (văn thư) applies the unit's signature (Decree 30, art. 32)."""
    return has_capability(grants, SEAL_CAPABILITY, organization)


def can_change_seal_image(grants: Iterable[RoleGrant], organization: Organization) -> bool:
    grants = list(grants)
    return can_seal_for(grants, organization) or can_manage_certificates(grants, organization)
