"""Vote pages: open, cast from a phone, record hands, close, and the live result."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partydesk.accounts.actor import AuthenticatedRequest
from partydesk.core.errors import DomainError
from partydesk.meetings.selectors.agenda import item_get
from partydesk.meetings.selectors.meetings import meeting_get_for
from partydesk.meetings.selectors.votes import vote_get, vote_result
from partydesk.meetings.services.votes import vote_cast, vote_close, vote_hands_record, vote_open


def _number(request: AuthenticatedRequest, name: str) -> int:
    try:
        return int(request.POST.get(name, "0") or 0)
    except ValueError:
        return -1


def _try(request: AuthenticatedRequest, call: object, success: str) -> None:
    try:
        call()  # type: ignore[operator]
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, success)


@login_required
@require_POST
def open_vote(request: AuthenticatedRequest, pk: int, item: int) -> HttpResponse:
    meeting = meeting_get_for(request.actor, pk)
    row = item_get(meeting, item)
    _try(
        request,
        lambda: vote_open(
            actor=request.actor,
            item=row,
            question=request.POST.get("question", ""),
            method=request.POST.get("method", ""),
        ),
        _("The vote is open."),
    )
    return redirect("meetings:detail", meeting.pk)


@login_required
@require_POST
def cast(request: AuthenticatedRequest, pk: int, vote: int) -> HttpResponse:
    meeting = meeting_get_for(request.actor, pk)
    found = vote_get(meeting, vote)
    _try(
        request,
        lambda: vote_cast(actor=request.actor, vote=found, choice=request.POST.get("choice", "")),
        _("Your vote was recorded."),
    )
    return redirect("meetings:detail", meeting.pk)


@login_required
@require_POST
def hands(request: AuthenticatedRequest, pk: int, vote: int) -> HttpResponse:
    meeting = meeting_get_for(request.actor, pk)
    found = vote_get(meeting, vote)
    _try(
        request,
        lambda: vote_hands_record(
            actor=request.actor,
            vote=found,
            for_=_number(request, "for"),
            against=_number(request, "against"),
            abstain=_number(request, "abstain"),
        ),
        _("The show of hands was recorded."),
    )
    return redirect("meetings:detail", meeting.pk)


@login_required
@require_POST
def close(request: AuthenticatedRequest, pk: int, vote: int) -> HttpResponse:
    meeting = meeting_get_for(request.actor, pk)
    found = vote_get(meeting, vote)
    _try(request, lambda: vote_close(actor=request.actor, vote=found), _("The vote is closed."))
    return redirect("meetings:detail", meeting.pk)


@login_required
def result(request: AuthenticatedRequest, pk: int, vote: int) -> HttpResponse:
    meeting = meeting_get_for(request.actor, pk)
    found = vote_get(meeting, vote)
    context = {"meeting": meeting, "vote": found, "result": vote_result(found)}
    return render(request, "meetings/_vote_result.html", context)
