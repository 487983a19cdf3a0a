"""The proposed score and class from a known record, and the bands at each boundary."""

from __future__ import annotations

from decimal import Decimal

import pytest

from partydesk.assignments.scoring import (
    COMPLETED,
    EXCELLENT,
    GOOD,
    NOT_COMPLETED,
    Bands,
    Record,
    band_of,
    excellent_allowed,
    propose,
)

BANDS = Bands()


@pytest.mark.parametrize(
    ("points", "band"),
    [
        ("89.9", GOOD),
        ("90", EXCELLENT),
        ("69.9", COMPLETED),
        ("70", GOOD),
        ("49.9", NOT_COMPLETED),
        ("50", COMPLETED),
    ],
)
def test_the_bands_at_each_boundary(points, band):
    assert band_of(Decimal(points), BANDS) == band


def test_the_score_from_a_known_record():
    # 10 due: 8 on time, 1 late, 1 overdue, 4 exceeding requirements
    proposal = propose(Record(on_time=8, late=1, overdue=1, exceeding=4), BANDS)
    # completion 9/10 of 50 = 45, timeliness 8/10 of 30 = 24, quality 4/10 of 20 = 8
    assert [line.points for line in proposal.lines] == [Decimal(45), Decimal(24), Decimal(8)]
    assert proposal.score == Decimal(77)
    # the points reach "good", but good needs all work on time: proposed "completed"
    assert (proposal.band, proposal.klass) == (GOOD, COMPLETED)
    assert [(c.label, c.met) for c in proposal.conditions] == [
        ("all_on_time", False),
        ("none_below", True),
    ]


def test_all_on_time_with_few_exceeding_is_good():
    # 50 + 30 + 6 = 86 points: the good band, and all on time
    proposal = propose(Record(on_time=10, exceeding=3), BANDS)
    assert (proposal.score, proposal.klass) == (Decimal(86), GOOD)


def test_excellent_at_the_exceeding_threshold():
    # 10 on time, 5 exceeding: 50 + 30 + 10 = 90 points, 50 % exceeding
    proposal = propose(Record(on_time=10, exceeding=5), BANDS)
    assert proposal.score == Decimal(90) and proposal.klass == EXCELLENT
    # with one of them late, 90 is out of reach and the class falls to completed
    late = propose(Record(on_time=9, late=1, exceeding=10), Bands(excellent_min=Decimal(80)))
    assert late.band == EXCELLENT and late.klass == COMPLETED


def test_a_collective_is_completed_only_with_at_most_20_percent_behind():
    ok = propose(Record(on_time=8, late=2), BANDS, collective=True)  # 50 + 24 = 74 -> good band
    assert ok.band == GOOD and ok.klass == COMPLETED
    behind = propose(Record(on_time=7, late=3), BANDS, collective=True)
    assert behind.klass == NOT_COMPLETED
    assert [(c.label, c.met) for c in behind.conditions] == [
        ("all_on_time", False),
        ("none_below", True),
    ]


def test_nothing_due_is_not_a_failure():
    assert propose(Record(), BANDS).score == Decimal(80)


def test_work_below_requirements_keeps_good_and_excellent_out_of_reach():
    # 10 on time, 6 exceeding, 1 below: 50 + 30 + 12 = 92 points, but one mark is below
    proposal = propose(Record(on_time=10, exceeding=6, below=1), BANDS)
    assert proposal.band == EXCELLENT and proposal.klass == COMPLETED
    assert ("none_below", False) in [(c.label, c.met) for c in proposal.conditions]


@pytest.mark.parametrize(("good", "allowed"), [(0, 0), (4, 0), (5, 1), (9, 1), (10, 2)])
def test_the_excellent_quota_is_a_fifth_of_the_good_rounded_down(good, allowed):
    assert excellent_allowed(good, 20) == allowed
