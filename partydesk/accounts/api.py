"""Token authentication for the API: `Authorization: Bearer <token>`; acts as the token's user."""

from __future__ import annotations

import hashlib

from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer

from partydesk.accounts.models import ApiToken
from partydesk.accounts.selectors import acting_organization_resolve, grant_list_current


def token_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class TokenAuth(HttpBearer):
    """Resolve a bearer token to its user, and give the request that user's scope."""

    def authenticate(self, request: HttpRequest, token: str) -> object | None:
        prefix = token[:8]
        row = (
            ApiToken.objects.filter(prefix=prefix, revoked_at__isnull=True)
            .select_related("user")
            .first()
        )
        if row is None or row.key_hash != token_hash(token) or not row.user.is_active:
            return None
        ApiToken.objects.filter(pk=row.pk).update(last_used_at=timezone.now())
        grants = grant_list_current(row.user)
        request.user = row.user
        request.grants = grants  # type: ignore[attr-defined]
        request.acting_organization = acting_organization_resolve(row.user, grants)  # type: ignore[attr-defined]
        return row.user
