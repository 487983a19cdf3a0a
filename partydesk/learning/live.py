"""The lean start: `POST /learning/live/start`, a lean route (core/lean.py, ADR 0029)
served beside Django's request handling (ADR 0021, "The start as a lean route").

The exam's start page (Django, `views.attempts.exam_take`) hands out a token naming the
taker and the exam, bound to that browser's session cookie (`start_token`), in a hidden
field of a plain HTML form. The press posts it here: no session read or write, no
middleware, no menu. The token authenticates the press (forged, older than a session may
idle, or sent with another session's cookie: 403) and stands for the CSRF token. Then what
the Django start checks, by the same code: the account as Django's authentication loads it
(`taker_get`, with the person and organization the rules and the audit label read; an
inactive account starts nothing), `exam_get_for_taker` (the class's learners, or the
organization's people: else 404), `attempt_start` (the window and the attempts allowed:
409 with its message; the open attempt if there is one, so a second press returns the
same attempt; the audit event). The answer is the attempt's first page from the cached
sheet in a layout without the menu or the bell, rendered once per exam and language and
filled per attempt (`pages.attempt_page_lean`), whose forms carry `lean.csrf_token` and
post to Django's ordinary views.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from partydesk.accounts.actor import Actor
from partydesk.core import lean
from partydesk.core.errors import DomainError
from partydesk.learning.models import Exam
from partydesk.learning.pages import attempt_address, attempt_is_over, attempt_page_lean
from partydesk.learning.selectors.exams import exam_get_for_taker, taker_get
from partydesk.learning.services.exams import attempt_start

START_PATH = "/learning/live/start"
SALT = "partydesk.learning.live.start"
MAX_BODY = 2_048


def start_token(request: HttpRequest, exam: Exam) -> str:
    """The start form's token for the page's user, exam and session ("" without a session:
    the page then posts to Django's start instead)."""
    session_key = request.session.session_key
    if not session_key:
        return ""
    return lean.token_make(SALT, f"{request.user.pk}:{exam.pk}", session_key)


def _refused(status: int, message: str, back: str, back_label: str) -> lean.LeanReply:
    heading = _("The exam could not be started")
    return lean.refused_page(status, heading, message, back=back, back_label=back_label)


def _read(request: lean.LeanRequest) -> tuple[int, int] | None:
    token = request.form.get("token", "")
    value = lean.token_read(SALT, token, request.session_key, settings.SESSION_COOKIE_AGE)
    user_id, _sep, exam_id = (value or "").partition(":")
    if not (user_id.isdigit() and exam_id.isdigit()):
        return None
    return int(user_id), int(exam_id)


def start(request: lean.LeanRequest) -> lean.LeanReply:
    """Start (or return to) the taker's attempt and answer with its first page."""
    mine = reverse("learning:my_courses")
    exam_field = request.form.get("exam", "")
    known = re.fullmatch(r"[0-9]{1,9}", exam_field) is not None  # only the link back uses it
    back = reverse("learning:exam_take", args=[exam_field]) if known else mine
    again = _("Back to the exam") if known else _("My courses")
    named = _read(request)
    user = taker_get(named[0]) if named else None
    if named is None or user is None:
        message = _(
            "This start button no longer works: it was opened in another browser session, "
            "or too long ago. Open the exam again and press start."
        )
        return _refused(403, message, back, again)
    try:
        exam = exam_get_for_taker(user, named[1])
    except Http404:
        return _refused(404, _("This exam is not one you may sit."), mine, _("My courses"))
    now = timezone.now()
    try:
        attempt = attempt_start(actor=Actor(user=user), exam=exam, now=now)
    except DomainError as exc:
        return _refused(409, str(exc.message), back, again)
    if attempt_is_over(attempt):  # its page hands it in and shows the result
        return lean.LeanReply(303, b"", headers=(("Location", attempt_address(attempt)),))
    csrf, cookies = lean.csrf_token(request)
    fresh = attempt.started_at == now  # made by this press: nothing saved yet
    return lean.html_reply(200, attempt_page_lean(attempt, exam, csrf, fresh=fresh), cookies)


ROUTE = lean.LeanRoute(START_PATH, start, methods=("POST",), max_body=MAX_BODY)
