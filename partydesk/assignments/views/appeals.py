"""Publishing the year's results, appealing a class and answering the appeal."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partydesk.accounts.actor import AuthenticatedRequest
from partydesk.assignments.services.appeals import (
    evaluation_answer,
    evaluation_appeal,
    evaluations_publish,
)
from partydesk.assignments.views.evaluations import AnswerForm, AppealForm, evaluation_step
from partydesk.assignments.views.record import year_asked
from partydesk.core.errors import DomainError


@login_required
@require_POST
def publish(request: AuthenticatedRequest) -> HttpResponse:
    year = year_asked(request, source=request.POST)
    try:
        published = evaluations_publish(actor=request.actor, year=year)
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(
            request, _("%(n)s result(s) published to the people concerned.") % {"n": published}
        )
    return redirect(f"{reverse('assignments:evaluations')}?year={year}")


@login_required
@require_POST
def appeal(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return evaluation_step(
        request,
        pk,
        lambda _e, data: AppealForm(data),
        "appeal_form",
        lambda e, data: evaluation_appeal(actor=request.actor, evaluation=e, **data),
        _("Your appeal is sent to the deciding body."),
    )


@login_required
@require_POST
def answer(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return evaluation_step(
        request,
        pk,
        lambda _e, data: AnswerForm(data),
        "answer_form",
        lambda e, data: evaluation_answer(
            actor=request.actor,
            evaluation=e,
            answer=data["answer"],
            score=Decimal(data["score"]),
            klass=data["klass"],
        ),
        _("The appeal is answered."),
    )
