"""How the lean routes (core/lean.py, ADR 0029) are served: beside Django's WSGI and ASGI
applications (`with_lean_routes`, `with_lean_routes_asgi`, used by config/wsgi.py and
config/asgi.py), and through Django itself for the servers that do not wrap it
(`django_view`, in the app's urls.py: `runserver` and the test server), with the same
handling and replies.

Around each handler, as Django's own handler does: the request signals (which open and
close the database connection by CONN_MAX_AGE), the reply's language, and the headers its
middleware would have added. A method the route does not take is answered 405, a body past
its limit 413, a database that fails 503 and anything else unexpected 500, always in JSON,
never with a trace.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import Any

from asgiref.sync import sync_to_async
from django.core import signals
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse
from django.http.request import split_domain_port
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from partydesk.core import lean
from partydesk.core.context import client_ip
from partydesk.core.lean import LeanReply, LeanRequest, LeanRoute

logger = logging.getLogger(__name__)

StartResponse = Callable[..., Any]
WsgiApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]
AsgiApp = Callable[[dict[str, Any], Any, Any], Any]
Answered = tuple[int, list[tuple[str, str]], bytes]  # status, headers, body


def _handled(route: LeanRoute, request: LeanRequest) -> LeanReply:
    if request.method not in route.methods:
        allow = (("Allow", ", ".join(route.methods)),)
        return lean.json_reply(405, {"error": _("This address does not take that method.")}, allow)
    if request.body is None:
        return lean.json_reply(413, {"error": _("The request is too long.")})
    try:
        return route.handler(request)
    except DatabaseError:
        logger.exception("lean route %s: the database failed", route.path)
        return lean.json_reply(503, {"error": _("Not saved; please send it again.")})
    except Exception:
        logger.exception("lean route %s failed", route.path)
        return lean.json_reply(500, {"error": _("Something went wrong on our side.")})


def answer(route: LeanRoute, request: LeanRequest) -> Answered:
    """One request to a lean route, whatever the server: status, headers and body."""
    signals.request_started.send(sender=None)
    address = client_ip.set(request.client_ip)  # for the audit events, as the middleware
    try:
        with translation.override(request.language):
            reply = _handled(route, request)
    finally:
        client_ip.reset(address)
        signals.request_finished.send(sender=None)
    headers = [
        ("Content-Type", reply.content_type),
        ("Content-Length", str(len(reply.body))),
        ("Content-Language", request.language),
        ("Vary", "Cookie, Accept-Language"),
        *lean.security_headers(request.secure),
        *reply.headers,
    ]
    return reply.status, headers, reply.body


def _route_for(path: str, host: str) -> LeanRoute | None:
    """The lean route at `path`, except on the portal's own host name (ADR 0022, "The
    public host"), where nothing of the office exists: Django answers there (a 404)."""
    from django.conf import settings

    route = lean.route_for(path)
    public = getattr(settings, "PARTYDESK_PORTAL_HOST", "")
    if route is not None and public and split_domain_port(host.lower())[0] == public:
        return None
    return route


def _status_line(status: int) -> str:
    return f"{status} {lean.REASONS.get(status, 'Unknown')}"


# --- WSGI (gunicorn config.wsgi) -----------------------------------------------------------


def _wsgi_headers(environ: dict[str, Any]) -> dict[str, str]:
    headers = {
        key[5:].replace("_", "-").lower(): str(value)
        for key, value in environ.items()
        if key.startswith("HTTP_")
    }
    if environ.get("CONTENT_TYPE"):
        headers["content-type"] = str(environ["CONTENT_TYPE"])
    return headers


def _wsgi_body(environ: dict[str, Any], limit: int) -> bytes | None:
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return None
    if not 0 <= length <= limit:
        return None
    return environ["wsgi.input"].read(length) if length else b""


def _secure(scheme: str, headers: dict[str, str]) -> bool:
    from django.conf import settings

    proxy = getattr(settings, "SECURE_PROXY_SSL_HEADER", None)
    if proxy:
        name, value = proxy
        forwarded = headers.get(name.removeprefix("HTTP_").replace("_", "-").lower())
        if forwarded is not None:
            return forwarded.split(",")[0].strip() == value
    return scheme == "https"


def with_lean_routes(django_app: WsgiApp) -> WsgiApp:
    """Django's WSGI application, with every registered lean route served beside it."""

    def application(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        route = _route_for(str(environ.get("PATH_INFO", "")), str(environ.get("HTTP_HOST", "")))
        if route is None:
            return django_app(environ, start_response)
        method = str(environ.get("REQUEST_METHOD", ""))
        headers = _wsgi_headers(environ)
        body = _wsgi_body(environ, route.max_body) if method in route.methods else b""
        secure = _secure(str(environ.get("wsgi.url_scheme", "http")), headers)
        remote = environ.get("REMOTE_ADDR")
        request = LeanRequest(method, route.path, body, headers, secure, remote and str(remote))
        status, reply_headers, data = answer(route, request)
        start_response(_status_line(status), reply_headers)
        return [data]

    return application


# --- ASGI (config.asgi) --------------------------------------------------------------------


async def _asgi_body(receive: Any, limit: int) -> bytes | None:
    """The request body, None past `limit` (read no further)."""
    chunks, size, more = [], 0, True
    while more:
        message = await receive()
        if message["type"] == "http.disconnect":
            return b""
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
        more = message.get("more_body", False)
    return b"".join(chunks)


def with_lean_routes_asgi(django_app: AsgiApp) -> AsgiApp:
    """Django's ASGI application, with every registered lean route served beside it: the
    handler runs in Django's thread for database work (`sync_to_async`, thread-sensitive,
    as Django runs a view); the rest of the request never enters Django."""
    handle = sync_to_async(answer, thread_sensitive=True)

    async def application(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await django_app(scope, receive, send)
            return
        headers = {
            k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers") or []
        }
        route = _route_for(scope["path"], headers.get("host", ""))
        if route is None:
            await django_app(scope, receive, send)
            return
        method = scope["method"]
        body = await _asgi_body(receive, route.max_body) if method in route.methods else b""
        secure = _secure(str(scope.get("scheme", "http")), headers)
        client = scope.get("client") or (None, None)
        request = LeanRequest(method, route.path, body, headers, secure, client[0])
        status, reply_headers, data = await handle(route, request)
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [(k.lower().encode(), v.encode("latin-1")) for k, v in reply_headers],
            }
        )
        await send({"type": "http.response.body", "body": data})

    return application


# --- Through Django, for runserver and the test server -------------------------------------


def django_view(route_path: str) -> Callable[[HttpRequest], HttpResponse]:
    """A Django view answering as the lean route at `route_path` does, for an app's
    urls.py (so `{% url %}` names it), at the middleware's cost: what `runserver` and the
    test server serve, where nothing routes the path beside Django."""

    @csrf_exempt  # a lean route authenticates by its signed token, not by the cookies
    def view(request: HttpRequest) -> HttpResponse:
        route = lean.route_for(route_path)
        if route is None:
            raise LookupError(f"no lean route is registered at {route_path}")
        method = request.method or ""
        headers = {name.lower(): value for name, value in request.headers.items()}
        body: bytes | None = b""
        if method in route.methods:
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = -1
            body = request.body if 0 <= length <= route.max_body else None
        remote = request.META.get("REMOTE_ADDR")
        lean_request = LeanRequest(method, route.path, body, headers, request.is_secure(), remote)
        address = client_ip.set(lean_request.client_ip)  # the middleware's, for a bare view
        try:
            with translation.override(lean_request.language):
                reply = _handled(route, lean_request)
        finally:
            client_ip.reset(address)
        response = HttpResponse(reply.body, status=reply.status, content_type=reply.content_type)
        response["Cache-Control"] = "no-store"
        for name, value in reply.headers:
            if name.lower() == "set-cookie":
                response.cookies.load(value)
            else:
                response[name] = value
        return response

    return view
