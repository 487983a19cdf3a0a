"""The lean answer endpoint: `POST /contests/live/answers`, served beside Django's request
handling rather than through it (config/wsgi.py routes the prefix here).

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
Reply = tuple[int, dict[str, object], list[tuple[str, str]]]
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


def _language(environ: dict[str, Any]) -> str:
    header = environ.get("HTTP_ACCEPT_LANGUAGE", "")
    for code, _quality in parse_accept_lang_header(header):
        try:
            return translation.get_supported_language_variant(code)
        except LookupError:
            continue
    return str(settings.LANGUAGE_CODE)


def respond(environ: dict[str, Any], start_response: StartResponse) -> list[bytes]:
    """The endpoint as a WSGI application, its reply in the taker's language."""
    language = _language(environ)
    with translation.override(language):
        if environ.get("PATH_INFO") == ANSWERS_PATH:
            method = str(environ.get("REQUEST_METHOD"))
            status, payload, extra = answers(method, _body(environ) if method == "POST" else b"")
        else:
            status, payload, extra = 404, {"error": _("Not found.")}, []
    body = json.dumps(payload, ensure_ascii=False).encode()
    headers = [
        ("Content-Type", "application/json; charset=utf-8"),
        ("Content-Length", str(len(body))),
        ("Content-Language", language),
        ("Cache-Control", "no-store"),
        ("X-Content-Type-Options", "nosniff"),
        *extra,
    ]
    start_response(f"{status} {REASONS[status]}", headers)
    return [body]


def with_live_answers(django_app: WsgiApp) -> WsgiApp:
    """Django's application, with the lean answer endpoint's prefix served beside it."""

    def application(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        if not str(environ.get("PATH_INFO", "")).startswith(PREFIX):
            return django_app(environ, start_response)
        # As Django's handler does: connections past their age are closed around a request.
        signals.request_started.send(sender=None, environ=environ)
        try:
            return respond(environ, start_response)
        finally:
            signals.request_finished.send(sender=None)

    return application
