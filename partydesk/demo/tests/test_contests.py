"""The demo's contests: a finished contest of three ranked rounds with prizes (one per
person) and collective scores, its organizers' results page, and a contest open now that an
anonymous visitor can take part in."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter

import pytest
from django.test import Client
from django.utils import timezone

from partydesk.conftest import logged_in
from partydesk.contests.models import Contest, Registration, Round, Standing, Unit
from partydesk.contests.services.standings import unit_scores
from partydesk.demo.contests import _registrations, unit_picks
from partydesk.demo.context import DemoContext
from partydesk.demo.seed import seed_demo
from partydesk.demo.steps import CORE_STEPS

pytestmark = pytest.mark.django_db


def test_the_demo_holds_a_finished_contest_with_results_and_one_open_now():
    ctx = seed_demo(
        scale=0.05, log=lambda _line: None, steps=[*CORE_STEPS, "partydesk.demo.contests.seed"]
    )
    finished, open_now = Contest.objects.order_by("pk")
    rounds = list(Round.objects.filter(contest=finished).order_by("number"))
    assert len(rounds) == 3 and all(r.ranked_at and r.correct_count is not None for r in rounds)
    assert Registration.objects.filter(contest=finished).count() >= 180
    for round_ in rounds:
        board = Standing.objects.filter(round=round_)
        assert board.count() > 100 and board.filter(prize__isnull=False).exists()
    prized = Counter(
        Standing.objects.filter(contest=finished, prize__isnull=False).values_list(
            "registration_id", flat=True
        )
    )
    assert prized and max(prized.values()) == 1  # one prize per person, the highest
    scores = unit_scores(finished)
    assert len(scores) >= 3 and any(s.total > 0 for s in scores)
    assert all(s.participants <= s.eligible for s in scores)  # never "78 of 75"

    organizer = ctx.users["admin"]
    page = logged_in(organizer).get(f"/contests/{finished.pk}/results/")
    assert page.status_code == 200 and "Công ty TNHH May mặc Bắc Vinh" in page.content.decode()

    round_ = Round.objects.get(contest=open_now)
    assert round_.opens_at <= timezone.now() < round_.closes_at
    visitor = Client().get(f"/contests/{open_now.pk}/take/")
    assert visitor.status_code == 200 and "Already registered?" in visitor.content.decode()


def test_registrations_never_outnumber_a_units_eligible_people(tree):
    """180 people (scale 0.05) over units of 10, 10, 10 and 0 eligible: 30 registrations,
    ten a unit, none in the empty one, the same on every run."""
    contest = Contest.objects.create(organization=tree.committee_a, title="Tìm hiểu")
    units = [
        Unit.objects.create(contest=contest, name=f"Chi bộ {n}", eligible=eligible, sort_key="")
        for n, eligible in enumerate((10, 10, 10, 0))
    ]
    ctx = DemoContext(today=dt.date(2026, 12, 8), scale=0.05)

    people = _registrations(ctx, contest)

    per_unit = Counter(p.unit_id for p in people)
    assert [per_unit[u.pk] for u in units] == [10, 10, 10, 0]
    again = unit_picks(random.Random(7), [50, 20, 5], [1.0, 1.5, 0.2], 60)
    assert again == unit_picks(random.Random(7), [50, 20, 5], [1.0, 1.5, 0.2], 60)
    assert Counter(again)[2] <= 5 and Counter(again)[1] <= 20 and len(again) == 60
