"""Exams: the draw fixed at start in a constant number of queries, the server's clock,
autosave, resume, marking (negative weights floored per question) and essays by hand."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from partydesk.accounts.selectors import actor_for
from partydesk.core.errors import Conflict, InvalidInput, NotAllowed
from partydesk.core.http import SYSTEM
from partydesk.core.models import AuditEvent
from partydesk.learning.models import Attempt, AttemptStatus
from partydesk.learning.selectors.exams import attempt_questions, exam_get_for_taker
from partydesk.learning.services.draw import pool_build, questions_draw
from partydesk.learning.services.exams import (
    GRACE,
    answer_mark,
    answer_save,
    attempt_start,
    attempt_submit,
    attempts_expire,
)
from partydesk.learning.services.marking import mark
from partydesk.learning.tests.exam_setup import a_class_with, an_exam, bank, learner

pytestmark = pytest.mark.django_db
D = Decimal


def by_kind(attempt):  # type: ignore[no-untyped-def]
    return {q.version.kind: q for q in attempt_questions(attempt)}


def test_marking_floors_negative_weights_per_question():
    options = [("a", D(50)), ("b", D(50)), ("c", D(-100))]
    assert mark("multiple", options, [0, 1]) == D(1)
    assert mark("multiple", options, [0]) == D("0.5")
    assert mark("multiple", options, [0, 2]) == D(0)
    assert mark("multiple", options, [0, 1, 2]) == D(0)
    assert mark("multiple", options, [9]) == D(0)
    assert mark("single", [("a", D(100)), ("b", D(-50))], [1]) == D(0)
    assert mark("single", [("a", D(100)), ("b", D(0))], [0, 1]) == D(0)
    assert mark("truefalse", [("true", D(0)), ("false", D(100))], [1]) == D(1)
    short = [("Tập trung dân chủ", D(100)), ("dân chủ*", D(50))]
    assert mark("short", short, [], "  tập trung   DÂN CHỦ ") == D(1)
    assert mark("short", short, [], "dân chủ tập trung") == D("0.5")
    assert mark("short", short, [], "tập trung") == D(0)
    assert mark("essay", [], [], "Bài viết") is None


def test_the_draw_is_fixed_per_attempt_and_respects_the_mix(tree):
    category = bank(tree.committee_a, singles=20)
    draw = questions_draw(categories=[category], count=5, seed=7)
    assert draw == questions_draw(categories=[category], count=5, seed=7) and len(set(draw)) == 5
    hard_mix = {2: 24}
    assert len(questions_draw(categories=[category], count=24, mix=hard_mix, seed=1)) == 24
    with pytest.raises(InvalidInput):
        questions_draw(categories=[category], count=25, seed=1)
    one = learner(tree.committee_a, "hv1")
    two = learner(tree.committee_a, "hv2")
    exam = an_exam(tree.committee_a, category, question_count=10)
    first = attempt_start(actor=actor_for(one), exam=exam)
    other = attempt_start(actor=actor_for(two), exam=exam)
    assert len(first.draw) == 10 and first.draw != other.draw
    assert attempt_start(actor=actor_for(one), exam=exam).pk == first.pk  # resume, same draw


def test_starting_costs_the_same_queries_whatever_the_exam_size(tree):
    small, large = bank(tree.committee_a, singles=5), None
    counts = []
    for n, size in enumerate((5, 60)):
        category = small if size == 5 else large
        if category is None:
            from partydesk.learning.services.bank import category_create, question_create
            from partydesk.learning.tests.test_bank import single

            category = category_create(actor=SYSTEM, organization=tree.committee_a, name="Lớn")
            for q in range(size):
                question_create(actor=SYSTEM, category=category, item=single(f"Câu lớn {q}?"))
        exam = an_exam(tree.committee_a, category, question_count=size)
        seen = []
        for taker in ("a", "b"):  # the exam's pool is read at its first start in a process
            actor = actor_for(learner(tree.committee_a, f"dongloat{n}{taker}"))
            exam = exam_get_for_taker(actor.user, exam.pk)
            with CaptureQueriesContext(connection) as queries:
                attempt = attempt_start(actor=actor, exam=exam)
                attempt_questions(attempt, with_answers=True)
            seen.append(len(queries))
            assert len(attempt.draw) == size
        assert seen[0] == seen[1] + 1
        counts.append(seen[1])
    assert counts[0] == counts[1] <= 8


def test_answers_save_idempotently_resume_and_are_refused_after_the_deadline(tree):
    category = bank(tree.committee_a)
    user = learner(tree.committee_a, "hv")
    actor = actor_for(user)
    exam = an_exam(tree.committee_a, category)
    attempt = attempt_start(actor=actor, exam=exam)
    questions = by_kind(attempt)
    single = questions["single"]
    right = next(c.position for c in single.options if c.weight == 100)
    for _twice in range(2):
        answer_save(actor=actor, attempt=attempt, slot=single.slot, chosen=[right])
    assert attempt.answers.count() == 1
    # Another device: the same attempt, with what was saved.
    resumed = attempt_start(actor=actor_for(user), exam=exam)
    assert resumed.pk == attempt.pk
    saved = {q.slot: q.chosen for q in attempt_questions(resumed, with_answers=True)}
    assert saved[single.slot] == {right}
    with pytest.raises(InvalidInput):
        answer_save(actor=actor, attempt=attempt, slot=single.slot, chosen=[99])
    with pytest.raises(InvalidInput):
        answer_save(actor=actor, attempt=attempt, slot=len(attempt.draw), chosen=[0])
    with pytest.raises(NotAllowed):
        answer_save(actor=actor_for(learner(tree.committee_a, "khac")), attempt=attempt, slot=0)
    late = attempt.deadline + GRACE + dt.timedelta(seconds=1)
    with pytest.raises(Conflict):
        answer_save(actor=actor, attempt=attempt, slot=single.slot, chosen=[], now=late)
    assert attempt.answers.get().chosen == [right]


def test_expiry_submits_with_what_was_saved_and_marks_it(tree):
    category = bank(tree.committee_a, singles=0)
    actor = actor_for(learner(tree.committee_a, "hv"))
    exam = an_exam(tree.committee_a, category, question_count=3, mix={})
    exam.pool = [row for row in exam.pool if row[2] != 0]  # no essay here
    exam.save(update_fields=["pool"])
    attempt = attempt_start(actor=actor, exam=exam)
    questions = by_kind(attempt)
    multiple = questions["multiple"]
    weights = {c.position: c.weight for c in multiple.options}
    half = [p for p, w in weights.items() if w == 50][:1]
    answer_save(actor=actor, attempt=attempt, slot=multiple.slot, chosen=half)
    answer_save(
        actor=actor, attempt=attempt, slot=questions["short"].slot, text="Tập trung dân chủ"
    )
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() - dt.timedelta(minutes=1))
    assert attempts_expire(exam=exam) == 1
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.MARKED
    assert attempt.score == D("1.5") and attempt.percent == D("50.00") and attempt.passed is True
    assert AuditEvent.objects.filter(action="learning.attempt.submitted").count() == 1


def test_an_essay_waits_for_the_marker_then_the_attempt_has_its_total(tree, organizer):
    category = bank(tree.committee_a, singles=0)
    user = learner(tree.committee_a, "hv")
    exam = an_exam(tree.committee_a, category, question_count=4, pass_mark=D(60))
    attempt = attempt_start(actor=actor_for(user), exam=exam)
    essay = by_kind(attempt)["essay"]
    answer_save(actor=actor_for(user), attempt=attempt, slot=essay.slot, text="Gương mẫu.")
    done = attempt_submit(actor=actor_for(user), attempt=attempt)
    assert done.status == AttemptStatus.SUBMITTED and done.percent is None
    with pytest.raises(Conflict):
        answer_save(actor=actor_for(user), attempt=done, slot=essay.slot, text="Sửa")
    answer = done.answers.get(slot=essay.slot)
    with pytest.raises(NotAllowed):
        answer_mark(actor=actor_for(user), answer=answer, percent=D(100))
    answer_mark(actor=actor_for(organizer), answer=answer, percent=D(80), comment="Tốt")
    done.refresh_from_db()
    assert done.status == AttemptStatus.MARKED and done.score == D("0.8")
    assert done.percent == D("20.00") and done.passed is False


def test_attempts_are_limited_and_the_window_is_kept(tree):
    category = bank(tree.committee_a)
    actor = actor_for(learner(tree.committee_a, "hv"))
    exam = an_exam(tree.committee_a, category, attempts_allowed=1)
    attempt_submit(actor=actor, attempt=attempt_start(actor=actor, exam=exam))
    with pytest.raises(Conflict):
        attempt_start(actor=actor, exam=exam)
    with pytest.raises(Conflict):
        attempt_start(actor=actor, exam=exam, now=exam.closes_at)


def test_a_class_exam_is_for_its_learners_only(tree):
    category = bank(tree.committee_a)
    inside, outside = learner(tree.committee_a, "trong"), learner(tree.committee_a, "ngoai")
    course_class = a_class_with(tree.committee_a, [inside.person])
    exam = an_exam(tree.committee_a, category, course_class=course_class)
    assert exam_get_for_taker(inside, exam.pk) == exam
    from django.http import Http404

    with pytest.raises(Http404):
        exam_get_for_taker(outside, exam.pk)
    stranger = learner(tree.committee_b, "b")
    standalone = an_exam(tree.committee_a, category)
    assert exam_get_for_taker(outside, standalone.pk) == standalone
    with pytest.raises(Http404):
        exam_get_for_taker(stranger, standalone.pk)


def test_an_exam_the_bank_cannot_supply_is_refused(tree):
    category = bank(tree.committee_a, singles=1)
    with pytest.raises(InvalidInput):
        an_exam(tree.committee_a, category, question_count=20)
    with pytest.raises(InvalidInput):
        an_exam(tree.committee_a, category, question_count=3, mix={"3": 1})
    foreign = bank(tree.committee_b)
    with pytest.raises(InvalidInput):
        an_exam(tree.committee_a, foreign)
    assert len(pool_build([category])) == 5
