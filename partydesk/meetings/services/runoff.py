"""Another round after a tie at the limit (190-QĐ/TW, domain rules §8): when candidates
tie so that not all of them fit, none of the tied is elected in that round and the seats
left go to a new round between them. The run-off is an election of its own (same rules and
method, the next round number, the tied as its list); the surplus limit does not apply to
it, since its list is exactly the tie the count produced."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from partydesk.core.errors import Conflict, NotAllowed
from partydesk.core.http import Acting
from partydesk.meetings import election_rules as rules
from partydesk.meetings.models import Candidate, Election, ElectionState
from partydesk.meetings.services.elections import audit_election, check_runs


def runoff_needed(election: Election) -> bool:
    """A counted round whose result is a tie at the limit."""
    result = election.result or {}
    return election.state == ElectionState.COUNTED and result.get("outcome") == (
        rules.Outcome.RUNOFF.value
    )


def election_runoff_create(*, actor: Acting, election: Election) -> Election:
    """Create the next round between the tied candidates for the seats left, once."""
    check_runs(actor, election)
    try:
        with transaction.atomic():
            return _create(actor, election)
    except IntegrityError as exc:  # another click created it meanwhile
        raise Conflict(_("The next round was already created.")) from exc


def _create(actor: Acting, election: Election) -> Election:
    locked = Election.objects.select_for_update().get(pk=election.pk)
    locked.meeting = election.meeting
    if not runoff_needed(locked):
        raise NotAllowed(_("Only a counted round with a tie at the limit goes to another round."))
    if Election.objects.filter(previous=locked).exists():
        raise Conflict(_("The next round was already created."))
    result = locked.result or {}
    tied = {int(c) for c in result.get("runoff", [])}
    names = [
        c.name for c in Candidate.objects.filter(election=locked, pk__in=tied).order_by("position")
    ]
    runoff = Election.objects.create(
        meeting=locked.meeting,
        title=locked.title,
        seats=int(result.get("seats_left", 0)),
        max_surplus_percent=locked.max_surplus_percent,
        base=locked.base,
        blank_valid=locked.blank_valid,
        revote_allowed=locked.revote_allowed,
        method=locked.method,
        round=locked.round + 1,
        previous=locked,
        created_by=actor.user if getattr(actor.user, "pk", None) else None,
    )
    Candidate.objects.bulk_create(
        Candidate(election=runoff, position=i, name=n) for i, n in enumerate(names, 1)
    )
    audit_election(
        actor,
        "meetings.election.runoff_created",
        runoff,
        previous=locked.pk,
        round=runoff.round,
        seats=runoff.seats,
        candidates=len(names),
    )
    return runoff
