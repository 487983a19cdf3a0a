"""The 190-QĐ/TW election rules, each with a constructed case where it decides."""

from __future__ import annotations

from typing import Any

import pytest

from partydesk.meetings.election_rules import (
    Base,
    Invalid,
    Outcome,
    Tally,
    ballot_invalid_reason,
    count_ballots,
    election_result,
    max_candidates,
    surplus_allowed,
)

CANDIDATES = list(range(1, 12))  # 11 candidates for 9 seats


def test_surplus_limit_is_thirty_percent_of_the_seats() -> None:
    assert surplus_allowed(candidates=11, seats=9, max_percent=30)  # 22 %
    assert not surplus_allowed(candidates=12, seats=9, max_percent=30)  # 33 %
    assert surplus_allowed(candidates=13, seats=10, max_percent=30)  # exactly 30 %
    assert not surplus_allowed(candidates=14, seats=10, max_percent=30)
    assert max_candidates(seats=9, max_percent=30) == 11
    assert max_candidates(seats=10, max_percent=30) == 13


def test_surplus_percentage_is_data() -> None:
    assert not surplus_allowed(candidates=11, seats=9, max_percent=20)
    assert surplus_allowed(candidates=12, seats=9, max_percent=40)


def test_fewer_candidates_than_seats_or_no_seat_is_refused() -> None:
    assert not surplus_allowed(candidates=8, seats=9, max_percent=30)
    assert not surplus_allowed(candidates=0, seats=0, max_percent=30)
    assert surplus_allowed(candidates=9, seats=9, max_percent=30)


def test_ballot_keeping_more_names_than_seats_is_invalid() -> None:
    kwargs: dict[str, Any] = {"candidates": CANDIDATES, "seats": 9, "blank_valid": True}
    assert ballot_invalid_reason(range(1, 10), **kwargs) is None  # 9 kept
    assert ballot_invalid_reason(range(1, 11), **kwargs) is Invalid.TOO_MANY  # 10 kept
    assert ballot_invalid_reason([1, 2], **kwargs) is None  # crossing out more is fine


def test_blank_ballot_validity_is_data() -> None:
    assert ballot_invalid_reason([], candidates=CANDIDATES, seats=9, blank_valid=True) is None
    assert (
        ballot_invalid_reason([], candidates=CANDIDATES, seats=9, blank_valid=False)
        is Invalid.NONE_KEPT
    )


def test_a_name_not_on_the_list_makes_the_ballot_invalid() -> None:
    reason = ballot_invalid_reason([1, 99], candidates=CANDIDATES, seats=9, blank_valid=True)
    assert reason is Invalid.UNKNOWN_NAME


def test_count_ballots_skips_invalid_ones() -> None:
    votes, valid, invalid = count_ballots(
        [[1, 2], [1], list(range(1, 11)), []],
        candidates=CANDIDATES,
        seats=9,
        blank_valid=False,
    )
    assert (valid, invalid) == (2, 2)
    assert votes[1] == 2 and votes[2] == 1 and votes[10] == 0


def test_more_than_half_is_needed_exactly_half_is_not_enough() -> None:
    tally = Tally(votes={1: 5, 2: 6}, valid=10, collected=10, present=10)
    result = election_result(tally, seats=2, base=Base.VALID)
    assert result.needed == 6
    assert result.elected == (2,)
    assert result.outcome is Outcome.UNFILLED and result.seats_left == 1


def test_the_denominator_is_configurable() -> None:
    # 6 of 10 valid passes; but 12 ballots were collected (2 invalid): 6 is not over 6.
    tally = Tally(votes={1: 6}, valid=10, collected=12, present=15)
    assert election_result(tally, seats=1, base=Base.VALID).elected == (1,)
    assert election_result(tally, seats=1, base=Base.COLLECTED).elected == ()
    assert election_result(tally, seats=1, base=Base.PRESENT).needed == 8


def test_highest_are_elected_when_too_many_pass() -> None:
    tally = Tally(votes={1: 9, 2: 8, 3: 7, 4: 6}, valid=10, collected=10, present=10)
    result = election_result(tally, seats=2, base=Base.VALID)
    assert result.passed == (1, 2, 3, 4)
    assert result.elected == (1, 2)
    assert result.outcome is Outcome.COMPLETE and result.runoff == ()


def test_a_tie_at_the_limit_needs_another_round() -> None:
    tally = Tally(votes={1: 9, 2: 7, 3: 7, 4: 2}, valid=10, collected=10, present=10)
    result = election_result(tally, seats=2, base=Base.VALID)
    assert result.elected == (1,)
    assert result.runoff == (2, 3)
    assert result.seats_left == 1
    assert result.outcome is Outcome.RUNOFF


def test_a_tie_that_fits_the_seats_elects_all_tied() -> None:
    tally = Tally(votes={1: 9, 2: 7, 3: 7, 4: 6}, valid=10, collected=10, present=10)
    result = election_result(tally, seats=3, base=Base.VALID)
    assert result.elected == (1, 2, 3)
    assert result.outcome is Outcome.COMPLETE


def test_nine_of_eleven() -> None:
    votes = {c: 20 - c for c in CANDIDATES}  # 19, 18, ... 9
    tally = Tally(votes=votes, valid=20, collected=21, present=22)
    result = election_result(tally, seats=9, base=Base.VALID)
    assert result.elected == tuple(range(1, 10))
    assert result.needed == 11


@pytest.mark.parametrize("base", list(Base))
def test_no_ballots_elects_nobody(base: Base) -> None:
    tally = Tally(votes={1: 0}, valid=0, collected=0, present=0)
    assert election_result(tally, seats=1, base=base).elected == ()
