"""Who may change what in the tree and the member registry: pure predicates over the acting
user (`core.http.Acting`). The services ask them and refuse (the authority); the views ask
the same ones to choose what to offer. A grant covers its organization's whole subtree
(the actor's `can` says so), so a grant on an ancestor counts and one on a sibling does not.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from partydesk.core.http import Acting, System
from partydesk.organizations.models import Organization

MANAGE_ORGS = "organizations.manage"
MANAGE_MEMBERS = "members.manage"
VIEW_MEMBERS = "members.view"

NOT_ALLOWED = _("Your role does not allow this here.")
DECIDED_ABOVE = _("This change is decided by the organization above; ask it to record it.")
NO_REGISTRY = _("Your role does not give access to the member registry.")


def can_manage_organization(acting: Acting, org: Organization) -> bool:
    """Rename, terms and positions, new units below it."""
    return acting.can(MANAGE_ORGS, org)


def can_create_organization(acting: Acting, parent: Organization | None) -> bool:
    """A unit is created by whoever manages its parent; a new top of the tree lies above
    every grant, so only the system (seed, commands) creates one."""
    if parent is None:
        return isinstance(acting, System)
    return can_manage_organization(acting, parent)


def can_restructure_organization(acting: Acting, org: Organization) -> bool:
    """Moving, merging, splitting or ending a unit is decided one level up: organizations.
    manage on the parent (nobody restructures the organization they act for from inside)."""
    parent = org.parent
    return parent is not None and acting.can(MANAGE_ORGS, parent)


def can_manage_members(acting: Acting, org: Organization) -> bool:
    """Register and correct people of `org`, and every step of their membership."""
    return acting.can(MANAGE_MEMBERS, org)


def can_view_people(acting: Acting, org: Organization) -> bool:
    """Personal data needs a member-registry role on the organization."""
    return acting.can(VIEW_MEMBERS, org) or acting.can(MANAGE_MEMBERS, org)


def deny_unless(allowed: bool, message: str | Promise = NOT_ALLOWED) -> None:
    """Refuse (403) what the predicate did not allow."""
    if not allowed:
        raise PermissionDenied(str(message))
