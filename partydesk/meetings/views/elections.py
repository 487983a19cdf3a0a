"""Election pages: the list and set-up, the election page (state, paper ballots entered
twice by the board, mismatches, the count, the result) and the board's printable report."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partydesk.accounts.actor import AuthenticatedRequest
from partydesk.core.errors import DomainError
from partydesk.core.http import pdf_response
from partydesk.meetings.forms import ElectionForm
from partydesk.meetings.models import (
    Election,
    ElectionMethod,
    ElectionState,
    ElectionVoter,
    Meeting,
)
from partydesk.meetings.report_pdf import election_report_pdf as election_report_pdf_bytes
from partydesk.meetings.selectors.elections import (
    candidate_rows,
    election_get,
    elections_of,
    names_of,
    paper_ballot_get,
    paper_ballots_of,
)
from partydesk.meetings.selectors.meetings import meeting_get_for
from partydesk.meetings.services.attendance import can_run_attendance
from partydesk.meetings.services.elections import election_create, election_set_counts
from partydesk.meetings.services.electronic import count_job
from partydesk.meetings.services.paper_ballots import (
    ballot_enter,
    ballot_resolve,
    paper_close,
    paper_count,
    paper_open,
)
from partydesk.meetings.services.runoff import election_runoff_create, runoff_needed
from partydesk.meetings.views.electronic import electronic_step
from partydesk.meetings.views.trustees import trustee_context


@login_required
def election_list(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting = meeting_get_for(request.actor, pk)
    runs = can_run_attendance(request.actor, meeting)
    form = ElectionForm(request.POST or None)
    status = 200
    if request.method == "POST" and runs and form.is_valid():
        data = form.cleaned_data
        try:
            election = election_create(
                actor=request.actor,
                meeting=meeting,
                title=data["title"],
                seats=data["seats"],
                candidates=form.names(),
                method=data["method"],
                max_surplus_percent=data["max_surplus_percent"],
                base=data["base"],
                blank_valid=data["blank_valid"],
                revote_allowed=data["revote_allowed"],
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))
        else:
            messages.success(request, _("The election is set up."))
            return redirect("meetings:election", meeting.pk, election.pk)
    if request.method == "POST":
        status = 400 if runs else 403
    context = {"meeting": meeting, "elections": elections_of(meeting), "form": form, "runs": runs}
    return render(request, "meetings/elections.html", context, status=status)


def _ids(request: AuthenticatedRequest) -> list[int]:
    return [int(v) for v in request.POST.getlist("kept") if v.isdigit()]


def _number(request: AuthenticatedRequest, name: str) -> int | None:
    value = request.POST.get(name, "").strip()
    return int(value) if value.isdigit() else None


def _page(
    request: AuthenticatedRequest,
    meeting: Meeting,
    election: Election,
    *,
    status: int = 200,
    typed: dict[str, Any] | None = None,
) -> HttpResponse:
    runs = can_run_attendance(request.actor, meeting)
    ballots = paper_ballots_of(election) if runs else []
    mismatches = [
        (b, names_of(election, b.first_kept), names_of(election, b.second_kept))
        for b in ballots
        if b.mismatch
    ]
    context = {
        "meeting": meeting,
        "election": election,
        "rows": candidate_rows(election),
        "runs": runs,
        "ballots": ballots,
        "mismatches": mismatches,
        "agreed": sum(1 for b in ballots if b.agreed),
        "typed": typed or {},
        "electronic": election.method == ElectionMethod.ELECTRONIC,
        "count_job": count_job(election)
        if election.state in (ElectionState.CLOSED, ElectionState.DECRYPTING)
        else None,
        "is_voter": ElectionVoter.objects.filter(
            election=election, user_id=request.user.pk
        ).exists(),
        "runoff_needed": runoff_needed(election),
        "next_round": Election.objects.filter(previous=election).first(),
        **trustee_context(request.actor, election, runs),
    }
    return render(request, "meetings/election.html", context, status=status)


@login_required
def election_detail(request: AuthenticatedRequest, pk: int, election: int) -> HttpResponse:
    meeting = meeting_get_for(request.actor, pk)
    return _page(request, meeting, election_get(meeting, election))


@login_required
@require_POST
def election_step(request: AuthenticatedRequest, pk: int, election: int) -> HttpResponse:
    """Open, close or count a paper election, or record the board's figures."""
    meeting = meeting_get_for(request.actor, pk)
    found = election_get(meeting, election)
    step = request.POST.get("step", "")
    if found.method == ElectionMethod.ELECTRONIC and step in ("open", "close", "count"):
        return electronic_step(request, meeting, found, step)
    try:
        if step == "open":
            paper_open(actor=request.actor, election=found)
        elif step == "close":
            paper_close(actor=request.actor, election=found)
        elif step == "count":
            paper_count(actor=request.actor, election=found)
        elif step == "figures":
            election_set_counts(
                actor=request.actor,
                election=found,
                present=_number(request, "present"),
                issued=_number(request, "issued"),
            )
        else:
            return _page(request, meeting, found, status=400)
    except DomainError as exc:
        messages.error(request, str(exc.message))
        return _page(request, meeting, found, status=400)
    messages.success(request, _("Done."))
    return redirect("meetings:election", meeting.pk, found.pk)


@login_required
@require_POST
def ballot_entry(request: AuthenticatedRequest, pk: int, election: int) -> HttpResponse:
    """A board member enters a ballot (first or second entry)."""
    meeting = meeting_get_for(request.actor, pk)
    found = election_get(meeting, election)
    number = _number(request, "number")
    kept, spoiled = _ids(request), request.POST.get("spoiled") == "on"
    typed = {"number": request.POST.get("number", ""), "kept": kept, "spoiled": spoiled}
    if number is None:
        messages.error(request, _("Write the number printed on the ballot."))
        return _page(request, meeting, found, status=400, typed=typed)
    try:
        ballot = ballot_enter(
            actor=request.actor, election=found, number=number, kept=kept, spoiled=spoiled
        )
    except DomainError as exc:
        messages.error(request, str(exc.message))
        return _page(request, meeting, found, status=400, typed=typed)
    if ballot.mismatch:
        messages.warning(
            request,
            _("Ballot %(n)s: the two entries disagree. Read the paper again and resolve it.")
            % {"n": number},
        )
    else:
        messages.success(request, _("Ballot %(n)s entered.") % {"n": number})
    return redirect("meetings:election", meeting.pk, found.pk)


@login_required
@require_POST
def ballot_settle(
    request: AuthenticatedRequest, pk: int, election: int, ballot: int
) -> HttpResponse:
    meeting = meeting_get_for(request.actor, pk)
    found = election_get(meeting, election)
    row = paper_ballot_get(found, ballot)
    try:
        ballot_resolve(
            actor=request.actor,
            ballot=row,
            kept=_ids(request),
            spoiled=request.POST.get("spoiled") == "on",
        )
    except DomainError as exc:
        messages.error(request, str(exc.message))
        return _page(request, meeting, found, status=400)
    messages.success(request, _("Ballot %(n)s resolved.") % {"n": row.number})
    return redirect("meetings:election", meeting.pk, found.pk)


@login_required
def election_report(request: AuthenticatedRequest, pk: int, election: int) -> HttpResponse:
    """The vote-counting board's report (biên bản kiểm phiếu), printable."""
    meeting = meeting_get_for(request.actor, pk)
    found = election_get(meeting, election)
    context = {"meeting": meeting, "election": found, "rows": candidate_rows(found)}
    return render(request, "meetings/election_report.html", context)


@login_required
def election_report_pdf(request: AuthenticatedRequest, pk: int, election: int) -> HttpResponse:
    """The same report as a PDF in the Party layout, for the board to sign."""
    meeting = meeting_get_for(request.actor, pk)
    found = election_get(meeting, election)
    if not found.result:
        raise Http404("not counted yet")
    name = f"bien-ban-kiem-phieu-{found.pk}.pdf"
    return pdf_response(election_report_pdf_bytes(found), name, inline=True)


@login_required
@require_POST
def election_runoff(request: AuthenticatedRequest, pk: int, election: int) -> HttpResponse:
    """Create the next round after a tie at the limit, and open its page."""
    meeting = meeting_get_for(request.actor, pk)
    found = election_get(meeting, election)
    try:
        runoff = election_runoff_create(actor=request.actor, election=found)
    except DomainError as exc:
        messages.error(request, str(exc.message))
        return _page(request, meeting, found, status=400)
    messages.success(
        request,
        _("Round %(n)s is set up between the tied candidates.") % {"n": runoff.round},
    )
    return redirect("meetings:election", meeting.pk, runoff.pk)
