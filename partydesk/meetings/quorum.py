"""The quorum, from the rules as data (domain rules §5 and §8): the official members
invited, less those exempted from Party activities or temporarily active elsewhere who
are absent; the members present must reach the kind's fraction of that number (more than
it when the rule is strict, at least it otherwise). Pure: plain values in and out."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Member:
    official: bool
    exempted: bool
    away: bool
    present: bool


@dataclass(frozen=True)
class Quorum:
    counted: int
    present: int
    needed: int
    met: bool


def quorum_of(members: list[Member], *, numerator: int, denominator: int, strict: bool) -> Quorum:
    official = [m for m in members if m.official]
    counted = [m for m in official if m.present or not (m.exempted or m.away)]
    present = sum(1 for m in counted if m.present)
    # Integer arithmetic: "more than 1/2 of 9" is 5, "at least 2/3 of 9" is 6.
    share = len(counted) * numerator
    needed = share // denominator + 1 if strict else -(-share // denominator)
    return Quorum(len(counted), present, needed, len(counted) > 0 and present >= needed)
