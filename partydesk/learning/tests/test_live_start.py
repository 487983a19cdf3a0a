"""The lean start (live.py; ADR 0021 "The start as a lean route", ADR 0029): the start page
hands out a session-bound token in a plain form; the press, served beside Django under WSGI
or through Django's URLconf alike, starts the attempt through the same services and answers
with its first page, whose forms' CSRF token Django's answer view accepts. Forged tokens,
another session's cookie, a closed exam and a stranger's exam are refused in a page in the
reader's language with a link back; a second press returns the same attempt."""

from __future__ import annotations

import datetime as dt
import io
import re
from http.cookies import SimpleCookie
from typing import Any

import pytest
from django.conf import settings
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from partydesk.accounts.actor import Actor
from partydesk.conftest import logged_in
from partydesk.core import lean
from partydesk.core.lean_servers import with_lean_routes
from partydesk.core.models import AuditEvent
from partydesk.learning.live import SALT, START_PATH
from partydesk.learning.models import Attempt, Exam, Kind, QuestionVersion
from partydesk.learning.services.exams import answer_save
from partydesk.learning.tests.exam_setup import an_exam, bank, learner

pytestmark = pytest.mark.django_db


def _not_django(environ: dict[str, Any], start_response: Any) -> list[bytes]:
    start_response("418 I'm a teapot", [])
    return [b"django"]


def _form(page: str) -> dict[str, str]:
    """The start form's action and hidden fields, as a browser reads them (the page's form
    holding the start button)."""
    forms = re.findall(r'<form method="post" action="([^"]+)">(.*?)</form>', page, re.S)
    form = next(f for f in forms if "Start or continue the exam" in f[1])
    fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)">', form[1]))
    return {"action": form[0], **fields}


def _session(client: Client) -> str:
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def _cookies(client: Client) -> str:
    return "; ".join(f"{name}={morsel.value}" for name, morsel in client.cookies.items())


def press(client: Client, body: str, **headers: str) -> tuple[int, dict[str, str], str]:
    """POST the start form to the lean route under WSGI (gunicorn's way) with the client's
    cookies: status, headers, page."""
    data = body.encode()
    environ = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": START_PATH,
        "CONTENT_LENGTH": str(len(data)),
        "CONTENT_TYPE": "application/x-www-form-urlencoded",
        "wsgi.input": io.BytesIO(data),
        "wsgi.url_scheme": "http",
        "REMOTE_ADDR": "203.0.113.5",
        "HTTP_COOKIE": _cookies(client),
        **{"HTTP_" + key.upper(): value for key, value in headers.items()},
    }
    seen: dict[str, Any] = {}

    def start_response(status: str, reply_headers: list[tuple[str, str]]) -> None:
        seen["status"], seen["headers"] = int(status[:3]), dict(reply_headers)

    # As Django's test client does: the test's transaction stays open across the request.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        page = b"".join(with_lean_routes(_not_django)(environ, start_response)).decode()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    return seen["status"], seen["headers"], page


def _start_page(client: Client, exam: Exam) -> tuple[dict[str, str], str]:
    form = _form(client.get(reverse("learning:exam_take", args=[exam.pk])).text)
    return form, f"token={form['token']}&exam={form['exam']}"


def test_the_start_page_posts_a_plain_form_to_the_lean_start_and_gets_the_first_page(tree):
    user = learner(tree.committee_a, "hv")
    exam = an_exam(tree.committee_a, bank(tree.committee_a))
    client = logged_in(user)
    form, body = _start_page(client, exam)
    assert form["action"] == START_PATH == reverse("learning:live_start")
    assert set(form) == {"action", "token", "exam"}  # no CSRF field: the token stands for it
    status, headers, page = press(client, body, accept_language="vi")
    assert status == 200 and headers["Content-Type"] == "text/html; charset=utf-8"
    attempt = Attempt.objects.get(user=user, exam=exam)
    assert f'data-replace-url="{reverse("learning:attempt", args=[attempt.pk])}"' in page
    assert page.count('class="card" hx-post=') == exam.question_count
    assert '<html lang="vi">' in page and "Thời gian còn lại" in page and "Nộp bài" in page
    assert 'id="main"' in page and "skip-link" in page and "/static/css/app.css" in page
    assert "sidenav" not in page and "notifications" not in page  # no menu, no bell
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    event = AuditEvent.objects.get(action="learning.attempt.started", target_id=str(attempt.pk))
    assert event.actor_id == user.pk and event.ip == "203.0.113.5"
    # A second press (a double click, a reload without JS) returns the same attempt.
    status, _headers, again = press(client, body)
    assert status == 200 and Attempt.objects.filter(user=user).count() == 1
    assert f"/learning/attempts/{attempt.pk}/" in again


def test_through_djangos_urlconf_as_runserver_serves_it(tree):
    user = learner(tree.committee_a, "hv")
    exam = an_exam(tree.committee_a, bank(tree.committee_a))
    client = logged_in(user)
    form, body = _start_page(client, exam)
    reply = client.post(form["action"], body, content_type="application/x-www-form-urlencoded")
    assert reply.status_code == 200 and reply["Cache-Control"] == "no-store"
    attempt = Attempt.objects.get(user=user)
    assert f"/learning/attempts/{attempt.pk}/answers/" in reply.text


def _choice_slot(attempt: Attempt) -> int:
    """The first slot of a question whose options are ticked. Not "the first slot with an
    option order": a short answer's draw orders its keys too (never shown), and the draw is
    seeded by the exam's and the taker's ids, so in some orders of the suite that slot was a
    typed answer (no checkbox on the page: a flake)."""
    kinds = dict(QuestionVersion.objects.values_list("pk", "kind"))
    choices = (Kind.SINGLE, Kind.MULTIPLE, Kind.TRUE_FALSE)
    return next(n for n, (version, _order) in enumerate(attempt.draw) if kinds[version] in choices)


def test_the_first_pages_csrf_token_is_accepted_by_the_answer_that_follows(tree):
    user = learner(tree.committee_a, "hv")
    exam = an_exam(tree.committee_a, bank(tree.committee_a))
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    client.cookies.pop(settings.CSRF_COOKIE_NAME, None)  # the lean reply sets one if missing
    _form, body = _start_page(client, exam)
    client.cookies.pop(settings.CSRF_COOKIE_NAME, None)
    status, headers, page = press(client, body)
    assert status == 200 and "Set-Cookie" in headers
    client.cookies.update(SimpleCookie(headers["Set-Cookie"]))
    attempt = Attempt.objects.get(user=user)
    slot = _choice_slot(attempt)
    position = attempt.draw[slot][1][0]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token is not None
    url = reverse("learning:answer", args=[attempt.pk, slot])
    refused = client.post(url, {"chosen": [position]})
    assert refused.status_code == 403  # Django's CSRF check is on
    saved = client.post(url, {"chosen": [position], "csrfmiddlewaretoken": token[1]})
    assert saved.status_code == 200 and attempt.answers.get(slot=slot).chosen == [position]


def test_a_forged_or_altered_token_is_refused_in_the_readers_language(tree):
    user = learner(tree.committee_a, "hv")
    exam = an_exam(tree.committee_a, bank(tree.committee_a))
    client = logged_in(user)
    form, _body = _start_page(client, exam)
    forged = lean.token_make("another.salt", f"{user.pk}:{exam.pk}", _session(client))
    for token in (forged, form["token"].replace(f":{exam.pk}:", f":{exam.pk + 1}:", 1), ""):
        status, headers, page = press(client, f"token={token}&exam={exam.pk}", accept_language="vi")
        assert status == 403 and headers["Content-Language"] == "vi"
        assert '<html lang="vi">' in page and "Quay lại kỳ thi" in page
        assert f'href="{reverse("learning:exam_take", args=[exam.pk])}"' in page
    status, headers, page = press(client, f"token={forged}&exam=x", accept_language="en")
    assert status == 403 and '<html lang="en">' in page
    assert "This start button no longer works" in page and 'href="/learning/my/"' in page
    assert not Attempt.objects.exists()


def test_a_token_from_another_session_opens_nothing(tree):
    user = learner(tree.committee_a, "hv")
    exam = an_exam(tree.committee_a, bank(tree.committee_a))
    _form_a, body = _start_page(logged_in(user), exam)
    other_browser = logged_in(user)  # the same learner, another login
    status, _headers, _page = press(other_browser, body)
    assert status == 403 and not Attempt.objects.exists()
    signed_long_ago = timezone.now() - dt.timedelta(seconds=settings.SESSION_COOKIE_AGE + 60)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("django.core.signing.time.time", lambda: signed_long_ago.timestamp())
        old = lean.token_make(SALT, f"{user.pk}:{exam.pk}", _session(other_browser))
    assert press(other_browser, f"token={old}")[0] == 403  # older than a session may idle
    fresh = lean.token_make(SALT, f"{user.pk}:{exam.pk}", _session(other_browser))
    assert press(other_browser, f"token={fresh}")[0] == 200  # the same, made now


def test_a_closed_exam_and_an_exam_not_for_this_learner_are_refused(tree):
    user = learner(tree.committee_a, "hv")
    exam = an_exam(tree.committee_a, bank(tree.committee_a))
    client = logged_in(user)
    _form_a, body = _start_page(client, exam)
    Exam.objects.filter(pk=exam.pk).update(closes_at=timezone.now() - dt.timedelta(minutes=1))
    status, _headers, page = press(client, body, accept_language="en")
    assert status == 409 and "The exam is not open now." in page and "Back to the exam" in page
    status, _headers, page = press(client, body, accept_language="vi")
    assert status == 409 and "Kỳ thi hiện không mở." in page
    # Committee B's exam: a token for it (made by a server that served the page) still
    # finds no exam this learner may sit.
    foreign = an_exam(tree.committee_b, bank(tree.committee_b))
    token = lean.token_make(SALT, f"{user.pk}:{foreign.pk}", _session(client))
    status, _headers, page = press(client, f"token={token}&exam={foreign.pk}")
    assert status == 404 and 'href="/learning/my/"' in page
    assert not Attempt.objects.exists()


def test_the_first_page_in_english(tree):
    user = learner(tree.committee_a, "hv")
    exam = an_exam(tree.committee_a, bank(tree.committee_a))
    client = logged_in(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    _form_a, body = _start_page(client, exam)
    status, headers, page = press(client, body, accept_language="vi")  # the cookie wins
    assert status == 200 and headers["Content-Language"] == "en"
    assert '<html lang="en">' in page and "Time left" in page and "Hand in" in page
    assert "Question 1" in page and "Skip to content" in page


def test_an_attempt_whose_time_is_up_goes_to_its_page_which_hands_it_in(tree):
    user = learner(tree.committee_a, "hv")
    exam = an_exam(tree.committee_a, bank(tree.committee_a))
    client = logged_in(user)
    _form_a, body = _start_page(client, exam)
    assert press(client, body)[0] == 200
    attempt = Attempt.objects.get(user=user)
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() - dt.timedelta(minutes=1))
    status, headers, _page = press(client, body)
    assert status == 303 and headers["Location"] == reverse("learning:attempt", args=[attempt.pk])


def test_the_page_made_once_per_exam_holds_each_takers_own_attempt_in_their_language(tree):
    """The lean page is rendered once per exam and language and filled per attempt
    (sheet.frame_html): each taker sees only their own attempt's addresses; a second press
    shows what was saved."""
    exam = an_exam(tree.committee_a, bank(tree.committee_a))
    pages, attempts, clients = [], [], []
    for name, language in (("hv1", "vi"), ("hv2", "vi"), ("hv3", "en")):
        user = learner(tree.committee_a, name)
        client = logged_in(user)
        body = _start_page(client, exam)[1]
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        status, _headers, page = press(client, body)
        assert status == 200
        pages.append(page)
        attempts.append(Attempt.objects.get(user=user))
        clients.append(client)
    for page, attempt in zip(pages, attempts, strict=True):
        assert f'action="{reverse("learning:attempt_submit", args=[attempt.pk])}"' in page
        assert f'data-replace-url="{reverse("learning:attempt", args=[attempt.pk])}"' in page
        others = [a for a in attempts if a != attempt]
        assert not any(f"/learning/attempts/{other.pk}/" in page for other in others)
    assert "Nộp bài" in pages[1] and "Hand in" not in pages[1]
    assert "Hand in" in pages[2] and '<html lang="en">' in pages[2]
    last = attempts[2]
    slot = _choice_slot(last)
    answer_save(
        actor=Actor(user=last.user), attempt=last, slot=slot, chosen=[last.draw[slot][1][0]]
    )
    _status, _headers, again = press(clients[2], body)  # the same form pressed again
    assert again.count(" checked") == 1 and f"/learning/attempts/{last.pk}/" in again
