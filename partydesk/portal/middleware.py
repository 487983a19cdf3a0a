"""The CMS's admin is for the portal's people only: a portal capability opens it."""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from partydesk.core.http import acting
from partydesk.portal.hosts import on_public_host
from partydesk.portal.services.editorial import portal_editors_sync

PORTAL_CAPABILITIES = ("portal.edit", "portal.approve", "portal.manage")


class PortalAdminGateMiddleware:
    """403 on the Wagtail admin for a logged-in person without a portal capability.

    Everyone who comes has their editorial groups synced from their grants first.
    Anonymous requests pass on: Wagtail sends them to the office's login page
    (WAGTAILADMIN_LOGIN_URL), whose second factor applies as everywhere else.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    @cached_property
    def admin_prefix(self) -> str:
        return reverse("wagtailadmin_home", urlconf=settings.ROOT_URLCONF)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            request.path.startswith(self.admin_prefix)
            and request.user.is_authenticated
            and not on_public_host(request)  # no admin there: a page's path, or a 404
        ):
            actor = acting(request)
            # Wagtail reads page rights from groups: bring them in step with today's grants
            # before it looks (a grant given or taken away applies at the next request).
            portal_editors_sync(user=request.user, grants=getattr(actor, "grants", None))
            if not request.user.is_superuser and not any(
                actor.can(code) for code in PORTAL_CAPABILITIES
            ):
                raise PermissionDenied(_("Your role does not allow editing the portal."))
            response = self.get_response(request)
            relax_policy_for_admin(response)
            return response
        return self.get_response(request)


def relax_policy_for_admin(response: HttpResponse) -> None:
    """What the Wagtail admin needs beyond the office's policy, on its own paths only.

    - Its live preview shows the page in an iframe of the editor, from the same origin:
      frame-ancestors 'self' and X-Frame-Options SAMEORIGIN instead of 'none'/DENY.
    - Its image uploader previews a chosen file through a blob: URL.
    Scripts stay 'self' only: the two inline scripts of the scheduling dialog (a date-time
    picker) do not run, and the fields take a typed date and time (ADR 0022).
    """
    # django-csp reads these attributes of the response (its decorators set them the same way).
    response._csp_replace = {"frame-ancestors": ["'self'"]}  # type: ignore[attr-defined]
    response._csp_update = {"img-src": ["blob:"]}  # type: ignore[attr-defined]
    response["X-Frame-Options"] = "SAMEORIGIN"
