"""A vote's result, live: the counts, the number the majority is taken of, and whether the
question passes under its rule."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count

from partydesk.meetings.models import Cast, Choice, Vote, VoteBase, VoteMethod
from partydesk.meetings.selectors.attendance import attendance_of


@dataclass(frozen=True)
class Result:
    for_: int
    against: int
    abstain: int
    base: int
    needed: int
    passed: bool


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
