"""The invigilator's page: who is sitting the exam now, how far they are, the time left by
the server's clock, and handing in an attempt for a taker."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partydesk.accounts.actor import AuthenticatedRequest
from partydesk.learning.permissions import EXAMS_MANAGE
from partydesk.learning.selectors.exams import (
    attempt_get_for,
    exam_get_for,
    exam_live,
    remaining_seconds,
)
from partydesk.learning.services.exams import attempt_submit, attempts_expire


@login_required
def invigilate(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    scope = request.actor.require(EXAMS_MANAGE)
    found = exam_get_for(scope, pk)
    attempts_expire(exam=found)
    rows = [(a, a.user.display_name, remaining_seconds(a)) for a in exam_live(found)]
    return render(request, "learning/exams/invigilate.html", {"exam": found, "rows": rows})


@login_required
@require_POST
def force_submit(request: AuthenticatedRequest, pk: int, attempt_pk: int) -> HttpResponse:
    scope = request.actor.require(EXAMS_MANAGE)
    found = exam_get_for(scope, pk)
    attempt = attempt_get_for(scope, attempt_pk)
    if attempt.exam_id != found.pk:
        raise Http404("attempt not found")
    attempt_submit(actor=request.actor, attempt=attempt)
    messages.success(request, _("The attempt is handed in with what was saved."))
    return redirect("learning:invigilate", found.pk)
