"""Token authentication for the API: `Authorization: Bearer <token>`; acts as the token's user."""

from __future__ import annotations

from django.http import HttpRequest
from ninja.security import HttpBearer

from partydesk.accounts.permissions import requires_two_factor
from partydesk.accounts.selectors import acting_organization_resolve, grant_list_current
from partydesk.accounts.services.tokens import api_token_authenticate


class TokenAuth(HttpBearer):
    """Resolve a bearer token to its user, and give the request that user's scope."""

    def authenticate(self, request: HttpRequest, token: str) -> object | None:
        user = api_token_authenticate(token)
        if user is None:
            return None
        grants = grant_list_current(user)
        if requires_two_factor(grants) and not user.has_two_factor:
            return None  # a signer's account is not usable until its second factor is on
        request.user = user
        request.grants = grants  # type: ignore[attr-defined]
        request.acting_organization = acting_organization_resolve(user, grants)  # type: ignore[attr-defined]
        return user
