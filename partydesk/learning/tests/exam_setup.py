"""Helpers for the exam tests: a bank of every type, a class with a learner, an exam."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

from partydesk.accounts.models import User
from partydesk.accounts.tests.factories import make_user
from partydesk.core.http import SYSTEM
from partydesk.learning.formats import Answer, Item
from partydesk.learning.models import Category, CourseClass, Exam
from partydesk.learning.services.bank import category_create, question_create
from partydesk.learning.services.courses import class_create, class_enrol, course_create
from partydesk.learning.services.exams import exam_create
from partydesk.organizations.models import Organization
from partydesk.organizations.tests.factories import make_member

D = Decimal


def bank(org: Organization, singles: int = 5) -> Category:
    """A category with `singles` single-choice questions and one of every other type."""
    category = category_create(actor=SYSTEM, organization=org, name="Điều lệ")
    for n in range(singles):
        item = Item("single", f"Câu {n}?", (Answer("Đúng", D(100)), Answer("Sai", D(0))))
        question_create(actor=SYSTEM, category=category, item=item)
    multiple = Item(
        "multiple",
        "Hình thức kỷ luật đảng viên?",
        (
            Answer("Khiển trách", D(50)),
            Answer("Cảnh cáo", D(50)),
            Answer("Buộc thôi việc", D(-100)),
        ),
    )
    truefalse = Item(
        "truefalse", "Đảng viên dự bị được bầu cử.", (Answer("true", D(0)), Answer("false", D(100)))
    )
    short = Item(
        "short",
        "Nguyên tắc tổ chức của Đảng?",
        (Answer("tập trung dân chủ", D(100)), Answer("dân chủ*", D(50))),
    )
    essay = Item("essay", "Trình bày nhiệm vụ của đảng viên.", ())
    for item in (multiple, truefalse, short, essay):
        question_create(actor=SYSTEM, category=category, item=item)
    return category


def a_class_with(org: Organization, people: list[Any]) -> CourseClass:
    course = course_create(
        actor=SYSTEM, organization=org, title="Đảng viên mới", audience="new_members"
    )
    found = class_create(
        actor=SYSTEM,
        organization=org,
        course=course,
        name="Lớp 1",
        starts_on=dt.date(2026, 1, 5),
        ends_on=dt.date(2026, 1, 9),
    )
    class_enrol(actor=SYSTEM, course_class=found, person_ids=[p.pk for p in people])
    return found


def learner(org: Organization, username: str) -> User:
    person = make_member(org.children.first() or org, f"Học viên {username}", status="candidate")
    return make_user(username, organization=org, person=person)


def an_exam(
    org: Organization, category: Category, course_class: CourseClass | None = None, **kwargs: Any
) -> Exam:
    now = timezone.now()
    options: dict[str, Any] = {
        "title": "Kiểm tra cuối khóa",
        "categories": [category],
        "question_count": 9,
        "time_limit_minutes": 30,
        "opens_at": now - dt.timedelta(hours=1),
        "closes_at": now + dt.timedelta(hours=2),
        "attempts_allowed": 2,
        "course_class": course_class,
    }
    options.update(kwargs)
    return exam_create(actor=SYSTEM, organization=org, **options)
