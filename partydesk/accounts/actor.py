"""The acting user of a request, built once by the middleware (see core/http.py).

Views annotate their request as `AuthenticatedRequest` (they sit behind `login_required`),
so `actor=request.user` type-checks as a `User` and `request.actor` is at hand.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _

from partydesk.accounts.models import RoleGrant, User
from partydesk.accounts.permissions import capabilities_on
from partydesk.core.http import ACTOR_ATTR
from partydesk.organizations.models import Organization

if TYPE_CHECKING:
    from django.db.models import Model


@dataclass(frozen=True)
class Actor:
    """The person acting, their current grants and the organization they act for."""

    user: User
    grants: list[RoleGrant] = field(default_factory=list)
    scope: Organization | None = None

    @cached_property
    def capabilities(self) -> frozenset[str]:
        """What the grants allow on the scope (computed once: menus ask many times)."""
        if self.scope is None:
            return frozenset()
        return frozenset(capabilities_on(self.grants, self.scope))

    def can(self, capability: str, on: Model | None = None) -> bool:
        """True when the grants give `capability` on `on` (default: the scope)."""
        if on is None or on == self.scope:
            return capability in self.capabilities
        if not isinstance(on, Organization):
            return False
        return capability in capabilities_on(self.grants, on)

    def require_scope(self) -> Organization:
        """The organization acted for; without one there is nothing to show (404)."""
        if self.scope is None:
            raise Http404("no acting organization")
        return self.scope

    def require(self, capability: str, on: Organization | None = None) -> Organization:
        """The organization (default: the scope) if the grants allow `capability` there,
        else 403: the page exists, the role does not open it."""
        target = on if on is not None else self.require_scope()
        if not self.can(capability, target):
            raise PermissionDenied(_("Your role does not allow this here."))
        return target


class AuthenticatedRequest(HttpRequest):
    """The request type of views behind `login_required`."""

    user: User
    actor: Actor


def actor_of(request: HttpRequest) -> Actor:
    """The request's actor, typed, where the request type cannot say it (the API's
    handlers, dashboard providers); an anonymous request has none (403)."""
    actor = getattr(request, ACTOR_ATTR, None)
    if not isinstance(actor, Actor):
        raise PermissionDenied(_("Log in first."))
    return actor
