"""Paper ballots entered by the vote-counting board (ban kiểm phiếu): each ballot twice,
by two different members, the second without seeing the first. Both readings must agree;
a mismatch is shown and a member resolves it from the paper. The count refuses to run
while any ballot is not agreed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partydesk.core.errors import InvalidInput, NotAllowed
from partydesk.core.http import Acting
from partydesk.meetings import election_rules as rules
from partydesk.meetings.models import Election, ElectionMethod, ElectionState, PaperBallot
from partydesk.meetings.services.elections import (
    audit_election,
    check_runs,
    result_payload,
    set_state,
)


def _reading(election: Election, kept: Iterable[int]) -> list[int]:
    ids = set(election.candidates.values_list("pk", flat=True))
    chosen = sorted({int(k) for k in kept})
    if not set(chosen) <= ids:
        raise InvalidInput(_("Tick only names on this election's list."), field="kept")
    return chosen


def _check_counting(actor: Acting, election: Election) -> None:
    check_runs(actor, election)
    if election.method != ElectionMethod.PAPER:
        raise NotAllowed(_("This election is not held on paper."))
    if election.state != ElectionState.CLOSED:
        raise NotAllowed(_("Ballots are entered once voting is closed, before the count."))


def paper_open(*, actor: Acting, election: Election) -> Election:
    with transaction.atomic():
        if election.method != ElectionMethod.PAPER:
            raise NotAllowed(_("This election is not held on paper."))
        return set_state(
            actor,
            election,
            before=ElectionState.DRAFT,
            after=ElectionState.OPEN,
            stamp="opened_at",
            action="meetings.election.opened",
        )


def paper_close(*, actor: Acting, election: Election) -> Election:
    with transaction.atomic():
        return set_state(
            actor,
            election,
            before=ElectionState.OPEN,
            after=ElectionState.CLOSED,
            stamp="closed_at",
            action="meetings.election.closed",
        )


@transaction.atomic
def ballot_enter(
    *, actor: Acting, election: Election, number: int, kept: Iterable[int], spoiled: bool
) -> PaperBallot:
    """Enter a ballot: the first reading if the number is new, otherwise the second, which
    must come from another member."""
    _check_counting(actor, election)
    if number < 1:
        raise InvalidInput(_("Ballot numbers start at 1."), field="number")
    reading = [] if spoiled else _reading(election, kept)
    user = actor.user
    existing = PaperBallot.objects.select_for_update().filter(election=election, number=number)
    ballot = existing.first()
    if ballot is None:
        try:
            with transaction.atomic():
                ballot = PaperBallot.objects.create(
                    election=election,
                    number=number,
                    first_kept=reading,
                    first_spoiled=spoiled,
                    first_by=user,
                )
        except IntegrityError as error:
            message = _("Ballot %(n)s was just entered; enter it again.") % {"n": number}
            raise NotAllowed(message) from error
        audit_election(actor, "meetings.ballot.entered", election, ballot=number, entry=1)
        return ballot
    if ballot.second_by_id is not None:
        raise NotAllowed(_("Ballot %(n)s was already entered twice.") % {"n": number})
    if ballot.first_by_id == user.pk:
        raise NotAllowed(_("The second entry of a ballot is made by another member."))
    ballot.second_kept, ballot.second_spoiled, ballot.second_by = reading, spoiled, user
    if ballot.first_kept == reading and ballot.first_spoiled == spoiled:
        ballot.kept, ballot.spoiled = reading, spoiled
    ballot.save()
    audit_election(
        actor, "meetings.ballot.entered", election, ballot=number, entry=2, agreed=ballot.agreed
    )
    return ballot


@transaction.atomic
def ballot_resolve(
    *, actor: Acting, ballot: PaperBallot, kept: Iterable[int], spoiled: bool
) -> PaperBallot:
    """Settle a mismatch: the board reads the paper again and records what it says."""
    election = ballot.election
    _check_counting(actor, election)
    locked = PaperBallot.objects.select_for_update().get(pk=ballot.pk)
    if not locked.mismatch:
        raise NotAllowed(_("Only a ballot whose two entries disagree is resolved."))
    locked.kept = [] if spoiled else _reading(election, kept)
    locked.spoiled, locked.resolved_by = spoiled, actor.user
    locked.save()
    audit_election(actor, "meetings.ballot.resolved", election, ballot=locked.number)
    return locked


@transaction.atomic
def paper_count(*, actor: Acting, election: Election, now: dt.datetime | None = None) -> Election:
    """Count the agreed ballots and store the result; refused while any is unsettled. The
    count is dated `now` (by default the present: a board recording its count afterwards, as
    the demo does for a past meeting, gives the time it counted), and so is its report."""
    _check_counting(actor, election)
    ballots = list(PaperBallot.objects.filter(election=election))
    if not ballots:
        raise NotAllowed(_("No ballot has been entered."))
    pending = [b.number for b in ballots if not b.agreed]
    if pending:
        raise NotAllowed(
            _("Ballots %(numbers)s are not yet entered twice in agreement.")
            % {"numbers": ", ".join(str(n) for n in pending[:20])}
        )
    candidates = list(election.candidates.values_list("pk", flat=True))
    votes, valid, invalid = rules.count_ballots(
        (b.kept or [] for b in ballots if not b.spoiled),
        candidates=candidates,
        seats=election.seats,
        blank_valid=election.blank_valid,
    )
    invalid += sum(1 for b in ballots if b.spoiled)
    result = result_payload(election, votes, valid=valid, invalid=invalid)
    Election.objects.filter(pk=election.pk).update(
        result=result, state=ElectionState.COUNTED, counted_at=now or timezone.now()
    )
    election.refresh_from_db()
    audit_election(actor, "meetings.election.counted", election, outcome=result["outcome"])
    return election
