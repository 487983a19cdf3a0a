"""Electronic secret-ballot pages: opening (the credential authority's one-time sheet of
slips), casting with the receipt, closing, tallying, the published record, the receipt
check and the verification of the record by belenios-tool."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from partydesk.accounts.actor import AuthenticatedRequest
from partydesk.core.errors import DomainError
from partydesk.core.http import file_response
from partydesk.meetings.models import Election, ElectionVoter, Meeting
from partydesk.meetings.selectors.elections import candidate_rows, election_get, record_of
from partydesk.meetings.selectors.meetings import meeting_get_for
from partydesk.meetings.services.casting import device_params
from partydesk.meetings.services.electronic import (
    electronic_cast,
    electronic_close,
    electronic_open,
    electronic_tally,
    receipt_on_record,
    record_verification,
)


def electronic_step(
    request: AuthenticatedRequest, meeting: Meeting, election: Election, step: str
) -> HttpResponse:
    """Open (and hand out the slips), close or tally an electronic election."""
    try:
        if step == "open":
            credentials = electronic_open(actor=request.actor, election=election)
            response = render(
                request,
                "meetings/election_slips.html",
                {"meeting": meeting, "election": election, "credentials": credentials},
            )
            response["Cache-Control"] = "no-store"
            return response
        if step == "close":
            electronic_close(actor=request.actor, election=election)
            messages.success(request, _("Done."))
        else:
            electronic_tally(actor=request.actor, election=election)
            messages.success(
                request,
                _("The count has started: it takes about a second per ballot. This page "
                  "shows the result when it is done."),
            )  # fmt: skip
    except DomainError as exc:
        messages.error(request, str(exc.message))
    return redirect("meetings:election", meeting.pk, election.pk)


@never_cache
@login_required
@require_POST
def vote(request: AuthenticatedRequest, pk: int, election: int) -> HttpResponse:
    meeting = meeting_get_for(request.actor, pk)
    found = election_get(meeting, election)
    kept = [int(v) for v in request.POST.getlist("kept") if v.isdigit()]
    try:
        receipt = electronic_cast(
            actor=request.actor,
            election=found,
            credential=request.POST.get("credential", ""),
            kept=kept,
        )
    except DomainError as exc:
        messages.error(request, str(exc.message))
        context = {
            "meeting": meeting,
            "election": found,
            "rows": candidate_rows(found),
            "typed": kept,
            "device": device_params(found),
        }
        return render(request, "meetings/election_vote.html", context, status=400)
    context = {"meeting": meeting, "election": found, "receipt": receipt}
    return render(request, "meetings/election_receipt.html", context)


@never_cache
@login_required
def ballot(request: AuthenticatedRequest, pk: int, election: int) -> HttpResponse:
    """The voting page: the names to keep or cross out and the credential from the slip."""
    meeting = meeting_get_for(request.actor, pk)
    found = election_get(meeting, election)
    if not ElectionVoter.objects.filter(election=found, user_id=request.user.pk).exists():
        raise Http404("not a voter of this election")
    context = {
        "meeting": meeting,
        "election": found,
        "rows": candidate_rows(found),
        "typed": [],
        "device": device_params(found),
    }
    return render(request, "meetings/election_vote.html", context)


@login_required
def record(request: AuthenticatedRequest, pk: int, election: int) -> HttpResponse:
    """The published record in Belenios's format, for `belenios-tool election verify`."""
    meeting = meeting_get_for(request.actor, pk)
    found = election_get(meeting, election)
    if not found.record:
        raise Http404("no record yet")
    return file_response(record_of(found), f"{found.belenios_uuid}.bel", "application/x-tar")


@login_required
def check(request: AuthenticatedRequest, pk: int, election: int) -> HttpResponse:
    """Check a receipt against the record, and/or verify the whole record now."""
    meeting = meeting_get_for(request.actor, pk)
    found = election_get(meeting, election)
    receipt = request.GET.get("receipt", "").strip()
    context = {
        "meeting": meeting,
        "election": found,
        "receipt": receipt,
        "on_record": receipt_on_record(found, receipt) if receipt else None,
        "verification": record_verification(found) if request.GET.get("verify") else None,
    }
    return render(request, "meetings/election_check.html", context)
