"""The taker's pages: an exam's start page, the attempt (answers autosaved through HTMX,
time left from the server), submission and the result. Only one's own attempts exist."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partydesk.accounts.actor import AuthenticatedRequest
from partydesk.core.errors import Conflict, DomainError
from partydesk.learning.models import Attempt, AttemptStatus
from partydesk.learning.selectors.certificates import certificate_of_attempt
from partydesk.learning.selectors.exams import (
    attempt_get_for_taker,
    attempt_saved,
    exam_get_for_taker,
    remaining_seconds,
)
from partydesk.learning.services.certificates import attempt_attendance
from partydesk.learning.services.exams import GRACE, answer_save, attempt_start, attempt_submit
from partydesk.learning.sheet import sheet_html


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
            # browser's history, so a reload asks for the attempt, not a new start).
            return _attempt_page(request, attempt)
    mine = list(exam.attempts.filter(user=request.user).order_by("number"))
    now = timezone.now()
    context = {
        "exam": exam,
        "mine": mine,
        "error": error,
        "open": exam.opens_at <= now < exam.closes_at,
    }
    return render(request, "learning/attempts/start.html", context, status=409 if error else 200)


@login_required
def attempt(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _attempt_page(request, attempt_get_for_taker(request.user, pk))


def _attempt_page(request: AuthenticatedRequest, found: Attempt) -> HttpResponse:
    """The attempt's questions with what was saved and the server's time left; an attempt
    handed in, or whose time is up (it is handed in now), shows its result instead."""
    if found.status == AttemptStatus.IN_PROGRESS and timezone.now() > found.deadline + GRACE:
        attempt_submit(actor=request.actor, attempt=found)
        return redirect("learning:attempt_result", found.pk)
    if found.status != AttemptStatus.IN_PROGRESS:
        return redirect("learning:attempt_result", found.pk)
    saved = attempt_saved(found)
    answer_url = reverse("learning:answer", args=[found.pk, 0])[: -len("0/")] + "{slot}/"
    sheet = sheet_html(
        found.draw,
        {slot: a.chosen for slot, a in saved.items()},
        answer_url=answer_url,
        csrf_token=get_token(request),
        texts={slot: a.text for slot, a in saved.items()},
        saved=saved.keys(),
    )
    address = reverse("learning:attempt", args=[found.pk])
    context = {
        "attempt": found,
        "sheet": sheet,
        "remaining": remaining_seconds(found),
        "replace_url": address if request.path != address else "",
    }
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
