"""Lean routes: a few hot requests served beside Django's request handling (ADR 0029).

A request through Django's handler pays the whole middleware chain: with the session cookie
and `SESSION_SAVE_EVERY_REQUEST` a session read and a session write, CSRF, locale, the user
and its role grants, the acting organization, and for a page the menu and the notification
count. For most pages that is the right price. For a request that thousands of people send
in the same second (a contest answer, the press of "start" in an exam, a connected site's
attendance count) it is most of the work.

An app registers such a request once, in its AppConfig.ready():

    lean.register(lean.LeanRoute("/contests/live/answers", answers, methods=("POST",)))

and `config/wsgi.py` and `config/asgi.py` serve every registered path beside Django
(`lean_servers`); `runserver` and the test server reach the same handler through Django
(`lean_servers.django_view` in the app's urls.py, at the middleware's cost), so it behaves
the same everywhere.

A lean handler gets a `LeanRequest` (method, path, body, headers, cookies, form, language)
and returns a `LeanReply`. It authenticates by a signed token, never by the session: a
token made by `token_make` while the page was served by Django, bound to that session's
cookie by a hash (`token_read` refuses it with another cookie) so a leaked token alone
opens nothing. A token in the body also stands for the CSRF token: a cross-site page cannot
know it. What Django's middleware would add to any reply, the core adds here: the security
headers (CSP from settings, nosniff, frame, referrer and opener policies, HSTS over HTTPS),
`Cache-Control: no-store` and the reply's language.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from django.conf import settings
from django.core import signing
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, QueryDict
from django.http.cookie import parse_cookie
from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation.trans_real import parse_accept_lang_header

from partydesk.core.middleware import client_address

REASONS = {
    200: "OK",
    303: "See Other",
    400: "Bad Request",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    409: "Conflict",
    413: "Payload Too Large",
    429: "Too Many Requests",
    500: "Internal Server Error",
    503: "Service Unavailable",
}


@dataclass(frozen=True)
class LeanRequest:
    """One request to a lean route. `body` is None when it was longer than the route
    takes (the handler answers 413); header names are lower case; `remote_addr` is the
    peer's address (REMOTE_ADDR), which `client_ip` trusts as the middleware does."""

    method: str
    path: str
    body: bytes | None
    headers: Mapping[str, str] = field(default_factory=dict)
    secure: bool = False
    remote_addr: str | None = None

    @property
    def client_ip(self) -> str | None:
        """The client's address for the audit trail and rate limits, as Django's requests
        give it (`core.middleware.request_ip`: X-Real-IP only behind a trusted proxy)."""
        return client_address(self.remote_addr, self.headers.get("x-real-ip"))

    @cached_property
    def cookies(self) -> dict[str, str]:
        return parse_cookie(self.headers.get("cookie", ""))

    @cached_property
    def form(self) -> QueryDict:
        """The body as an HTML form sends it (urlencoded); empty for anything else."""
        kind = self.headers.get("content-type", "").split(";")[0].strip().lower()
        if kind != "application/x-www-form-urlencoded" or not self.body:
            return QueryDict()
        try:
            return QueryDict(self.body.decode("utf-8"))
        except UnicodeDecodeError:
            return QueryDict()

    @cached_property
    def language(self) -> str:
        """The reader's language as Django's LocaleMiddleware would choose it: the language
        cookie, then Accept-Language, then the installation's."""
        choices = [self.cookies.get(settings.LANGUAGE_COOKIE_NAME, "")]
        choices += [
            code for code, _q in parse_accept_lang_header(self.headers.get("accept-language", ""))
        ]
        for code in choices:
            if not code or code == "*":
                continue
            try:
                return translation.get_supported_language_variant(code)
            except LookupError:
                continue
        return str(settings.LANGUAGE_CODE)

    @property
    def session_key(self) -> str:
        return self.cookies.get(settings.SESSION_COOKIE_NAME, "")


@dataclass(frozen=True)
class LeanReply:
    """What a lean handler answers: the status, the body and its type, extra headers."""

    status: int
    body: bytes
    content_type: str = "application/json; charset=utf-8"
    headers: tuple[tuple[str, str], ...] = ()


def json_reply(
    status: int, payload: object, headers: tuple[tuple[str, str], ...] = ()
) -> LeanReply:
    return LeanReply(status, json.dumps(payload, ensure_ascii=False).encode(), headers=headers)


def html_reply(status: int, html: str, headers: tuple[tuple[str, str], ...] = ()) -> LeanReply:
    return LeanReply(status, html.encode(), "text/html; charset=utf-8", headers)


def refused_page(
    status: int,
    heading: str,
    message: str,
    *,
    back: str = "",
    back_label: str = "",
    headers: tuple[tuple[str, str], ...] = (),
) -> LeanReply:
    """The page a lean route refuses a form with (`core/lean_refused.html`, in the lean
    frame): `heading` and `message` already translated by the app, and a link to `back`
    (none when it is empty)."""
    context = {"heading": heading, "message": message, "back": back, "back_label": back_label}
    return html_reply(status, render_to_string("core/lean_refused.html", context), headers)


LeanHandler = Callable[[LeanRequest], LeanReply]


@dataclass(frozen=True)
class LeanRoute:
    """A path served lean: its handler, the methods it takes (another is answered 405 in
    JSON) and the largest body it reads."""

    path: str
    handler: LeanHandler
    methods: tuple[str, ...] = ("POST",)
    max_body: int = 16_384


_routes: dict[str, LeanRoute] = {}


def register(route: LeanRoute) -> None:
    """Serve `route.path` lean (from an AppConfig.ready()); a path has one handler."""
    known = _routes.get(route.path)
    if known is not None and known.handler is not route.handler:
        raise ValueError(f"the lean route {route.path} is registered twice")
    _routes[route.path] = route


def route_for(path: str) -> LeanRoute | None:
    return _routes.get(path)


def routes() -> list[LeanRoute]:
    return sorted(_routes.values(), key=lambda route: route.path)


# --- Tokens: signed by the server, bound to the browser's session -------------------------


def _session_mark(salt: str, session_key: str) -> str:
    return salted_hmac(salt, session_key, algorithm="sha256").hexdigest()[:20]


def token_make(salt: str, value: str, session_key: str) -> str:
    """A token naming `value` that `token_read` accepts only with the same session cookie
    (`request.session.session_key` of the page that hands it out)."""
    signer = signing.TimestampSigner(salt=salt)
    return signer.sign(f"{value}:{_session_mark(salt, session_key)}")


def token_read(salt: str, token: str, session_key: str, max_age: int) -> str | None:
    """The value a token was made for, or None: forged, altered, older than `max_age`
    seconds, or sent with another session's cookie (or none)."""
    if not session_key:
        return None
    try:
        signed = signing.TimestampSigner(salt=salt).unsign(token, max_age=max_age)
    except signing.BadSignature:
        return None
    value, _sep, mark = signed.rpartition(":")
    if not constant_time_compare(mark, _session_mark(salt, session_key)):
        return None
    return value


# --- What Django's middleware would have given the reply ---------------------------------


def csrf_token(request: LeanRequest) -> tuple[str, tuple[tuple[str, str], ...]]:
    """A CSRF token for the forms of a page rendered lean, as `{% csrf_token %}` would give
    it from the browser's CSRF cookie, and the Set-Cookie header when there was none."""
    django_request = HttpRequest()
    django_request.COOKIES = request.cookies
    django_request.META["SERVER_NAME"] = "lean"
    middleware = CsrfViewMiddleware(lambda _r: HttpResponse())
    middleware.process_request(django_request)
    token = get_token(django_request)
    response = middleware.process_response(django_request, HttpResponse())
    cookies = tuple(("Set-Cookie", morsel.OutputString()) for morsel in response.cookies.values())
    return token, cookies


@lru_cache(maxsize=1)
def content_security_policy() -> str:
    """The CSP header django-csp builds from `CONTENT_SECURITY_POLICY`: the same for every
    reply, so built once per process (and again when a test overrides the setting)."""
    from csp.utils import build_policy

    return build_policy()


@receiver(setting_changed)
def _forget_policy(*, setting: str, **_kwargs: object) -> None:
    if setting.startswith("CONTENT_SECURITY_POLICY"):
        content_security_policy.cache_clear()


def security_headers(secure: bool) -> list[tuple[str, str]]:
    headers = [
        ("Content-Security-Policy", content_security_policy()),
        ("X-Content-Type-Options", "nosniff"),
        ("X-Frame-Options", str(settings.X_FRAME_OPTIONS)),
        ("Referrer-Policy", str(settings.SECURE_REFERRER_POLICY)),
        ("Cross-Origin-Opener-Policy", str(settings.SECURE_CROSS_ORIGIN_OPENER_POLICY)),
        ("Cache-Control", "no-store"),
    ]
    hsts = int(getattr(settings, "SECURE_HSTS_SECONDS", 0) or 0)
    if secure and hsts:
        subdomains = "; includeSubDomains" if settings.SECURE_HSTS_INCLUDE_SUBDOMAINS else ""
        headers.append(("Strict-Transport-Security", f"max-age={hsts}{subdomains}"))
    return headers
