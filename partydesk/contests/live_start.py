"""The lean start: `POST /contests/live/start`, a lean route (core/lean.py, ADR 0029) that
answers the press of "start" with the attempt's first page, beside Django's request handling
(issue 12, the opening spike; ADR 0026, Scale).

The contest's take page (Django, with the session) hands each round's start form a token
(`start_token`): the registration and the round, bound by a hash to the browser's session
cookie and signed with a timestamp. The form (plain HTML, no JavaScript needed) posts it
here; nothing reads the session, so the press skips the session's read and write, the CSRF
middleware (a cross-site page cannot know the token, so the token stands for the CSRF
token), the user and the acting organization. The rules are `attempt_start`'s, the same
call Django's start view makes (round open, attempts left, the rate limit on repeated
starts), given the round, registration and earlier attempts read by hand-written statements
(`round_start_read`); the reply is the attempt's page (`attempt_page`: the cached sheet in
a page rendered once per round, kind and language) in the lean frame, carrying the
attempt's token for the live answers and a CSRF token for its forms, which post to
Django's views (answer without JS, hand-in). Pressing again returns the attempt in
progress. A refusal is a small page in the reader's language.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from partydesk.accounts.errors import RateLimited
from partydesk.contests.attempt_page import attempt_page_lean
from partydesk.contests.selectors import attempt_saved, round_start_read
from partydesk.contests.services.taking import attempt_start, taker_limit
from partydesk.core import lean
from partydesk.core.errors import Conflict, DomainError

START_PATH = "/contests/live/start"
START_SALT = "partydesk.contests.start"
logger = logging.getLogger(__name__)


def start_token(registration_id: int, round_id: int, session_key: str) -> str:
    """The token of a round's start form on the take page: this registration, this round,
    this browser's session."""
    return lean.token_make(START_SALT, f"{registration_id}.{round_id}", session_key)


def _token_read(request: lean.LeanRequest) -> tuple[int, int] | None:
    """The registration and round of the form's token; None when it is forged, altered,
    older than the session's idle lifetime or sent with another session's cookie."""
    value = lean.token_read(
        START_SALT,
        request.form.get("token", ""),
        request.session_key,
        max_age=settings.SESSION_COOKIE_AGE,
    )
    registration, _sep, round_ = (value or "").partition(".")
    if not (registration.isdigit() and round_.isdigit()):
        return None
    return int(registration), int(round_)


def _take_url(contest_id: str) -> str:
    return reverse("contests:take", args=[int(contest_id)]) if contest_id.isdigit() else ""


def _refused(
    request: lean.LeanRequest,
    status: int,
    heading: str,
    message: str,
    headers: tuple[tuple[str, str], ...] = (),
) -> lean.LeanReply:
    """A small page saying why, with the way back to the contest's rounds (the form names
    its contest; the link is all that value is used for)."""
    back = _take_url(request.form.get("contest", ""))
    return lean.refused_page(
        status, heading, message, back=back, back_label=_("Back to the rounds"), headers=headers
    )


def start(request: lean.LeanRequest) -> lean.LeanReply:
    """Start (or resume) the attempt the form's token names and answer with its page."""
    ids = _token_read(request)
    if ids is None:
        return _refused(
            request,
            403,
            _("This start button has expired"),
            _("Open the contest's page again and press start there."),
        )
    registration_id, round_id = ids
    practice = request.form.get("practice") == "1"
    read = round_start_read(round_id, registration_id, practice=practice)
    if read is None:
        message = _("This round is no longer published.")
        return _refused(request, 404, _("The round cannot start"), message)
    registration = read.registration
    if registration is None:
        message = _("This registration no longer exists.")
        return _refused(request, 404, _("The round cannot start"), message)
    now = timezone.now()
    try:
        attempt = attempt_start(
            registration=registration,
            round_=read.round,
            practice=practice,
            now=now,
            on_repeat=lambda: taker_limit(registration.pk),
            earlier=read.earlier,
        )
    except RateLimited as exc:
        retry = (("Retry-After", str(exc.retry_after)),)
        return _refused(request, 429, _("Too many attempts"), str(exc.message), retry)
    except DomainError as exc:
        status = 409 if isinstance(exc, Conflict) else 403
        return _refused(request, status, _("The round cannot start"), str(exc.message))
    fresh = attempt.started_at == now  # made by this press: nothing saved yet
    csrf_token, cookies = lean.csrf_token(request)
    page = attempt_page_lean(
        attempt,
        round_=read.round,
        contest=read.round.contest,
        saved={} if fresh else attempt_saved(attempt),
        csrf_token=csrf_token,
    )
    return lean.html_reply(200, page, cookies)


ROUTE = lean.LeanRoute(START_PATH, start, methods=("POST",), max_body=4_096)
