"""Lean routes (core/lean.py, lean_servers.py, ADR 0029): served beside Django under WSGI and
ASGI and through Django's URLconf alike, with the headers Django's middleware would give,
JSON for every refusal (405, 413, 500, 503, never a trace), the reader's language, and
tokens that open nothing without the session cookie they were made for."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from typing import Any

import pytest
from asgiref.sync import async_to_sync
from django.conf import settings
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.test import RequestFactory
from django.utils import translation
from django.utils.translation import gettext as _

from partydesk.core import lean
from partydesk.core.context import client_ip
from partydesk.core.lean_servers import django_view, with_lean_routes, with_lean_routes_asgi

# The request signals close old connections (as for a view): once an earlier test has opened
# the database, that touches it, so the tests run inside the test database's transaction.
pytestmark = pytest.mark.django_db

PATH = "/core/lean-test"
SALT = "partydesk.core.tests.lean"


def _echo(request: lean.LeanRequest) -> lean.LeanReply:
    name = request.form.get("name") or request.headers.get("x-name", "")
    if name == "db":
        raise DatabaseError("down")
    if name == "boom":
        raise RuntimeError("a secret detail")
    token, cookies = lean.csrf_token(request)
    payload = {
        "name": name,
        "said": _("The request is too long."),
        "csrf": token,
        "ip": client_ip.get(),  # what an audit event of the handler records
    }
    return lean.json_reply(200, payload, cookies)


@pytest.fixture(autouse=True)
def route() -> Iterator[lean.LeanRoute]:
    found = lean.LeanRoute(PATH, _echo, methods=("POST",), max_body=64)
    lean.register(found)
    yield found
    lean._routes.pop(PATH, None)


def _django(environ: dict[str, Any], start_response: Any) -> list[bytes]:
    start_response("418 I'm a teapot", [])
    return [b"django"]


def wsgi(body: bytes, **headers: str) -> tuple[str, dict[str, list[str]], bytes]:
    environ = {
        "REQUEST_METHOD": headers.pop("method", "POST"),
        "PATH_INFO": headers.pop("path", PATH),
        "CONTENT_LENGTH": str(len(body)),
        "CONTENT_TYPE": "application/x-www-form-urlencoded",
        "wsgi.input": io.BytesIO(body),
        "wsgi.url_scheme": "http",
        "REMOTE_ADDR": headers.pop("remote_addr", "203.0.113.9"),
        **{"HTTP_" + key.upper(): value for key, value in headers.items()},
    }
    seen: dict[str, Any] = {}

    def start_response(status: str, reply_headers: list[tuple[str, str]]) -> None:
        seen["status"] = status
        seen["headers"] = {}
        for name, value in reply_headers:
            seen["headers"].setdefault(name.lower(), []).append(value)

    data = b"".join(with_lean_routes(_django)(environ, start_response))
    return seen["status"], seen["headers"], data


def test_a_registered_path_is_served_beside_django_with_the_middlewares_headers() -> None:
    status, headers, data = wsgi(b"name=An", accept_language="vi")
    assert status == "200 OK"
    reply = json.loads(data)
    assert reply["name"] == "An" and reply["said"] == "Yêu cầu quá dài."
    assert headers["content-language"] == ["vi"]
    assert "default-src 'self'" in headers["content-security-policy"][0]
    assert headers["x-frame-options"] == ["DENY"]
    assert headers["x-content-type-options"] == ["nosniff"]
    assert headers["cache-control"] == ["no-store"]
    assert "strict-transport-security" not in headers  # plain http
    assert wsgi(b"", path="/elsewhere/") == ("418 I'm a teapot", {}, b"django")


def test_the_csp_is_built_once_and_again_when_a_test_overrides_it(settings, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import csp.utils

    built: list[str] = []

    def counted(*args: Any, **kwargs: Any) -> str:
        built.append(policy := real(*args, **kwargs))
        return policy

    real = csp.utils.build_policy
    monkeypatch.setattr(csp.utils, "build_policy", counted)
    lean.content_security_policy.cache_clear()
    first = dict(lean.security_headers(False))["Content-Security-Policy"]
    assert "default-src 'self'" in first
    assert dict(lean.security_headers(True))["Content-Security-Policy"] == first
    assert len(built) == 1  # once for both replies
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": ["'none'"]}}
    _status, headers, _data = wsgi(b"name=An")
    assert headers["content-security-policy"] == ["default-src 'none'"]
    assert len(built) == 2


def test_the_handler_knows_the_client_address_as_the_audit_trail_does(settings) -> None:  # type: ignore[no-untyped-def]
    settings.PARTYDESK_TRUST_X_REAL_IP = False
    assert json.loads(wsgi(b"name=An", x_real_ip="198.51.100.1")[2])["ip"] == "203.0.113.9"
    settings.PARTYDESK_TRUST_X_REAL_IP = True  # behind a proxy that sets it
    assert json.loads(wsgi(b"name=An", x_real_ip="198.51.100.1")[2])["ip"] == "198.51.100.1"
    assert client_ip.get() is None  # reset after the request


def test_the_language_cookie_wins_over_accept_language() -> None:
    cookie = f"{settings.LANGUAGE_COOKIE_NAME}=en"
    _status, headers, data = wsgi(b"name=An", accept_language="vi", cookie=cookie)
    assert json.loads(data)["said"] == "The request is too long."
    assert headers["content-language"] == ["en"]


def test_refusals_are_json_and_never_a_trace() -> None:
    status, headers, data = wsgi(b"", method="GET", accept_language="en")
    assert status.startswith("405") and headers["allow"] == ["POST"]
    assert json.loads(data)["error"]
    status, _headers, data = wsgi(b"name=" + b"x" * 100)
    assert status.startswith("413") and json.loads(data)["error"]
    status, _headers, data = wsgi(b"name=db")
    assert status.startswith("503") and json.loads(data)["error"]
    status, _headers, data = wsgi(b"name=boom")
    assert status.startswith("500") and b"secret" not in data


def test_a_token_opens_only_with_its_own_session_cookie() -> None:
    token = lean.token_make(SALT, "42", "session-a")
    assert lean.token_read(SALT, token, "session-a", max_age=60) == "42"
    assert lean.token_read(SALT, token, "session-b", max_age=60) is None
    assert lean.token_read(SALT, token, "", max_age=60) is None
    assert lean.token_read("another.salt", token, "session-a", max_age=60) is None
    assert lean.token_read(SALT, token.replace("42", "43", 1), "session-a", max_age=60) is None
    request = lean.LeanRequest("POST", PATH, b"", {"cookie": "sessionid=session-a"})
    assert request.session_key == "session-a"


def test_the_csrf_token_of_a_lean_page_passes_djangos_check() -> None:
    """A form on a page rendered lean posts to an ordinary view: its token must be one
    Django's CSRF middleware accepts with the cookie the browser then holds."""
    _status, headers, data = wsgi(b"name=An")
    token = json.loads(data)["csrf"]
    set_cookie = headers["set-cookie"][0]  # no cookie yet: the lean reply sets one
    cookie_value = set_cookie.split(";")[0].split("=", 1)[1]
    post = RequestFactory().post("/", {"csrfmiddlewaretoken": token})
    post.COOKIES[settings.CSRF_COOKIE_NAME] = cookie_value
    middleware = CsrfViewMiddleware(lambda _r: HttpResponse())
    middleware.process_request(post)

    def view(_request: HttpRequest) -> HttpResponse:
        return HttpResponse()

    assert middleware.process_view(post, view, (), {}) is None  # accepted
    _status, headers, data = wsgi(b"name=An", cookie=f"{settings.CSRF_COOKIE_NAME}={cookie_value}")
    # The browser's cookie is kept (Django sends it again, as it does for any page using it).
    assert all(f"={cookie_value};" in value for value in headers.get("set-cookie", []))


def test_under_asgi_and_through_djangos_urlconf_the_same() -> None:
    async def django_asgi(scope: dict[str, Any], receive: Any, send: Any) -> None:
        await send({"type": "http.response.start", "status": 418, "headers": []})
        await send({"type": "http.response.body", "body": b"django"})

    sent: list[dict[str, Any]] = []
    pieces = [
        {"type": "http.request", "body": b"na", "more_body": True},
        {"type": "http.request", "body": b"me=An", "more_body": False},
    ]

    async def receive() -> dict[str, Any]:
        return pieces.pop(0)

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "method": "POST",
        "path": PATH,
        "scheme": "https",
        "headers": [(b"content-type", b"application/x-www-form-urlencoded")],
        "client": ("192.0.2.7", 50000),
    }
    async_to_sync(with_lean_routes_asgi(django_asgi))(scope, receive, send)
    assert sent[0]["status"] == 200 and json.loads(sent[1]["body"])["name"] == "An"
    assert json.loads(sent[1]["body"])["ip"] == "192.0.2.7"

    form = "application/x-www-form-urlencoded"
    request = RequestFactory().post(PATH, "name=B%C3%ACnh", content_type=form)
    response = django_view(PATH)(request)
    assert response.status_code == 200 and json.loads(response.content)["name"] == "Bình"
    assert json.loads(response.content)["ip"] == "127.0.0.1"  # RequestFactory's address
    assert response["Cache-Control"] == "no-store"
    assert django_view(PATH)(RequestFactory().get(PATH)).status_code == 405


def test_a_path_has_one_handler(route: lean.LeanRoute) -> None:
    lean.register(route)  # the same again: harmless
    with pytest.raises(ValueError):
        lean.register(lean.LeanRoute(PATH, lambda r: lean.json_reply(200, {})))


def test_a_refusal_page_says_why_in_the_lean_frame_with_the_way_back() -> None:
    with translation.override("vi"):
        reply = lean.refused_page(
            409,
            "Không thể bắt đầu",
            "Kỳ thi <b>chưa mở</b>.",
            back="/learning/my/",
            back_label="Khóa học của tôi",
            headers=(("Retry-After", "30"),),
        )
    page = reply.body.decode()
    assert reply.status == 409 and reply.content_type == "text/html; charset=utf-8"
    assert reply.headers == (("Retry-After", "30"),)
    assert '<html lang="vi">' in page and "<title>Không thể bắt đầu" in page
    assert "<h1>Không thể bắt đầu</h1>" in page and "Kỳ thi &lt;b&gt;chưa mở&lt;/b&gt;." in page
    assert '<a class="button" href="/learning/my/">Khóa học của tôi</a>' in page
    assert "sidenav" not in page and "notifications" not in page  # no menu, no bell
    assert '<a class="button"' not in lean.refused_page(403, "H", "M").body.decode()


def test_on_the_portals_own_host_the_office_lean_routes_are_djangos_404(settings) -> None:  # type: ignore[no-untyped-def]
    settings.PARTYDESK_PORTAL_HOST = "www.example.vn"
    assert wsgi(b"name=An", host="www.example.vn:443") == ("418 I'm a teapot", {}, b"django")
    assert wsgi(b"name=An", host="WWW.EXAMPLE.VN")[0] == "418 I'm a teapot"
    assert wsgi(b"name=An", host="partydesk.example.vn")[0] == "200 OK"  # the office's name

    async def django_asgi(scope: dict[str, Any], receive: Any, send: Any) -> None:
        await send({"type": "http.response.start", "status": 418, "headers": []})
        await send({"type": "http.response.body", "body": b"django"})

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"name=An", "more_body": False}

    for host, status in ((b"www.example.vn", 418), (b"partydesk.example.vn", 200)):
        sent: list[dict[str, Any]] = []

        async def send(message: dict[str, Any], sent: list[dict[str, Any]] = sent) -> None:
            sent.append(message)

        scope = {
            "type": "http", "method": "POST", "path": PATH, "scheme": "https",
            "headers": [(b"host", host), (b"content-type", b"application/x-www-form-urlencoded")],
            "client": ("192.0.2.7", 50000),
        }  # fmt: skip
        async_to_sync(with_lean_routes_asgi(django_asgi))(scope, receive, send)
        assert sent[0]["status"] == status, host
