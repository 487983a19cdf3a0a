"""The lean answer endpoint under ASGI (config/asgi.py): the prefix is served beside
Django's handler, as under WSGI, with the same statuses and JSON; anything else goes to
Django. Driven as an ASGI server drives it (scope, receive, send)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from asgiref.sync import async_to_sync

from partydesk.contests.live import ANSWERS_PATH, MAX_BODY
from partydesk.contests.models import Answer, Attempt
from partydesk.contests.services.answering import attempt_token
from partydesk.contests.services.taking import attempt_submit
from partydesk.contests.tests.test_live import attempt, connection_kept  # noqa: F401
from partydesk.core.lean_servers import with_lean_routes_asgi

pytestmark = pytest.mark.django_db


async def _django(scope: dict[str, Any], receive: Any, send: Any) -> None:
    await send({"type": "http.response.start", "status": 418, "headers": []})
    await send({"type": "http.response.body", "body": b"django"})


APP = with_lean_routes_asgi(_django)


def call(
    body: bytes, *, method: str = "POST", path: str = ANSWERS_PATH, language: str = "en"
) -> tuple[int, dict[bytes, bytes], bytes]:
    # The body arrives in two pieces, as a server may pass it on.
    pieces = [
        {"type": "http.request", "body": body[:7], "more_body": True},
        {"type": "http.request", "body": body[7:], "more_body": False},
    ]
    sent: list[dict[str, Any]] = []
    scope = {
        "type": "http",
        "method": method,
        "path": path,
        "headers": [(b"accept-language", language.encode())],
    }

    async def receive() -> dict[str, Any]:
        return pieces.pop(0)

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    with connection_kept():
        async_to_sync(APP)(scope, receive, send)
    start, end = sent
    return start["status"], dict(start["headers"]), end["body"]


def test_the_prefix_is_answered_beside_django_under_asgi(attempt: Attempt) -> None:  # noqa: F811
    assert call(b"{}", path="/contests/1/take/")[::2] == (418, b"django")
    token = attempt_token(attempt)
    body = {"token": token, "answers": [{"slot": 0, "chosen": [1], "seq": 2}]}
    status, headers, data = call(json.dumps(body).encode())
    assert (status, json.loads(data)) == (200, {"saved": [[0, 2]]})
    assert headers[b"content-type"] == b"application/json; charset=utf-8"
    assert headers[b"cache-control"] == b"no-store"
    assert Answer.objects.get(attempt=attempt, slot=0).seq == 2

    assert call(b"", method="GET")[0] == 405
    assert call(b"x" * (MAX_BODY + 1))[0] == 413
    status, _headers, data = call(b"not json", language="vi")
    assert (status, json.loads(data)) == (400, {"error": "Không đọc được các câu trả lời."})
    assert call(json.dumps({**body, "token": "1:abc:def"}).encode())[0] == 403
    attempt_submit(attempt=attempt)
    assert call(json.dumps(body).encode())[0] == 409
    assert call(b"{}", path="/contests/live/other")[::2] == (418, b"django")
