"""Casting a ballot encrypted on the voter's device (meetings/static/meetings/
electronic-vote.js with belenios-ballot.js): the page posts only the finished Belenios
ballot, never the credential or the choice; belenios-tool checks it before it joins the
record (services/casting.py). The receipt page says where the ballot was encrypted."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from partydesk.accounts.actor import AuthenticatedRequest
from partydesk.core.errors import DomainError
from partydesk.meetings.selectors.elections import candidate_rows, election_get
from partydesk.meetings.selectors.meetings import meeting_get_for
from partydesk.meetings.services.casting import cast_device_ballot, device_params


@never_cache
@login_required
@require_POST
def cast_encrypted(request: AuthenticatedRequest, pk: int, election: int) -> HttpResponse:
    meeting = meeting_get_for(request.actor, pk)
    found = election_get(meeting, election)
    try:
        receipt = cast_device_ballot(
            actor=request.actor, election=found, ballot=request.POST.get("ballot", "")
        )
    except DomainError as exc:
        messages.error(request, str(exc.message))
        context = {
            "meeting": meeting,
            "election": found,
            "rows": candidate_rows(found),
            "typed": [],
            "device": device_params(found),
        }
        return render(request, "meetings/election_vote.html", context, status=400)
    context = {"meeting": meeting, "election": found, "receipt": receipt, "on_device": True}
    return render(request, "meetings/election_receipt.html", context)
