"""The demo step: the Bloc committee's question bank holds the sample questions, imported
through the bank's own service (categories, versions, weights), and exports again."""

from __future__ import annotations

import datetime as dt

import pytest

from partydesk.accounts.models import User
from partydesk.core.http import SYSTEM
from partydesk.demo.learning_facts import facts
from partydesk.demo.seed import seed_demo
from partydesk.demo.steps import CORE_STEPS
from partydesk.learning.models import (
    Attempt,
    AttemptStatus,
    Attendance,
    Category,
    Certificate,
    CourseClass,
    Exam,
    Question,
)
from partydesk.learning.selectors.attendance import attendance_by_person
from partydesk.learning.services.bank_import import bank_export

pytestmark = pytest.mark.django_db


def test_the_demo_bank_holds_the_sample_questions_of_the_bloc():
    ctx = seed_demo(
        scale=0.05, log=lambda _line: None, steps=[*CORE_STEPS, "partydesk.demo.learning.seed"]
    )
    assert ctx.root is not None
    questions = Question.objects.filter(organization=ctx.root)
    assert questions.count() == 12 + 3 * len(facts())  # the sample, then the topics' bank
    assert not questions.filter(current__isnull=True).exists()
    names = set(Category.objects.filter(organization=ctx.root).values_list("name", flat=True))
    assert {"Điều lệ Đảng", "Đảng viên", "Tổ chức", "Lịch sử Đảng"} <= names
    gift = bank_export(actor=SYSTEM, organization=ctx.root, fmt="gift").decode()
    assert "Tập trung dân chủ" in gift and "%-100%" in gift
    course_class = CourseClass.objects.get(
        organization=ctx.root, starts_on__gte=ctx.today - dt.timedelta(days=10)
    )
    assert course_class.course.topics.count() == 5 and course_class.enrolments.count() == 5
    exam = Exam.objects.get(course_class=course_class)
    attempts = Attempt.objects.filter(exam=exam)
    assert attempts.count() == 3
    assert not attempts.filter(status=AttemptStatus.IN_PROGRESS).exists()
    assert not attempts.filter(user__username="dangvien").exists()
    past = CourseClass.objects.filter(
        organization=ctx.root, ends_on__lt=ctx.today - dt.timedelta(days=30)
    )
    assert {c.course.audience for c in past} == {"candidates", "new_members"}
    for old in past:
        assert old.sessions.count() in (5, 7) and old.enrolments.count() == 16
        assert (
            Attendance.objects.filter(session__course_class=old).count()
            == 16 * old.sessions.count()
        )
        sat = Attempt.objects.filter(exam__course_class=old)
        assert sat.count() == 16 and not sat.exclude(status=AttemptStatus.MARKED).exists()
        issued = Certificate.objects.filter(attempt__exam__course_class=old)
        assert 0 < issued.count() <= sat.filter(passed=True).count()
        presence = attendance_by_person(old)
        for certificate in issued.select_related("learner"):
            assert presence[certificate.learner.person_id].eligible  # type: ignore[index]
    # The learners' logins are named after their person, as the other demo logins are
    learners = User.objects.filter(username__startswith="hocvien").select_related("person")
    assert learners.count() == 2 * 16
    for learner in learners:
        assert learner.person is not None and learner.display_name == learner.person.full_name
        assert f"{learner.last_name} {learner.first_name}" == learner.person.full_name
