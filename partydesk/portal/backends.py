"""Entry to the CMS admin follows the portal capabilities, like the office's gate."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import BaseBackend

from partydesk.accounts.selectors import grant_list_current

ACCESS_ADMIN = "wagtailadmin.access_admin"
PORTAL_CAPABILITIES = frozenset({"portal.edit", "portal.approve", "portal.manage"})
_CACHE = "_portal_access"


class PortalAccessBackend(BaseBackend):
    """Answers Wagtail's `access_admin` for an active user one of whose current grants gives
    a portal capability; authenticates nobody and grants nothing else. What they may do
    inside comes from their editorial desks' groups (services/editorial.py)."""

    def has_perm(self, user_obj: Any, perm: str, obj: Any = None) -> bool:
        if perm != ACCESS_ADMIN or obj is not None:
            return False
        if not user_obj.is_active or user_obj.is_anonymous:
            return False
        if not hasattr(user_obj, _CACHE):
            setattr(
                user_obj,
                _CACHE,
                any(
                    PORTAL_CAPABILITIES.intersection(grant.role.capabilities or [])
                    for grant in grant_list_current(user_obj)
                ),
            )
        return bool(getattr(user_obj, _CACHE))
