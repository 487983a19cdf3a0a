"""Pure predicates over a user's current grants (loaded once per request)."""

from __future__ import annotations

from collections.abc import Iterable

from partydesk.accounts.models import RoleGrant, User
from partydesk.organizations.models import Organization

MANAGE_ACCOUNTS = "accounts.manage"
VIEW_AUDIT = "audit.view"


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


def can_see_secrecy(user: User, level: int) -> bool:
    """True when the user's clearance reaches `level` (0: not classified, open to every user)."""
    if not user.is_active:
        return False
    return int(level) <= 0 or user.clearance >= int(level)


def can_act_for(grants: Iterable[RoleGrant], organization: Organization) -> bool:
    """The user may act for an organization that exists today and that one of their grants
    covers (the granted organization itself or anything below it)."""
    if organization.valid_to is not None:
        return False
    return any(organization.is_within(grant.organization) for grant in grants)


def can_manage_accounts(grants: Iterable[RoleGrant], organization: Organization) -> bool:
    return has_capability(grants, MANAGE_ACCOUNTS, organization)


def can_view_audit(grants: Iterable[RoleGrant], organization: Organization) -> bool:
    return has_capability(grants, VIEW_AUDIT, organization)


def can_view_audit_integrity(
    user: User, grants: Iterable[RoleGrant], organization: Organization
) -> bool:
    """The chain covers the whole installation, so its integrity is shown to the staff and
    to those who may read the trail of a top organization, not to every local auditor."""
    if user.is_staff:
        return True
    return organization.parent_id is None and can_view_audit(grants, organization)


def can_grant_role(
    grants: Iterable[RoleGrant], actor: User, user: User, organization: Organization
) -> bool:
    """An administrator grants roles only on organizations inside their own scope, and never
    to themselves (a second administrator must do that)."""
    return actor.pk != user.pk and can_manage_accounts(grants, organization)


def can_manage_user(
    grants: Iterable[RoleGrant], actor: User, user: User, homes: Iterable[Organization]
) -> bool:
    """Account settings (clearance, active, lock, second factor) are global, so the actor must
    manage accounts on every organization the user belongs to (`homes`), and not be the user."""
    grants = list(grants)
    homes = list(homes)
    if actor.pk == user.pk or not homes:
        return False
    return all(can_manage_accounts(grants, home) for home in homes)


def can_set_clearance(actor: User, clearance: int) -> bool:
    """Nobody hands out a clearance above their own."""
    return actor.is_superuser or clearance <= actor.clearance
