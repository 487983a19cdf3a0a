"""Token authentication for the API: `Authorization: Bearer <token>`; acts as the token's user."""

from __future__ import annotations

from django.http import HttpRequest
from ninja.security import HttpBearer

from partydesk.accounts.permissions import requires_two_factor
from partydesk.accounts.selectors import actor_for
from partydesk.accounts.services.tokens import api_token_authenticate
from partydesk.core.http import ACTOR_ATTR


class TokenAuth(HttpBearer):
    """Resolve a bearer token to its user, and give the request that user's scope."""

    def authenticate(self, request: HttpRequest, token: str) -> object | None:
        user = api_token_authenticate(token)
        if user is None:
            return None
        actor = actor_for(user)
        if requires_two_factor(actor.grants) and not user.has_two_factor:
            return None  # a signer's account is not usable until its second factor is on
        request.user = user
        setattr(request, ACTOR_ATTR, actor)
        return user
