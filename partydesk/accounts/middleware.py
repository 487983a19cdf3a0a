"""Attach the user's grants and acting organization to each request; enforce 2FA for signers."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from partydesk.accounts.permissions import requires_two_factor
from partydesk.accounts.selectors import acting_organization_resolve, grant_list_current

SESSION_VERIFIED_KEY = "partydesk_2fa_verified"


class ActingOrganizationMiddleware:
    """Set request.grants and request.acting_organization (None when the user has no role)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        grants = grant_list_current(user) if user.is_authenticated else []  # type: ignore[arg-type]
        request.grants = grants  # type: ignore[attr-defined]
        request.acting_organization = (  # type: ignore[attr-defined]
            acting_organization_resolve(user, grants) if user.is_authenticated else None  # type: ignore[arg-type]
        )
        return self.get_response(request)


class TwoFactorRequiredMiddleware:
    """A user whose role approves or signs must set up and use a second factor before any
    other page; only the account set-up pages, logout and static files stay reachable."""

    allowed_prefixes = ("/static/", "/i18n/", "/api/")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and requires_two_factor(request.grants)  # type: ignore[attr-defined]
            and not request.path.startswith(self.allowed_prefixes)
        ):
            exempt = {
                reverse("accounts:two_factor_setup"),
                reverse("accounts:logout"),
                reverse("accounts:two_factor_verify"),
            }
            if request.path not in exempt:
                if not user.has_two_factor:  # type: ignore[union-attr]
                    return redirect("accounts:two_factor_setup")
                if not request.session.get(SESSION_VERIFIED_KEY):
                    return redirect("accounts:two_factor_verify")
        return self.get_response(request)
