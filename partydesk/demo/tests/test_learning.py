"""The demo step: the Bloc committee's question bank holds the sample questions, imported
through the bank's own service (categories, versions, weights), and exports again."""

from __future__ import annotations

import pytest

from partydesk.core.http import SYSTEM
from partydesk.demo.seed import seed_demo
from partydesk.demo.steps import CORE_STEPS
from partydesk.learning.models import Attempt, AttemptStatus, Category, CourseClass, Exam, Question
from partydesk.learning.services.bank_import import bank_export

pytestmark = pytest.mark.django_db


def test_the_demo_bank_holds_the_sample_questions_of_the_bloc():
    ctx = seed_demo(
        scale=0.05, log=lambda _line: None, steps=[*CORE_STEPS, "partydesk.demo.learning.seed"]
    )
    assert ctx.root is not None
    questions = Question.objects.filter(organization=ctx.root)
    assert questions.count() == 12
    names = set(Category.objects.filter(organization=ctx.root).values_list("name", flat=True))
    assert {"Điều lệ Đảng", "Đảng viên", "Tổ chức", "Lịch sử Đảng"} <= names
    gift = bank_export(actor=SYSTEM, organization=ctx.root, fmt="gift").decode()
    assert "Tập trung dân chủ" in gift and "%-100%" in gift
    course_class = CourseClass.objects.get(organization=ctx.root)
    assert course_class.course.topics.count() == 5 and course_class.enrolments.count() == 5
    exam = Exam.objects.get(course_class=course_class)
    attempts = Attempt.objects.filter(exam=exam)
    assert attempts.count() == 3
    assert not attempts.filter(status=AttemptStatus.IN_PROGRESS).exists()
    assert not attempts.filter(user__username="dangvien").exists()
