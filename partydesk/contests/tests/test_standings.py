"""The leaderboard table: a closed round is ranked for good (real count, prizes, one per
person across tables), an open one is refreshed, collective scores come from the units."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from partydesk.contests import jobs
from partydesk.contests.models import Attempt, Registration, Round, Standing, Unit
from partydesk.contests.services.setup import contest_create, round_create, unit_add
from partydesk.contests.services.standings import unit_scores
from partydesk.core.http import SYSTEM

pytestmark = pytest.mark.django_db

T0 = dt.datetime(2026, 11, 9, 7, tzinfo=dt.UTC)


def person(contest, unit, n: int) -> Registration:
    return Registration.objects.create(
        contest=contest,
        unit=unit,
        full_name=f"Người {n}",
        id_number=f"0010900{n:05d}",
        phone="0912345678",
        born_on=dt.date(1990, 1, 1),
    )


def attempt(round_, reg, number, score, *, secs=600, pred=None, at=0) -> Attempt:
    started = T0 + dt.timedelta(minutes=at)
    submitted = started + dt.timedelta(seconds=secs)
    return Attempt.objects.create(
        round=round_,
        registration=reg,
        number=number,
        started_at=started,
        deadline=started + dt.timedelta(minutes=30),
        submitted_at=submitted,
        seconds=secs,
        submitted_us=int(submitted.timestamp() * 1_000_000),
        score=score,
        prediction=pred,
    )


@pytest.fixture
def contest(tree, bank_category):
    contest = contest_create(actor=SYSTEM, organization=tree.root, title="Thi Khối")
    for n in (1, 2):
        round_create(
            actor=SYSTEM,
            contest=contest,
            opens_at=T0 + dt.timedelta(days=7 * (n - 1)),
            closes_at=T0 + dt.timedelta(days=7 * n),
            category_ids=[bank_category],
            question_count=2,
        )
    unit_add(actor=SYSTEM, contest=contest, name="Công ty May", eligible=4)
    return contest


def test_closing_rounds_ranks_them_and_gives_one_prize_per_person(contest):
    r1, r2 = Round.objects.filter(contest=contest).order_by("number")
    units = {u.name: u for u in Unit.objects.filter(contest=contest)}
    may = units["Công ty May"]
    people = [person(contest, may, n) for n in range(4)]
    attempt(r1, people[0], 1, 2, pred=1)  # right count is 2: off by 1
    attempt(r1, people[1], 1, 2, pred=2)  # exact: first
    attempt(r1, people[1], 2, 1, pred=2)
    attempt(r1, people[2], 1, 1, pred=2)
    practice = attempt(r1, people[3], 1, 2, pred=2)
    practice.practice = True
    practice.save()
    attempt(r2, people[1], 1, 2, pred=1)
    attempt(r2, people[2], 1, 2, pred=1, secs=300)

    assert jobs.round_rank.enqueue(r1.pk).return_value == 3  # a refresh while open
    assert Round.objects.get(pk=r1.pk).ranked_at is None
    jobs.round_rank.enqueue(r1.pk, final=True)
    r1.refresh_from_db()
    assert r1.correct_count == 2 and r1.ranked_at is not None
    board = list(Standing.objects.filter(round=r1).values_list("registration_id", "position"))
    assert board == [(people[1].pk, 1), (people[0].pk, 2), (people[2].pk, 3)]

    jobs.round_rank.enqueue(r2.pk, final=True)
    prizes = dict(
        Standing.objects.filter(contest=contest, prize__isnull=False).values_list(
            "registration_id", "prize__rank"
        )
    )
    # person 1 is first of the contest; round 1's first prize passes to person 0, round
    # 2's to person 2; nobody holds two prizes
    assert prizes == {people[1].pk: 1, people[0].pk: 1, people[2].pk: 1}
    assert Standing.objects.filter(prize__isnull=False).count() == 3

    scores = {s.unit: s for s in unit_scores(contest)}
    assert scores[may.pk].participants == 3 and scores[may.pk].rate == Decimal("75.00")
    assert scores[may.pk].total == Decimal("75.00") + 30


def test_a_ranked_round_is_not_ranked_again(contest):
    r1 = Round.objects.get(contest=contest, number=1)
    jobs.round_rank.enqueue(r1.pk, final=True)
    assert jobs.round_rank.enqueue(r1.pk, final=True).return_value == 0


def test_the_schedule_refreshes_open_rounds_and_closes_due_ones(contest, monkeypatch):
    r1, r2 = Round.objects.filter(contest=contest).order_by("number")
    from django.utils import timezone

    monkeypatch.setattr(timezone, "now", lambda: T0 + dt.timedelta(days=8))
    assert jobs.rounds_rank_due.enqueue().return_value == 2
    r1.refresh_from_db()
    r2.refresh_from_db()
    assert r1.ranked_at is not None and r2.ranked_at is None
