"""Reading elections: one of a meeting (else 404), its candidates with their counts and the
board's ballots, as the election page and the board's report show them."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.http import Http404

from partydesk.core.numbers import percent_figure
from partydesk.meetings.models import (
    Candidate,
    Election,
    ElectionRecordPart,
    ElectionTrustee,
    Meeting,
    PaperBallot,
    Participant,
    Role,
)


def election_get(meeting: Meeting, pk: int) -> Election:
    """An election of this meeting (already checked visible to the reader), else 404."""
    found = Election.objects.filter(meeting=meeting, pk=pk).first()
    if found is None:
        raise Http404("election not found")
    found.meeting = meeting
    return found


def record_of(election: Election) -> bytes:
    """The election's whole public record: the stored archive and the ballots appended since
    (in the order cast). Empty before the election is set up."""
    parts = ElectionRecordPart.objects.filter(election_id=election.pk).order_by("height")
    return bytes(election.record or b"") + b"".join(
        bytes(content) for content in parts.values_list("content", flat=True)
    )


def paper_ballot_get(election: Election, pk: int) -> PaperBallot:
    """A paper ballot of this election, else 404 (another election's ballot included)."""
    found = PaperBallot.objects.filter(election=election, pk=pk).first()
    if found is None:
        raise Http404("ballot not found")
    found.election = election
    return found


def trustees_of(election: Election) -> list[ElectionTrustee]:
    """The election's trustees in order, with their names, for the election page."""
    return list(election.trustees.select_related("user__person").order_by("position"))


def trustee_choices(election: Election) -> list[Participant]:
    """The meeting's members who are not yet trustees, to name one."""
    named = election.trustees.values("user_id")
    return list(
        Participant.objects.filter(meeting_id=election.meeting_id, role=Role.MEMBER)
        .exclude(user_id__in=named)
        .select_related("user__person")
        .order_by("pk")
    )


def elections_of(meeting: Meeting) -> list[Election]:
    return list(Election.objects.filter(meeting=meeting).order_by("pk"))


@dataclass(frozen=True)
class CandidateRow:
    candidate: Candidate
    votes: int | None
    percent: str  # of the base, at most one decimal, as the active language writes it ("87,5")
    elected: bool
    runoff: bool


def candidate_rows(election: Election) -> list[CandidateRow]:
    """The list in its order, with the counted votes once the election is counted."""
    result = election.result or {}
    votes = result.get("votes", {})
    base = result.get("base") or 0
    elected, runoff = set(result.get("elected", [])), set(result.get("runoff", []))
    rows = []
    for candidate in election.candidates.all():
        count = votes.get(str(candidate.pk))
        percent = (
            percent_figure(Decimal(100 * count) / base, places=1)
            if count is not None and base
            else ""
        )
        rows.append(
            CandidateRow(candidate, count, percent, candidate.pk in elected, candidate.pk in runoff)
        )
    return rows


def paper_ballots_of(election: Election) -> list[PaperBallot]:
    return list(PaperBallot.objects.filter(election=election).order_by("number"))


def names_of(election: Election, ids: list[int] | None) -> list[str]:
    """The names a reading kept, in the list's order."""
    wanted = set(ids or [])
    return [c.name for c in election.candidates.all() if c.pk in wanted]
