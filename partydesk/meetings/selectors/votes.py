"""A vote's result, live: the counts, the number the majority is taken of, and whether the
question passes under its rule."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count
from django.http import Http404

from partydesk.meetings.models import Cast, Choice, Meeting, Vote, VoteBase, VoteMethod
from partydesk.meetings.selectors.attendance import attendance_of


@dataclass(frozen=True)
class Result:
    for_: int
    against: int
    abstain: int
    base: int
    needed: int
    passed: bool


def vote_get(meeting: Meeting, pk: int) -> Vote:
    """A vote on one of this meeting's items (already checked visible), else 404."""
    found = (
        Vote.objects.filter(item__meeting=meeting, pk=pk)
        .select_related("item__meeting__kind")
        .first()
    )
    if found is None:
        raise Http404("vote not found")
    return found


def votes_of(meeting: Meeting) -> list[Vote]:
    """The meeting's votes in agenda order, each with its live result as `result`."""
    votes = list(
        Vote.objects.filter(item__meeting=meeting)
        .select_related("item")
        .order_by("item__position", "pk")
    )
    for vote in votes:
        vote.item.meeting = meeting
        vote.result = vote_result(vote)  # type: ignore[attr-defined]
    return votes


def vote_result(vote: Vote) -> Result:
    if vote.method == VoteMethod.HANDS:
        counts = {
            Choice.FOR: vote.hands_for or 0,
            Choice.AGAINST: vote.hands_against or 0,
            Choice.ABSTAIN: vote.hands_abstain or 0,
        }
    else:
        rows = Cast.objects.filter(vote=vote).values("choice").annotate(n=Count("pk"))
        counts = {Choice(r["choice"]): r["n"] for r in rows}
    cast = sum(counts.values())
    if vote.base == VoteBase.CAST:
        base = cast
    else:
        quorum = attendance_of(vote.item.meeting).quorum
        base = quorum.counted if quorum is not None else cast
    share = base * vote.numerator
    needed = share // vote.denominator + 1 if vote.strict else -(-share // vote.denominator)
    ayes = counts.get(Choice.FOR, 0)
    return Result(
        ayes,
        counts.get(Choice.AGAINST, 0),
        counts.get(Choice.ABSTAIN, 0),
        base,
        needed,
        base > 0 and ayes >= needed,
    )
