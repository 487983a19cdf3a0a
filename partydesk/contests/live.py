"""The lean answer endpoint: `POST /contests/live/answers`, served beside Django's request
handling rather than through it (config/wsgi.py and config/asgi.py route the prefix here).

Why beside: every request through the middleware carries the taker's session cookie, and
with `SESSION_SAVE_EVERY_REQUEST` that is a session read and a session write per answer,
plus CSRF, locale, authentication and acting-organization work, all for a request whose
only job is one short transaction. Here the request carries the attempt's signed token
(`answering.attempt_token`, handed to the attempt's page), which both authenticates it (a
forged or altered token is refused; a cross-site page cannot know it, so no CSRF cookie is
needed) and names the attempt. The body is JSON:

    {"token": "...", "answers": [{"slot": 0, "chosen": [2], "seq": 3}, ...]}

and the answer is `{"saved": [[slot, seq], ...]}` (200), or `{"error": "..."}` with 400
(malformed), 403 (bad token), 405, 409 (handed in, or time is up), 413, 429 (past the
per-attempt limit, with Retry-After) or 503. A client sends the answers not yet
acknowledged, several at once when more piled up while one request was in flight, and
keeps each until it is acknowledged (docs/decisions/0026, Scale).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable
from typing import Any

from asgiref.sync import sync_to_async
from django.conf import settings
from django.core import signals
from django.db import DatabaseError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation.trans_real import parse_accept_lang_header

from partydesk.accounts.errors import RateLimited
from partydesk.contests.services.answering import Save, answers_save, attempt_id_from_token
from partydesk.core.errors import Conflict, DomainError

PREFIX = "/contests/live/"
ANSWERS_PATH = PREFIX + "answers"
MAX_BODY = 16_384
MAX_ANSWERS = 200
MAX_INT = 2**31 - 1
logger = logging.getLogger(__name__)

StartResponse = Callable[..., Any]
WsgiApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]
AsgiApp = Callable[[dict[str, Any], Any, Any], Any]
Reply = tuple[int, dict[str, object], list[tuple[str, str]]]
Answered = tuple[str, list[tuple[str, str]], bytes]  # status line, headers, body
REASONS = {
    200: "OK",
    400: "Bad Request",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    409: "Conflict",
    413: "Payload Too Large",
    429: "Too Many Requests",
    503: "Service Unavailable",
}


class Malformed(ValueError):
    """The body is not the JSON this endpoint takes."""


def _int(value: object) -> int:
    if type(value) is not int or not 0 <= value <= MAX_INT:
        raise Malformed
    return value


def parse(body: bytes) -> tuple[str, list[Save]]:
    """The token and the answers of a request body; Malformed for anything else."""
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise Malformed from exc
    if not isinstance(data, dict) or not isinstance(data.get("token"), str):
        raise Malformed
    answers = data.get("answers")
    if not isinstance(answers, list) or not 0 < len(answers) <= MAX_ANSWERS:
        raise Malformed
    saves = []
    for item in answers:
        if not isinstance(item, dict) or not isinstance(item.get("chosen"), list):
            raise Malformed
        chosen = tuple(_int(p) for p in item["chosen"])
        if len(chosen) > 50:
            raise Malformed
        seq = item.get("seq")
        saves.append(Save(_int(item.get("slot")), chosen, None if seq is None else _int(seq)))
    return data["token"], saves


def _body(environ: dict[str, Any]) -> bytes | None:
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = -1
    if not 0 <= length <= MAX_BODY:
        return None
    return environ["wsgi.input"].read(length) if length else b""


def answers(method: str, body: bytes | None) -> Reply:
    """Handle one request to the answer endpoint (its method and body, None when too
    long): (status, JSON body, extra headers)."""
    if method != "POST":
        return 405, {"error": _("Answers are sent with POST.")}, [("Allow", "POST")]
    if body is None:
        return 413, {"error": _("Too many answers in one request.")}, []
    try:
        token, saves = parse(body)
    except Malformed:
        return 400, {"error": _("The answers could not be read.")}, []
    attempt_id = attempt_id_from_token(token)
    if attempt_id is None:
        return 403, {"error": _("This attempt cannot be answered from here.")}, []
    try:
        saved = answers_save(
            attempt_id=attempt_id,
            saves=saves,
            limit=settings.PARTYDESK_CONTESTS_TAKER_RATE_PER_MINUTE,
        )
    except RateLimited as exc:
        return 429, {"error": str(exc.message)}, [("Retry-After", str(exc.retry_after))]
    except Conflict as exc:
        return 409, {"error": str(exc.message)}, []
    except DomainError as exc:
        return 400, {"error": str(exc.message)}, []
    except DatabaseError:
        logger.exception("contests.live: the answers of attempt %s were not saved", attempt_id)
        return 503, {"error": _("The answers were not saved; they will be sent again.")}, []
    return 200, {"saved": [list(pair) for pair in saved]}, []


def _language(header: str) -> str:
    for code, _quality in parse_accept_lang_header(header):
        try:
            return translation.get_supported_language_variant(code)
        except LookupError:
            continue
    return str(settings.LANGUAGE_CODE)


def reply(path: str, method: str, body: bytes | None, accept_language: str) -> Answered:
    """One request to the prefix, whatever the server: (status line, headers, body), the
    reply in the taker's language. Django's request signals open and close the database
    connection around it, as its own handler does."""
    language = _language(accept_language)
    signals.request_started.send(sender=None)
    try:
        with translation.override(language):
            if path == ANSWERS_PATH:
                status, payload, extra = answers(method, body)
            else:
                status, payload, extra = 404, {"error": _("Not found.")}, []
    finally:
        signals.request_finished.send(sender=None)
    data = json.dumps(payload, ensure_ascii=False).encode()
    headers = [
        ("Content-Type", "application/json; charset=utf-8"),
        ("Content-Length", str(len(data))),
        ("Content-Language", language),
        ("Cache-Control", "no-store"),
        ("X-Content-Type-Options", "nosniff"),
        *extra,
    ]
    return f"{status} {REASONS[status]}", headers, data


def with_live_answers(django_app: WsgiApp) -> WsgiApp:
    """Django's WSGI application, with the lean answer endpoint's prefix served beside it."""

    def application(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        path = str(environ.get("PATH_INFO", ""))
        if not path.startswith(PREFIX):
            return django_app(environ, start_response)
        method = str(environ.get("REQUEST_METHOD"))
        body = _body(environ) if method == "POST" else b""
        status, headers, data = reply(path, method, body, environ.get("HTTP_ACCEPT_LANGUAGE", ""))
        start_response(status, headers)
        return [data]

    return application


async def _asgi_body(receive: Any) -> bytes | None:
    """The request body, None past MAX_BODY (read no further)."""
    chunks, size, more = [], 0, True
    while more:
        message = await receive()
        if message["type"] == "http.disconnect":
            return b""
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > MAX_BODY:
            return None
        chunks.append(chunk)
        more = message.get("more_body", False)
    return b"".join(chunks)


def with_live_answers_asgi(django_app: AsgiApp) -> AsgiApp:
    """Django's ASGI application, with the lean answer endpoint's prefix served beside it:
    the save runs in Django's thread for database work (`sync_to_async`, thread-sensitive,
    as Django's own handler runs a view), the rest of the request never enters Django."""
    handle = sync_to_async(reply, thread_sensitive=True)

    async def application(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(PREFIX):
            await django_app(scope, receive, send)
            return
        method = scope["method"]
        body = await _asgi_body(receive) if method == "POST" else b""
        headers = dict(scope.get("headers") or [])
        language = headers.get(b"accept-language", b"").decode("latin-1")
        status, extra, data = await handle(scope["path"], method, body, language)
        await send(
            {
                "type": "http.response.start",
                "status": int(status.split()[0]),
                "headers": [(k.lower().encode(), v.encode("latin-1")) for k, v in extra],
            }
        )
        await send({"type": "http.response.body", "body": data})

    return application
