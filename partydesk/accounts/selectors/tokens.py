"""A user's own API tokens."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from partydesk.accounts.models import ApiToken, User


def api_token_list_for(user: User) -> QuerySet[ApiToken]:
    """The user's tokens, active first, newest first."""
    return ApiToken.objects.filter(user=user).order_by("revoked_at", "-created_at")


def api_token_get_for(user: User, pk: int) -> ApiToken:
    """One of the user's own tokens, else 404."""
    token = ApiToken.objects.filter(user=user, pk=pk).first()
    if token is None:
        raise Http404("token not found")
    return token
