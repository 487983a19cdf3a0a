"""Taking a round against the server's clock: resume after a lost connection with nothing
lost, answers refused after the deadline, the attempts limit, the close, an idempotent
re-submission, and practice before the round opens."""

from __future__ import annotations

import datetime as dt

import pytest

from partydesk.contests.models import Answer, Round, Unit
from partydesk.contests.services.setup import contest_create, round_create
from partydesk.contests.services.taking import answer_save, attempt_start, attempt_submit
from partydesk.contests.tests.test_standings import T0, person
from partydesk.core.errors import Conflict
from partydesk.core.http import SYSTEM
from partydesk.learning.services.bank import category_create, question_create
from partydesk.learning.tests.test_bank import single

pytestmark = pytest.mark.django_db
MIN = dt.timedelta(minutes=1)


@pytest.fixture
def setting(tree):
    category = category_create(actor=SYSTEM, organization=tree.root, name="Luật PCTN")
    for n in range(6):
        question_create(actor=SYSTEM, category=category, item=single(f"Câu hỏi {n}?"))
    contest = contest_create(actor=SYSTEM, organization=tree.root, title="Thi", published=True)
    round_ = round_create(
        actor=SYSTEM,
        contest=contest,
        opens_at=T0,
        closes_at=T0 + 60 * MIN,
        category_ids=[category.pk],
        question_count=4,
        time_limit_minutes=30,
        attempts_allowed=2,
    )
    unit = Unit.objects.filter(contest=contest).first()
    return Round.objects.get(pk=round_.pk), person(contest, unit, 1)


def right_answers(attempt, now, how_many=None):
    """Tick the right option (stored first: position 0) in the first slots."""
    for slot in range(len(attempt.draw) if how_many is None else how_many):
        answer_save(attempt=attempt, slot=slot, chosen=[0], now=now)


def test_a_lost_connection_resumes_with_the_time_left_and_nothing_lost(setting):
    round_, reg = setting
    first = attempt_start(registration=reg, round_=round_, now=T0 + MIN)
    assert first.deadline == T0 + 31 * MIN and len(first.draw) == 4
    right_answers(first, T0 + 2 * MIN, how_many=2)
    again = attempt_start(registration=reg, round_=round_, now=T0 + 10 * MIN)
    assert again.pk == first.pk and again.deadline == first.deadline
    assert Answer.objects.filter(attempt=first).count() == 2
    answer_save(attempt=again, slot=0, chosen=[0], now=T0 + 11 * MIN)  # again: still one row
    assert Answer.objects.filter(attempt=first).count() == 2


def test_the_server_clock_refuses_answers_after_the_deadline_and_hands_in_what_was_saved(
    setting,
):
    round_, reg = setting
    attempt = attempt_start(registration=reg, round_=round_, now=T0)
    right_answers(attempt, T0 + MIN, how_many=3)
    with pytest.raises(Conflict):
        answer_save(attempt=attempt, slot=3, chosen=[0], now=T0 + 31 * MIN)
    done = attempt_submit(attempt=attempt, prediction=7, now=T0 + 40 * MIN)
    assert (done.score, done.seconds, done.prediction) == (3, 30 * 60, None)


def test_attempts_over_the_limit_are_refused(setting):
    round_, reg = setting
    for n in range(2):
        attempt = attempt_start(registration=reg, round_=round_, now=T0 + n * MIN)
        attempt_submit(attempt=attempt, now=T0 + n * MIN + dt.timedelta(seconds=30))
    with pytest.raises(Conflict, match="every attempt"):
        attempt_start(registration=reg, round_=round_, now=T0 + 5 * MIN)


def test_a_submission_is_final_and_a_second_one_gets_the_same_result(setting):
    round_, reg = setting
    attempt = attempt_start(registration=reg, round_=round_, now=T0)
    right_answers(attempt, T0 + MIN)
    first = attempt_submit(attempt=attempt, prediction=120, now=T0 + 5 * MIN)
    second = attempt_submit(attempt=attempt, prediction=999, now=T0 + 6 * MIN)
    assert (first.score, first.prediction, first.seconds) == (4, 120, 300)
    assert (second.score, second.prediction, second.submitted_at) == (4, 120, first.submitted_at)
    with pytest.raises(Conflict):
        answer_save(attempt=second, slot=0, chosen=[1], now=T0 + 6 * MIN)


def test_after_the_close_no_attempt_starts_and_a_late_one_ends_at_the_close(setting):
    round_, reg = setting
    late = attempt_start(registration=reg, round_=round_, now=T0 + 50 * MIN)
    assert late.deadline == round_.closes_at  # 30 minutes would run past the close
    with pytest.raises(Conflict, match="not open"):
        attempt_start(registration=reg, round_=round_, now=T0 + 61 * MIN)
    with pytest.raises(Conflict):
        answer_save(attempt=late, slot=0, chosen=[0], now=T0 + 61 * MIN)
    done = attempt_submit(attempt=late, prediction=3, now=T0 + 61 * MIN)
    assert done.submitted_at == round_.closes_at and done.prediction is None


def test_practice_runs_before_the_round_and_does_not_use_an_attempt(setting):
    round_, reg = setting
    practice = attempt_start(registration=reg, round_=round_, practice=True, now=T0 - 60 * MIN)
    assert practice.practice and practice.deadline == T0 - 30 * MIN
    with pytest.raises(Conflict, match="not open"):
        attempt_start(registration=reg, round_=round_, now=T0 - 60 * MIN)
    for n in range(2):
        attempt = attempt_start(registration=reg, round_=round_, now=T0 + n * MIN)
        attempt_submit(attempt=attempt, now=T0 + n * MIN)
    assert attempt_start(registration=reg, round_=round_, practice=True, now=T0 + 5 * MIN)
