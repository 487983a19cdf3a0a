"""Trustee pages of an electronic election: those who run the meeting name and remove
trustees; a trustee makes their key (downloaded once, or a public key pasted) and, after
the tally, gives their partial decryption."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from partydesk.accounts.actor import AuthenticatedRequest
from partydesk.core.errors import DomainError
from partydesk.core.http import Acting, file_response
from partydesk.meetings.jobs import trustee_decrypt_job
from partydesk.meetings.models import Election, ElectionMethod, ElectionState, Meeting
from partydesk.meetings.selectors.elections import election_get, trustee_choices, trustees_of
from partydesk.meetings.selectors.meetings import meeting_get_for
from partydesk.meetings.services.electronic import MIN_TRUSTEES
from partydesk.meetings.services.trustees import (
    trustee_add,
    trustee_decrypt,
    trustee_generate_key,
    trustee_of,
    trustee_remove,
    trustee_set_public_key,
)

MAX_KEY_BYTES = 64 * 1024  # a BELENIOS-2048 private key is a few hundred bytes


def trustee_context(actor: Acting, election: Election, runs: bool) -> dict[str, Any]:
    """What the election page shows about the trustees."""
    if election.method != ElectionMethod.ELECTRONIC:
        return {}
    rows = trustees_of(election)
    choices = trustee_choices(election) if runs and election.state == ElectionState.DRAFT else []
    return {
        "trustees": rows,
        "trustee_choices": choices,
        "my_trustee": next((t for t in rows if t.user_id == actor.user.pk), None),
        "keys_missing": sum(1 for t in rows if not t.public_key),
        "decryptions_missing": sum(1 for t in rows if not t.partial_decryption),
        "min_trustees": MIN_TRUSTEES,
    }


@login_required
@require_POST
def trustees(request: AuthenticatedRequest, pk: int, election: int) -> HttpResponse:
    """Name a member as a trustee, or remove one (before the vote opens)."""
    meeting = meeting_get_for(request.actor, pk)
    found = election_get(meeting, election)
    try:
        if request.POST.get("remove", "").isdigit():
            trustee_remove(
                actor=request.actor, election=found, trustee_id=int(request.POST["remove"])
            )
        else:
            user = request.POST.get("user", "")
            trustee_add(actor=request.actor, election=found, user_id=int(user or 0))
        messages.success(request, _("Done."))
    except (DomainError, ValueError) as exc:
        messages.error(request, str(getattr(exc, "message", _("Choose a member."))))
    return redirect("meetings:election", meeting.pk, found.pk)


def _page(
    request: AuthenticatedRequest, meeting: Meeting, election: Election, status: int = 200
) -> HttpResponse:
    trustee = trustee_of(request.actor, election)
    if trustee is None:
        raise Http404("not a trustee of this election")
    context = {"meeting": meeting, "election": election, "trustee": trustee}
    return render(request, "meetings/election_trustee.html", context, status=status)


@never_cache
@login_required
def trustee(request: AuthenticatedRequest, pk: int, election: int) -> HttpResponse:
    """The trustee's own page: make the key, later decrypt their share."""
    meeting = meeting_get_for(request.actor, pk)
    found = election_get(meeting, election)
    if request.method != "POST":
        return _page(request, meeting, found)
    mine = trustee_of(request.actor, found)
    if mine is None:
        raise Http404("not a trustee of this election")
    action = request.POST.get("action", "")
    try:
        if action == "generate":
            private = trustee_generate_key(actor=request.actor, election=found, trustee=mine)
            name = f"election-{found.pk}-trustee-{mine.position}.privkey"
            response = file_response(private + "\n", name, "application/octet-stream")
            response["Cache-Control"] = "no-store"
            return response
        if action == "public_key":
            trustee_set_public_key(
                actor=request.actor,
                election=found,
                trustee=mine,
                public_key=request.POST.get("public_key", ""),
            )
        elif action == "decrypt":
            upload = request.FILES.get("private_key")
            if upload is not None and upload.size and upload.size > MAX_KEY_BYTES:
                raise ValueError
            key = upload.read().decode("utf-8", "replace") if upload is not None else ""
            if trustee_decrypt(
                actor=request.actor,
                election=found,
                trustee=mine,
                private_key=key,
                partial=request.POST.get("partial", ""),
            ):
                transaction.on_commit(partial(trustee_decrypt_job.enqueue, mine.pk))
                messages.success(
                    request,
                    _("Your decryption has started: belenios-tool checks every ballot, "
                      "about a quarter of a second each. This page shows when it is done."),
                )  # fmt: skip
                return redirect("meetings:election_trustee", meeting.pk, found.pk)
        else:
            raise Http404("no such action")
    except DomainError as exc:
        messages.error(request, str(exc.message))
        return _page(request, meeting, found, status=400)
    except ValueError:
        messages.error(request, _("This file is too large to be a private key."))
        return _page(request, meeting, found, status=400)
    messages.success(request, _("Done."))
    return redirect("meetings:election_trustee", meeting.pk, found.pk)
