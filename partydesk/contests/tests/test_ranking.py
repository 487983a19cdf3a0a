"""The ranking as a pure function: each step of the tie-break chain decided by a case built
for it, the best attempt, one prize per person, and the collective formula."""

from __future__ import annotations

from decimal import Decimal

from partydesk.contests.ranking import (
    Entry,
    Tier,
    award,
    collective,
    points_by_unit,
    rank,
    real_count,
)


def entry(
    person: int,
    score: int = 20,
    *,
    pred: int | None = 100,
    secs: int = 600,
    at: int = 1000,
    unit: int = 1,
) -> Entry:
    return Entry(
        person=person, unit=unit, score=score, seconds=secs, submitted_us=at, prediction=pred
    )


def order(entries: list[Entry], real: int = 100) -> list[int]:
    return [line.person for line in rank(entries, real=real)]


def test_the_higher_score_comes_first_whatever_else():
    assert order([entry(1, 19, pred=100, secs=10, at=1), entry(2, 20, pred=5, secs=900, at=9)]) == [
        2,
        1,
    ]


def test_equal_scores_the_prediction_closest_to_the_real_count_wins_either_side():
    cases = [entry(1, pred=90, secs=10), entry(2, pred=103, secs=900), entry(3, pred=None, secs=1)]
    assert order(cases, real=100) == [2, 1, 3]


def test_equal_score_and_distance_the_shorter_time_wins():
    assert order([entry(1, pred=95, secs=700, at=1), entry(2, pred=105, secs=650, at=9)]) == [2, 1]


def test_equal_up_to_time_the_earlier_submission_wins():
    assert order([entry(1, secs=600, at=2000), entry(2, secs=600, at=1999)]) == [2, 1]


def test_equal_up_to_submission_more_attempts_with_the_top_score_win():
    one = [entry(1, at=1000), entry(1, 12, at=500)]
    two = [entry(2, at=1000), entry(2, 20, pred=0, secs=1500, at=900)]
    lines = rank(one + two, real=100)
    assert [line.person for line in lines] == [2, 1]
    assert [line.top_attempts for line in lines] == [2, 1]


def test_the_best_attempt_counts_and_is_chosen_by_the_same_chain():
    lines = rank(
        [entry(1, 15, secs=100), entry(1, 20, pred=80, secs=900), entry(1, 20, pred=99, secs=950)],
        real=100,
    )
    assert len(lines) == 1
    assert (lines[0].score, lines[0].prediction, lines[0].seconds) == (20, 99, 950)


def test_ranking_again_gives_the_same_table_in_any_input_order():
    entries = [
        entry(p % 50, 10 + p % 11, pred=p % 7, secs=300 + p % 13, at=p % 5) for p in range(500)
    ]
    assert rank(entries, real=3) == rank(list(reversed(entries)), real=3)


def test_the_real_count_is_people_not_attempts():
    assert real_count([entry(1), entry(1), entry(2, 19), entry(3)], full_score=20) == 2


def tiers(*counts: int) -> list[Tier]:
    points = [10, 8, 6, 4]
    return [Tier(id=i + 1, rank=i + 1, count=n, points=points[i]) for i, n in enumerate(counts)]


def test_one_prize_per_person_the_highest_and_the_place_passes_on():
    contest = ([1, 2, 3, 4, 5], tiers(1, 2))
    round_1 = ([2, 1, 6, 7], tiers(1, 1))
    won = award([contest, round_1])
    assert {p: t.rank for p, t in won.items()} == {1: 1, 2: 1, 3: 2, 4: 2, 6: 2}
    assert len(won) == len(set(won))


def test_a_table_runs_out_of_people_without_error():
    assert {p: t.rank for p, t in award([([1, 2], tiers(1, 5))]).items()} == {1: 1, 2: 2}


def test_the_collective_formula_participation_points_plus_winners_points():
    scores = collective(
        eligible={10: 200, 20: 50, 30: 0},
        participants={10: 150, 20: 60},
        winner_points={10: 8, 30: 10},
        points_per_percent=Decimal("0.5"),
    )
    by_unit = {s.unit: s for s in scores}
    assert by_unit[10].rate == Decimal("75.00") and by_unit[10].total == Decimal("45.50")
    assert by_unit[20].rate == Decimal("100.00") and by_unit[20].total == Decimal("50.00")
    assert by_unit[30].total == Decimal("10.00")
    assert [s.unit for s in scores] == [20, 10, 30]


def test_winners_points_go_to_their_units():
    lines = rank([entry(1, unit=7), entry(2, 19, unit=7), entry(3, 18, unit=8)], real=100)
    won = award([([line.person for line in lines], tiers(1, 1, 1))])
    assert points_by_unit(lines, won) == {7: 18, 8: 6}
