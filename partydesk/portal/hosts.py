"""The portal at the root of a host name of its own (PARTYDESK_PORTAL_HOST, ADR 0022, "The
public host"): on that host the portal's routes are served without /portal/ and nothing of
the office exists; every other host keeps the office with the portal at /portal/.

Only the URL configuration changes (`request.urlconf`): the Wagtail site stays the one
default site, so a page's link is the path of the running configuration (`/<slug>/` on the
public host, `/portal/<slug>/` elsewhere) and never an absolute address of another host.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.http.request import split_domain_port
from django.urls import reverse

PUBLIC_URLCONF = "partydesk.portal.public_urls"


def is_portal_host(request: HttpRequest) -> bool:
    """Whether the request names the portal's own host (any port)."""
    host = settings.PARTYDESK_PORTAL_HOST
    if not host:
        return False
    domain, _port = split_domain_port(request.get_host())
    return domain == host


def on_public_host(request: HttpRequest) -> bool:
    """Whether this request is being served by the public host's URL configuration."""
    return getattr(request, "urlconf", None) == PUBLIC_URLCONF


def office_address(request: HttpRequest) -> str:
    """This public-host address on the office's (SITE_URL): every public route is the
    office's portal route without its prefix, so putting the prefix back is the whole map."""
    prefix = reverse("wagtail_serve", args=("",), urlconf=settings.ROOT_URLCONF).rstrip("/")
    return f"{settings.SITE_URL}{prefix}{request.get_full_path()}"


class PortalHostMiddleware:
    """Requests for PARTYDESK_PORTAL_HOST are routed by the public URL configuration; it
    runs before anything that resolves a path (CommonMiddleware's slash, the locale)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if is_portal_host(request):
            # Django's handler routes by this attribute (BaseHandler.resolve_request).
            request.urlconf = PUBLIC_URLCONF  # type: ignore[attr-defined]
        return self.get_response(request)
