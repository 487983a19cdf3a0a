"""Attach the user's grants and acting organization to each request; enforce 2FA for signers."""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from partydesk.accounts.actor import Actor
from partydesk.accounts.models import User
from partydesk.accounts.permissions import requires_two_factor
from partydesk.accounts.selectors import actor_for
from partydesk.core.http import ACTOR_ATTR, acting

SESSION_VERIFIED_KEY = "partydesk_2fa_verified"


class ActingOrganizationMiddleware:
    """Set request.actor (core.http.acting reads it): the user, grants and acting scope."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if isinstance(user, User):
            setattr(request, ACTOR_ATTR, actor_for(user))
        return self.get_response(request)


class TwoFactorRequiredMiddleware:
    """Second factor before anything else.

    - An account with a second factor whose session has not passed it (a session opened
      before it was turned on) goes to the code page.
    - An account holding a role that approves or signs, without a second factor, goes to
      set-up.
    Only set-up, the code page, logout, language switching and static files stay reachable;
    the API authenticates by token and checks the same rule itself.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    @cached_property
    def allowed_prefixes(self) -> tuple[str, ...]:
        return (settings.STATIC_URL or "/static/", "/i18n/", "/api/")

    @cached_property
    def exempt_paths(self) -> frozenset[str]:
        return frozenset(
            reverse(name)
            for name in (
                "accounts:two_factor_setup",
                "accounts:two_factor_verify",
                "accounts:logout",
            )
        )

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            isinstance(user, User)
            and request.path not in self.exempt_paths
            and not request.path.startswith(self.allowed_prefixes)
        ):
            if user.has_two_factor:
                if not request.session.get(SESSION_VERIFIED_KEY):
                    return self._redirect(request, "accounts:two_factor_verify")
            elif isinstance(actor := acting(request), Actor) and requires_two_factor(actor.grants):
                return self._redirect(request, "accounts:two_factor_setup")
        return self.get_response(request)

    @staticmethod
    def _redirect(request: HttpRequest, name: str) -> HttpResponse:
        url = reverse(name)
        if request.method == "GET":
            url += "?" + urlencode({"next": request.get_full_path()})
        if request.headers.get("HX-Request"):
            # An HTMX request would swap the whole page into a fragment: send the browser.
            response = HttpResponse(status=204)
            response["HX-Redirect"] = url
            return response
        return HttpResponseRedirect(url)
