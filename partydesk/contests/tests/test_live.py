"""The lean answer endpoint (contests/live.py) through its WSGI application, as gunicorn
calls it: a batch saved once per slot however often it is sent, an overtaken retry that
changes nothing, answers refused after the hand-in, the per-attempt limit, a bad token,
and malformed or hostile bodies answered 4xx with JSON, never 500."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client, override_settings
from django.utils import timezone

from partydesk.contests.live import ANSWERS_PATH
from partydesk.contests.models import Answer, Attempt, Round, Unit
from partydesk.contests.services.answering import attempt_token
from partydesk.contests.services.taking import attempt_start, attempt_submit
from partydesk.contests.tests.test_standings import person
from partydesk.core.lean_servers import with_lean_routes

pytestmark = pytest.mark.django_db


def _django(environ: dict[str, Any], start_response: Any) -> list[bytes]:
    start_response("418 I'm a teapot", [])
    return [b"django"]


APP = with_lean_routes(_django)


@contextmanager
def connection_kept() -> Iterator[None]:
    """As Django's test client does: the test's transaction must not be closed under it."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def call(
    body: object, *, method: str = "POST", path: str = ANSWERS_PATH, language: str = "en"
) -> tuple[int, Any]:
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "CONTENT_LENGTH": str(len(raw)),
        "wsgi.input": io.BytesIO(raw),
        "HTTP_ACCEPT_LANGUAGE": language,
    }
    seen: dict[str, str] = {}

    def start_response(status: str, headers: list[tuple[str, str]]) -> None:
        seen["status"] = status

    with connection_kept():
        chunks = b"".join(APP(environ, start_response))
    status = int(seen["status"].split()[0])
    return status, (json.loads(chunks) if status != 418 else chunks)


@pytest.fixture
def attempt(open_round: Round) -> Attempt:
    unit = Unit.objects.filter(contest=open_round.contest).first()
    reg = person(open_round.contest, unit, 1)
    return attempt_start(registration=reg, round_=open_round, now=timezone.now())


def test_other_paths_go_to_django(attempt: Attempt) -> None:
    assert call({}, path="/contests/1/take/") == (418, b"django")


def test_a_batch_is_saved_once_per_slot_however_often_it_is_sent(attempt: Attempt) -> None:
    body = {
        "token": attempt_token(attempt),
        "answers": [{"slot": 0, "chosen": [0], "seq": 1}, {"slot": 1, "chosen": [1], "seq": 1}],
    }
    assert call(body) == (200, {"saved": [[0, 1], [1, 1]]})
    assert call(body) == (200, {"saved": [[0, 1], [1, 1]]})  # a retry: acknowledged again
    rows = {a.slot: (a.chosen, a.seq) for a in Answer.objects.filter(attempt=attempt)}
    assert rows == {0: ([0], 1), 1: ([1], 1)}


def test_a_retry_overtaken_by_a_newer_answer_changes_nothing(attempt: Attempt) -> None:
    token = attempt_token(attempt)
    assert call({"token": token, "answers": [{"slot": 2, "chosen": [1], "seq": 5}]})[0] == 200
    old = {"token": token, "answers": [{"slot": 2, "chosen": [0], "seq": 4}]}
    assert call(old) == (200, {"saved": [[2, 4]]})
    assert Answer.objects.get(attempt=attempt, slot=2).chosen == [1]
    # Within one batch, the highest number for a slot wins whatever the order.
    mixed = [{"slot": 2, "chosen": [0], "seq": 7}, {"slot": 2, "chosen": [1], "seq": 6}]
    assert call({"token": token, "answers": mixed})[0] == 200
    assert Answer.objects.get(attempt=attempt, slot=2).chosen == [0]


def test_saved_answers_are_counted_and_nothing_is_taken_after_the_hand_in(
    attempt: Attempt,
) -> None:
    token = attempt_token(attempt)
    right = [{"slot": s, "chosen": [0], "seq": 1} for s in range(len(attempt.draw))]
    assert call({"token": token, "answers": right})[0] == 200
    done = attempt_submit(attempt=attempt)
    assert done.score == len(attempt.draw)
    status, reply = call({"token": token, "answers": [{"slot": 0, "chosen": [1], "seq": 2}]})
    assert status == 409 and "Time is up" in reply["error"]
    assert Answer.objects.get(attempt=attempt, slot=0).chosen == [0]


@override_settings(PARTYDESK_CONTESTS_TAKER_RATE_PER_MINUTE=3)
def test_past_the_limit_of_saves_a_minute_the_answer_is_refused(attempt: Attempt) -> None:
    token = attempt_token(attempt)
    for seq in range(1, 4):
        answer = {"slot": 0, "chosen": [0], "seq": seq}
        assert call({"token": token, "answers": [answer]})[0] == 200
    status, reply = call({"token": token, "answers": [{"slot": 0, "chosen": [1], "seq": 9}]})
    assert status == 429 and reply["error"]
    assert Answer.objects.get(attempt=attempt, slot=0).seq == 3


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"not json",
        b"\xff\xfe",
        b"[]",
        {"answers": [{"slot": 0, "chosen": [0]}]},
        {"token": 5, "answers": [{"slot": 0, "chosen": [0]}]},
        {"token": "t", "answers": []},
        {"token": "t", "answers": [{"slot": -1, "chosen": [0]}]},
        {"token": "t", "answers": [{"slot": "0", "chosen": [0]}]},
        {"token": "t", "answers": [{"slot": 0, "chosen": "0"}]},
        {"token": "t", "answers": [{"slot": 0, "chosen": [True]}]},
        {"token": "t", "answers": [{"slot": 0, "chosen": [2**40]}]},
        {"token": "t", "answers": [{"slot": 0, "chosen": [0], "seq": 1.5}]},
    ],
)
def test_malformed_bodies_are_400_with_json(attempt: Attempt, body: object) -> None:
    status, reply = call(body)
    assert status == 400 and reply["error"] == "The answers could not be read."


def test_a_forged_token_an_unknown_slot_or_option_a_get_and_a_huge_body_are_refused(
    attempt: Attempt,
) -> None:
    answer = [{"slot": 0, "chosen": [0], "seq": 1}]
    token = attempt_token(attempt)
    forged = token.replace(str(attempt.pk), str(attempt.pk + 1), 1)
    assert call({"token": forged, "answers": answer})[0] == 403
    assert call({"token": "1:abc:def", "answers": answer})[0] == 403
    slot = [{"slot": 99, "chosen": [0], "seq": 1}]
    assert call({"token": token, "answers": slot})[0] == 400
    option = [{"slot": 0, "chosen": [9], "seq": 1}]
    assert call({"token": token, "answers": option}) == (
        400,
        {"error": "This answer does not fit the question."},
    )
    assert call({"token": token, "answers": answer}, method="GET")[0] == 405
    assert call(b"x" * 20_000)[0] == 413
    assert not Answer.objects.filter(attempt=attempt).exists()


def test_the_reply_is_in_the_takers_language(attempt: Attempt) -> None:
    assert call(b"x", language="vi") == (400, {"error": "Không đọc được các câu trả lời."})


def test_servers_without_the_prefix_route_serve_it_through_django(attempt: Attempt) -> None:
    """`runserver`, the test server and ASGI reach the same handling through the URLconf:
    no CSRF token or cookie needed, the same answers and statuses."""
    client = Client(enforce_csrf_checks=True)
    body = {"token": attempt_token(attempt), "answers": [{"slot": 0, "chosen": [1], "seq": 2}]}
    reply = client.post(ANSWERS_PATH, json.dumps(body), content_type="application/json")
    assert (reply.status_code, reply.json()) == (200, {"saved": [[0, 2]]})
    assert Answer.objects.get(attempt=attempt, slot=0).seq == 2
    assert client.get(ANSWERS_PATH).status_code == 405
    huge = client.post(ANSWERS_PATH, b"x" * 20_000, content_type="application/json")
    assert huge.status_code == 413
    attempt_submit(attempt=attempt)
    late = client.post(ANSWERS_PATH, json.dumps(body), content_type="application/json")
    assert late.status_code == 409 and late.json()["error"]
