"""The lean start (`POST /contests/live/start`, live_start.py; ADR 0026 Scale and ADR 0029):
the take page's token for this registration, round and session opens the attempt and
answers with its page, through the WSGI wrapper (as gunicorn serves it) and through Django
(as the test server does); a forged token, another session's cookie, a closed round and no
attempts left are refused with a page in the reader's language; pressing again gives the
same attempt; the page's CSRF token is the one the hand-in takes."""

from __future__ import annotations

import datetime as dt
import html
import io
import json
import re
import time
from typing import Any
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.core import signing
from django.http import HttpResponse
from django.middleware.csrf import _does_token_match  # type: ignore[attr-defined]
from django.template.loader import render_to_string
from django.test import Client, override_settings
from django.utils import timezone

from partydesk.contests.attempt_page import LEAN_FRAME, TEMPLATE, _fields, _page
from partydesk.contests.live_start import START_PATH, start_token
from partydesk.contests.models import Answer, Attempt, Registration, Round
from partydesk.contests.services.answering import attempt_id_from_token
from partydesk.contests.tests.test_live import connection_kept
from partydesk.contests.tests.test_take_pages import answer, registered
from partydesk.core.lean_servers import with_lean_routes
from partydesk.learning.sheet import frame_html

pytestmark = pytest.mark.django_db


def _django(environ: dict[str, Any], start_response: Any) -> list[bytes]:
    start_response("418 I'm a teapot", [])
    return [b"django"]


APP = with_lean_routes(_django)
ATTEMPT = re.compile(r'data-attempt="(\d+)"')
TOKEN = re.compile(r'data-token="([^"]+)"')
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def take_form(client: Client, round_: Round) -> dict[str, str]:
    """What the take page's "Start the round" form posts."""
    page = client.get(f"/contests/{round_.contest_id}/take/").content.decode()
    assert f'action="{START_PATH}"' in page
    token = re.findall(r'name="token" value="([^"]+)"', page)[0]
    return {"token": token, "contest": str(round_.contest_id)}


def django_post(client: Client, form: dict[str, str]) -> HttpResponse:
    """The press through Django's URLconf (the test server), posted as a browser's form."""
    kind = "application/x-www-form-urlencoded"
    return client.post(START_PATH, urlencode(form), content_type=kind)  # type: ignore[return-value]


def cookie_header(client: Client, *, csrf: bool = True) -> str:
    names = [settings.SESSION_COOKIE_NAME] + ([settings.CSRF_COOKIE_NAME] if csrf else [])
    return "; ".join(f"{n}={client.cookies[n].value}" for n in names if n in client.cookies)


def wsgi_post(
    form: dict[str, str], cookie: str, *, language: str = "en"
) -> tuple[int, dict[str, str], str]:
    """The press as gunicorn serves it: status, headers (Set-Cookie joined) and the page."""
    raw = urlencode(form).encode()
    environ = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": START_PATH,
        "CONTENT_TYPE": "application/x-www-form-urlencoded",
        "CONTENT_LENGTH": str(len(raw)),
        "wsgi.input": io.BytesIO(raw),
        "wsgi.url_scheme": "http",
        "HTTP_COOKIE": cookie,
        "HTTP_ACCEPT_LANGUAGE": language,
    }
    seen: dict[str, Any] = {}

    def start_response(status: str, headers: list[tuple[str, str]]) -> None:
        seen["status"], seen["headers"] = status, headers

    with connection_kept():
        body = b"".join(APP(environ, start_response)).decode()
    headers: dict[str, str] = {}
    for name, value in seen["headers"]:
        headers[name] = f"{headers[name]}\n{value}" if name in headers else value
    return int(seen["status"].split()[0]), headers, body


def attempt_of(page: str) -> Attempt:
    return Attempt.objects.get(pk=int(ATTEMPT.findall(page)[0]))


def test_the_press_through_wsgi_answers_with_the_attempts_page_in_the_lean_frame(open_round):
    client = registered(open_round)
    status, headers, page = wsgi_post(take_form(client, open_round), cookie_header(client))
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert "Content-Security-Policy" in headers and headers["Cache-Control"] == "no-store"
    attempt = attempt_of(page)
    assert attempt.number == 1 and not attempt.practice
    assert page.count('name="chosen"') == 6 and "Câu hỏi số" in page  # 3 questions, 2 options
    assert 'data-live-answers="/contests/live/answers"' in page and 'data-token="' in page
    assert f'data-replace-url="/contests/attempts/{attempt.pk}/"' in page
    assert "Hand in" in page and 'lang="en"' in page
    assert "sidenav" not in page and "notifications" not in page  # no menu, no bell
    assert len(set(CSRF_INPUT.findall(page))) >= 1  # the sheet's and the hand-in's forms


def test_the_press_through_django_answers_the_same(open_round):
    client = registered(open_round)
    reply = django_post(client, take_form(client, open_round))
    assert reply.status_code == 200
    page = reply.content.decode()
    attempt = attempt_of(page)
    assert page.count('name="chosen"') == 6 and "Hand in" in page
    assert client.get(f"/contests/attempts/{attempt.pk}/").status_code == 200  # the reload


def test_the_practice_button_starts_an_unranked_attempt(open_round):
    client = registered(open_round)
    form = {**take_form(client, open_round), "practice": "1"}
    status, _headers, page = wsgi_post(form, cookie_header(client))
    assert status == 200 and attempt_of(page).practice and "Practice" in page


def test_a_second_press_returns_the_same_attempt_with_its_answers(open_round):
    client = registered(open_round)
    form = take_form(client, open_round)
    first = attempt_of(wsgi_post(form, cookie_header(client))[2])
    assert answer(client, first, 1, 0) == 200
    status, _headers, page = wsgi_post(form, cookie_header(client))
    assert status == 200 and attempt_of(page).pk == first.pk
    seqs = json.loads(html.unescape(page.split('data-seqs="')[1].split('"')[0]))
    assert page.count(" checked") == 1 and list(seqs) == ["1"]  # answers.js numbers on
    assert Attempt.objects.filter(registration=first.registration).count() == 1


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "This start button has expired"),
        ("vi", "Nút bắt đầu này đã hết hạn"),
    ],
)
def test_a_forged_or_altered_token_is_refused_in_the_readers_language(open_round, language, text):
    client = registered(open_round)
    form = take_form(client, open_round)
    registration_id = Registration.objects.get().pk
    forged = {**form, "token": f"{registration_id}.{open_round.pk}:abc:def"}
    for bad in (forged, {**form, "token": form["token"][:-2] + "xy"}, {"contest": "x"}):
        status, headers, page = wsgi_post(bad, cookie_header(client), language=language)
        assert status == 403 and headers["Content-Type"].startswith("text/html")
        assert text in page and f'lang="{language}"' in page
    assert f'href="/contests/{open_round.contest_id}/take/"' not in page  # no contest named
    assert f'href="/contests/{open_round.contest_id}/take/"' in wsgi_post(forged, "")[2]
    assert not Attempt.objects.exists()


def test_the_token_opens_nothing_with_another_sessions_cookie_or_none(open_round):
    mine = registered(open_round)
    form = take_form(mine, open_round)
    other = registered(open_round, id_number="001190099999")
    assert wsgi_post(form, cookie_header(other))[0] == 403
    assert wsgi_post(form, cookie_header(mine, csrf=False).replace("sessionid", "x"))[0] == 403
    assert django_post(other, form).status_code == 403  # through Django too
    assert not Attempt.objects.exists()
    # A well-signed token naming a round or a registration that is gone opens nothing.
    key = mine.cookies[settings.SESSION_COOKIE_NAME].value
    mine_id = Registration.objects.order_by("pk").first().pk  # type: ignore[union-attr]
    for gone in (start_token(mine_id, open_round.pk + 99, key), start_token(0, open_round.pk, key)):
        assert wsgi_post({"token": gone}, cookie_header(mine))[0] == 404
    assert not Attempt.objects.exists()


@pytest.mark.parametrize(
    ("language", "text"),
    [("en", "The round is not open now."), ("vi", "Đợt thi hiện không mở.")],
)
def test_a_closed_round_is_refused_with_a_page(open_round, language, text):
    client = registered(open_round)
    form = take_form(client, open_round)
    Round.objects.filter(pk=open_round.pk).update(
        closes_at=timezone.now() - dt.timedelta(minutes=1)
    )
    status, _headers, page = wsgi_post(form, cookie_header(client), language=language)
    assert status == 409 and text in page
    assert f'href="/contests/{open_round.contest_id}/take/"' in page
    assert not Attempt.objects.exists()


def test_no_attempts_left_is_refused_and_nothing_is_started(open_round):
    client = registered(open_round)
    form = take_form(client, open_round)
    for _n in range(open_round.attempts_allowed):
        attempt = attempt_of(wsgi_post(form, cookie_header(client))[2])
        client.post(f"/contests/attempts/{attempt.pk}/submit/", {"prediction": "5"})
    status, _headers, page = wsgi_post(form, cookie_header(client))
    assert status == 409 and "every attempt this round allows" in page
    assert Attempt.objects.count() == open_round.attempts_allowed


@override_settings(PARTYDESK_CONTESTS_TAKER_RATE_PER_MINUTE=2)
def test_repeated_presses_are_rate_limited_as_on_the_django_path(open_round):
    client = registered(open_round)
    form = take_form(client, open_round)
    codes = [wsgi_post(form, cookie_header(client))[0] for _n in range(4)]
    assert codes == [200, 200, 200, 429]  # the first press is not counted, repeats are
    status, headers, page = wsgi_post(form, cookie_header(client), language="vi")
    assert status == 429 and int(headers["Retry-After"]) > 0 and "Quá nhiều lần thử" in page


def test_the_lean_pages_csrf_token_is_the_one_the_hand_in_takes(open_round):
    client = registered(open_round)
    form = take_form(client, open_round)
    strict = Client(enforce_csrf_checks=True)
    strict.cookies[settings.SESSION_COOKIE_NAME] = client.cookies[
        settings.SESSION_COOKIE_NAME
    ].value
    # No CSRF cookie yet: the lean reply sets one, and its page's token matches it.
    status, headers, page = wsgi_post(form, cookie_header(strict, csrf=False))
    assert status == 200 and headers["Set-Cookie"].startswith(f"{settings.CSRF_COOKIE_NAME}=")
    strict.cookies.load(headers["Set-Cookie"])
    attempt = attempt_of(page)
    token = CSRF_INPUT.findall(page)[-1]  # the hand-in's form
    url = f"/contests/attempts/{attempt.pk}/submit/"
    assert strict.post(url, {"prediction": "12"}).status_code == 403  # without it, refused
    done = strict.post(url, {"prediction": "12", "csrfmiddlewaretoken": token})
    assert done.status_code == 302 and done["Location"].endswith("/result/")
    attempt.refresh_from_db()
    assert attempt.submitted_at is not None and attempt.prediction == 12
    # With the cookie the browser had, the page's token goes with it (the cookie kept).
    other = registered(open_round, id_number="001190099999")
    status, headers, page = wsgi_post(take_form(other, open_round), cookie_header(other))
    kept = f"{settings.CSRF_COOKIE_NAME}={other.cookies[settings.CSRF_COOKIE_NAME].value};"
    assert status == 200 and headers.get("Set-Cookie", kept).startswith(kept)
    answer_url = re.findall(r'hx-post="([^"]+/answers/0/)"', page)[0]
    csrf = CSRF_INPUT.findall(page)[0]
    strict_other = Client(enforce_csrf_checks=True)
    for name in (settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME):
        strict_other.cookies[name] = other.cookies[name].value
    saved = strict_other.post(answer_url, {"chosen": ["0"], "csrfmiddlewaretoken": csrf})
    assert saved.status_code == 302 and Answer.objects.filter(slot=0).count() == 1


def _a_second_later(signer: signing.TimestampSigner) -> str:
    return signing.b62_encode(int(time.time()) + 1)


def test_the_page_made_once_per_round_holds_each_takers_own_values_in_their_language(
    open_round, monkeypatch
):
    """The lean page is rendered once per round, kind and language and filled per attempt
    (learning.sheet.frame_html): each taker sees only their own attempt, token and CSRF
    token, in their own language."""
    Round.objects.filter(pk=open_round.pk).update(title="Đợt một")  # the same in each language
    takers = [registered(open_round, id_number=n) for n in ("001190011111", "001190022222")]
    takers.append(registered(open_round, id_number="001190033333"))
    pages = [
        wsgi_post(take_form(client, open_round), cookie_header(client), language=language)[2]
        for client, language in zip(takers, ("en", "en", "vi"), strict=True)
    ]
    attempts = [attempt_of(page) for page in pages]
    # The token is signed with the second it was made: a second ticking between the press
    # and this check made a token signed here differ from the page's (a flake under load).
    # The page's own token is read back and must open its attempt; the clock is moved on so
    # that signing the token again here could never match it.
    monkeypatch.setattr(signing.TimestampSigner, "timestamp", _a_second_later)
    tokens = [TOKEN.findall(page) for page in pages]
    assert [attempt_id_from_token(t) for (t,) in tokens] == [a.pk for a in attempts]  # one each
    for page, attempt, client, (own,) in zip(pages, attempts, takers, tokens, strict=True):
        assert f'action="/contests/attempts/{attempt.pk}/submit/"' in page
        assert f'data-replace-url="/contests/attempts/{attempt.pk}/"' in page
        secret = client.cookies[settings.CSRF_COOKIE_NAME].value
        assert all(_does_token_match(token, secret) for token in CSRF_INPUT.findall(page))
        for other in attempts:
            if other != attempt:
                assert f"/attempts/{other.pk}/" not in page
        assert all(t not in page for (t,) in tokens if t != own)
    assert "Hand in" in pages[1] and "Nộp bài" not in pages[1]
    assert "Nộp bài" in pages[2] and 'lang="vi"' in pages[2]


def test_the_filled_page_is_the_template_rendered_for_that_attempt(open_round):
    """Filling the page made once gives what rendering the template for the attempt gives,
    escaping included (a title with markup, the saved answers' numbers in an attribute)."""
    open_round.contest.title = 'Luật "PCTN" <b>&</b>'
    client = registered(open_round)
    first = attempt_of(wsgi_post(take_form(client, open_round), cookie_header(client))[2])
    other = registered(open_round, id_number="001190044444")
    attempt = attempt_of(wsgi_post(take_form(other, open_round), cookie_header(other))[2])
    page = _page(open_round, open_round.contest, practice=False, frame=LEAN_FRAME)
    fields = _fields(attempt, {0: ([1], 3)}, "csrf&token", lean=True)
    key = ("test", open_round.pk)
    frame_html(TEMPLATE, key, page, _fields(first, {}, "first", lean=True))  # made once
    filled = frame_html(TEMPLATE, key, page, fields)
    assert filled == render_to_string(TEMPLATE, page | fields)
    assert "&lt;b&gt;&amp;&lt;/b&gt;" in filled and 'data-seqs="{&quot;0&quot;: 3}"' in filled
