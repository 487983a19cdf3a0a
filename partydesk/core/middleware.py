"""Middleware of the shared kernel."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from partydesk.core.context import client_ip


def request_ip(request: HttpRequest) -> str | None:
    """The client address. X-Real-IP is believed only when the operator says a reverse proxy
    sets it (PARTYDESK_TRUST_X_REAL_IP); otherwise anyone could fake it past rate limits."""
    if settings.PARTYDESK_TRUST_X_REAL_IP and request.META.get("HTTP_X_REAL_IP"):
        return request.META["HTTP_X_REAL_IP"]
    return request.META.get("REMOTE_ADDR")


class RequestContextMiddleware:
    """Expose the client IP to the audit trail for the duration of the request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = client_ip.set(request_ip(request))
        try:
            return self.get_response(request)
        finally:
            client_ip.reset(token)
