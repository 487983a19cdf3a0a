"""The lean answer endpoint: `POST /contests/live/answers`, a lean route (core/lean.py,
ADR 0029) served beside Django's request handling rather than through it.

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

from django.conf import settings
from django.db import DatabaseError
from django.utils.translation import gettext as _

from partydesk.accounts.errors import RateLimited
from partydesk.contests.services.answering import Save, answers_save, attempt_id_from_token
from partydesk.core import lean
from partydesk.core.errors import Conflict, DomainError

ANSWERS_PATH = "/contests/live/answers"
MAX_BODY = 16_384
MAX_ANSWERS = 200
MAX_INT = 2**31 - 1
logger = logging.getLogger(__name__)


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


def answers(request: lean.LeanRequest) -> lean.LeanReply:
    """Save the answers a request carries (its method and size are checked by the core)."""
    try:
        token, saves = parse(request.body or b"")
    except Malformed:
        return lean.json_reply(400, {"error": _("The answers could not be read.")})
    attempt_id = attempt_id_from_token(token)
    if attempt_id is None:
        return lean.json_reply(403, {"error": _("This attempt cannot be answered from here.")})
    try:
        saved = answers_save(
            attempt_id=attempt_id,
            saves=saves,
            limit=settings.PARTYDESK_CONTESTS_TAKER_RATE_PER_MINUTE,
        )
    except RateLimited as exc:
        retry = (("Retry-After", str(exc.retry_after)),)
        return lean.json_reply(429, {"error": str(exc.message)}, retry)
    except Conflict as exc:
        return lean.json_reply(409, {"error": str(exc.message)})
    except DomainError as exc:
        return lean.json_reply(400, {"error": str(exc.message)})
    except DatabaseError:
        logger.exception("contests.live: the answers of attempt %s were not saved", attempt_id)
        message = _("The answers were not saved; they will be sent again.")
        return lean.json_reply(503, {"error": message})
    return lean.json_reply(200, {"saved": [list(pair) for pair in saved]})


ROUTE = lean.LeanRoute(ANSWERS_PATH, answers, methods=("POST",), max_body=MAX_BODY)
