"""Middleware of the shared kernel."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse

from partydesk.core.context import client_ip


def client_address(remote_addr: str | None, real_ip: str | None) -> str | None:
    """The client address. X-Real-IP is believed only when the operator says a reverse proxy
    sets it (PARTYDESK_TRUST_X_REAL_IP); otherwise anyone could fake it past rate limits."""
    if settings.PARTYDESK_TRUST_X_REAL_IP and real_ip:
        return real_ip
    return remote_addr or None


def request_ip(request: HttpRequest) -> str | None:
    return client_address(request.META.get("REMOTE_ADDR"), request.META.get("HTTP_X_REAL_IP"))


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


API_PREFIX = "/api/"


class ApiJsonErrorsMiddleware:
    """Every error under the API is a JSON `{"detail": ...}` body, whoever answered it.

    The API's own handlers already answer JSON (core/api.py); this catches what answers
    before or beside them: a 405 from a route that lacks the method, a CSRF or request-size
    refusal from Django. The status and headers such as `Allow` are kept.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            response.status_code < 400
            or not request.path.startswith(API_PREFIX)
            or response.get("Content-Type", "").startswith("application/json")
        ):
            return response
        json = JsonResponse({"detail": response.reason_phrase}, status=response.status_code)
        for header in ("Allow", "WWW-Authenticate", "Retry-After"):
            if header in response:
                json[header] = response[header]
        return json
