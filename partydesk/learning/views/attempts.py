"""The taker's pages: an exam's start page, the attempt (answers autosaved through HTMX,
time left from the server), submission and the result. Only one's own attempts exist."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partydesk.accounts.actor import AuthenticatedRequest
from partydesk.core.errors import Conflict, DomainError
from partydesk.learning.live import start_token
from partydesk.learning.models import Attempt, AttemptStatus
from partydesk.learning.pages import attempt_is_over, attempt_page_context
from partydesk.learning.selectors.certificates import certificate_of_attempt
from partydesk.learning.selectors.exams import attempt_get_for_taker, exam_get_for_taker
from partydesk.learning.services.certificates import attempt_attendance
from partydesk.learning.services.exams import answer_save, attempt_start, attempt_submit


@login_required
def exam_take(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    exam = exam_get_for_taker(request.user, pk)
    error = ""
    if request.method == "POST":
        try:
            attempt = attempt_start(actor=request.actor, exam=exam)
        except DomainError as exc:
            error = str(exc.message)
        else:
            # The press answers with the attempt's page itself, not a redirect to it: half
            # the requests of a synchronized start (the page puts its own address in the
            # browser's history, so a reload asks for the attempt, not a new start). The
            # start page's form posts to the lean start (live.py); this is its fallback
            # (a page served before it, a form without the token).
            return _attempt_page(request, attempt)
    mine = list(exam.attempts.filter(user=request.user).order_by("number"))
    now = timezone.now()
    context = {
        "exam": exam,
        "mine": mine,
        "error": error,
        "open": exam.opens_at <= now < exam.closes_at,
        # The press goes to the lean start (live.py) with this token; without a session
        # (never behind login_required) the form posts here, the same start.
        "start_token": start_token(request, exam),
    }
    return render(request, "learning/attempts/start.html", context, status=409 if error else 200)


@login_required
def attempt(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _attempt_page(request, attempt_get_for_taker(request.user, pk))


def _attempt_page(request: AuthenticatedRequest, found: Attempt) -> HttpResponse:
    """The attempt's questions with what was saved and the server's time left; an attempt
    handed in, or whose time is up (it is handed in now), shows its result instead."""
    if attempt_is_over(found):
        if found.status == AttemptStatus.IN_PROGRESS:
            attempt_submit(actor=request.actor, attempt=found)
        return redirect("learning:attempt_result", found.pk)
    context = attempt_page_context(found, get_token(request), path=request.path)
    return render(request, "learning/attempts/attempt.html", context)


@login_required
@require_POST
def answer(request: AuthenticatedRequest, pk: int, slot: int) -> HttpResponse:
    found = attempt_get_for_taker(request.user, pk)
    chosen = [int(v) for v in request.POST.getlist("chosen") if v.lstrip("-").isdigit()]
    try:
        saved = answer_save(
            actor=request.actor,
            attempt=found,
            slot=slot,
            chosen=chosen,
            text=request.POST.get("text", ""),
        )
    except DomainError as exc:
        status = 409 if isinstance(exc, Conflict) else 400
        context = {"message": str(exc.message), "error": True}
        return render(request, "learning/attempts/_saved.html", context, status=status)
    context = {
        "message": _("Saved at %(time)s")
        % {"time": timezone.localtime(saved.saved_at).strftime("%H:%M:%S")}
    }
    return render(request, "learning/attempts/_saved.html", context)


@login_required
@require_POST
def attempt_submit_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    found = attempt_get_for_taker(request.user, pk)
    attempt_submit(actor=request.actor, attempt=found)
    return redirect("learning:attempt_result", found.pk)


@login_required
def attempt_result(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    found = attempt_get_for_taker(request.user, pk)
    if found.status == AttemptStatus.IN_PROGRESS:
        return redirect("learning:attempt", found.pk)
    context = {
        "attempt": found,
        "certificate": certificate_of_attempt(found),
        "attendance": attempt_attendance(found),
    }
    return render(request, "learning/attempts/result.html", context)
