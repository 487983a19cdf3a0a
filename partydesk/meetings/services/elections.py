"""Elections at a meeting (190-QĐ/TW): set up with their candidates and rules, opened,
closed and counted by the chair, the secretary or an organizer. The rules themselves are
pure functions in election_rules; this module keeps the state and the audit."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partydesk.core.audit import audit_log
from partydesk.core.errors import InvalidInput, NotAllowed
from partydesk.core.http import Acting
from partydesk.meetings import election_rules as rules
from partydesk.meetings.models import (
    Candidate,
    Election,
    ElectionBase,
    ElectionMethod,
    Meeting,
)
from partydesk.meetings.services.attendance import can_run_attendance


def audit_election(actor: Acting, action: str, election: Election, **details: object) -> None:
    audit_election_by(actor.user, action, election, **details)


def audit_election_by(by: Any, action: str, election: Election, **details: object) -> None:
    """An election's audit event by a user (or None: the system's worker), on its meeting."""
    meeting = election.meeting
    audit_log(
        actor=by,
        action=action,
        target=meeting,
        organization_id=meeting.organization_id,
        details={"election": election.pk, **details},
    )


def check_runs(actor: Acting, election: Election) -> None:
    if not can_run_attendance(actor, election.meeting):
        raise NotAllowed(_("Only the chair, the secretary or an organizer runs the elections."))


@transaction.atomic
def election_create(
    *,
    actor: Acting,
    meeting: Meeting,
    title: str,
    seats: int,
    candidates: Sequence[str],
    method: str,
    max_surplus_percent: int = 30,
    base: str = ElectionBase.VALID,
    blank_valid: bool = True,
    revote_allowed: bool = False,
    round: int = 1,
) -> Election:
    """Set up an election with its list of candidates, refusing a list the surplus rule
    does not allow."""
    if not can_run_attendance(actor, meeting):
        raise NotAllowed(_("Only the chair, the secretary or an organizer runs the elections."))
    title = " ".join(title.split())
    if not title:
        raise InvalidInput(_("Write what the election is for."), field="title")
    if method not in ElectionMethod.values:
        raise InvalidInput(_("Choose how the ballot is held."), field="method")
    if base not in ElectionBase.values:
        raise InvalidInput(_("Choose what more than half is counted of."), field="base")
    if seats < 1:
        raise InvalidInput(_("At least one person is to be elected."), field="seats")
    if not 0 <= max_surplus_percent <= 100:
        raise InvalidInput(_("The surplus is a percentage."), field="max_surplus_percent")
    names = [" ".join(n.split()) for n in candidates]
    names = [n for n in names if n]
    if len(set(names)) != len(names):
        raise InvalidInput(_("A candidate is listed twice."), field="candidates")
    if not rules.surplus_allowed(
        candidates=len(names), seats=seats, max_percent=max_surplus_percent
    ):
        raise InvalidInput(
            _(
                "For %(seats)s to elect the list has from %(seats)s to %(most)s candidates "
                "(a surplus of at most %(percent)s%%); it has %(count)s."
            )
            % {
                "seats": seats,
                "most": rules.max_candidates(seats=seats, max_percent=max_surplus_percent),
                "percent": max_surplus_percent,
                "count": len(names),
            },
            field="candidates",
        )
    election = Election.objects.create(
        meeting=meeting,
        title=title[:300],
        seats=seats,
        max_surplus_percent=max_surplus_percent,
        base=base,
        blank_valid=blank_valid,
        revote_allowed=revote_allowed,
        method=method,
        round=round,
        created_by=actor.user if getattr(actor.user, "pk", None) else None,
    )
    Candidate.objects.bulk_create(
        Candidate(election=election, position=i, name=n[:200]) for i, n in enumerate(names, 1)
    )
    audit_election(actor, "meetings.election.created", election, candidates=len(names))
    return election


@transaction.atomic
def election_set_counts(
    *, actor: Acting, election: Election, present: int | None, issued: int | None
) -> Election:
    """The board records the voters present and the ballots issued (for its report and
    when more than half is counted of the voters present)."""
    check_runs(actor, election)
    if (present is not None and present < 0) or (issued is not None and issued < 0):
        raise InvalidInput(_("A count cannot be negative."))
    Election.objects.filter(pk=election.pk).update(present=present, issued=issued)
    election.refresh_from_db()
    audit_election(actor, "meetings.election.counts", election, present=present, issued=issued)
    return election


def set_state(
    actor: Acting, election: Election, *, before: str, after: str, stamp: str, action: str
) -> Election:
    """Move the election from one state to the next, once (a conditional UPDATE)."""
    check_runs(actor, election)
    moved = Election.objects.filter(pk=election.pk, state=before).update(
        state=after, **{stamp: timezone.now()}
    )
    if not moved:
        raise NotAllowed(_("The election is not at that step."))
    election.refresh_from_db()
    audit_election(actor, action, election)
    return election


def result_payload(
    election: Election, votes: dict[int, int], *, valid: int, invalid: int
) -> dict[str, object]:
    """The counted result as stored on the election and shown in the board's report."""
    present = election.present if election.present is not None else valid + invalid
    tally = rules.Tally(votes=votes, valid=valid, collected=valid + invalid, present=present)
    order = list(election.candidates.values_list("pk", flat=True))
    outcome = rules.election_result(
        tally, seats=election.seats, base=rules.Base(election.base), order=order
    )
    return {
        "votes": {str(c): n for c, n in votes.items()},
        "valid": valid,
        "invalid": invalid,
        "collected": valid + invalid,
        "present": present,
        "base": outcome.base,
        "needed": outcome.needed,
        "passed": list(outcome.passed),
        "elected": list(outcome.elected),
        "runoff": list(outcome.runoff),
        "seats_left": outcome.seats_left,
        "outcome": outcome.outcome.value,
    }
