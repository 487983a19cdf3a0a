"""Demo step, second part: a bank of a few hundred questions in the two official courses'
topics (from `learning_facts`, inserted in bulk through learning's service), and two past
classes, one of each course, with their sessions and attendance, a final exam sat by every
learner, and the certificates of those who passed with enough attendance (recorded pending;
the outbox worker of `make run` seals them)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from partydesk.accounts.models import User
from partydesk.accounts.selectors import actor_for
from partydesk.accounts.services.users import account_names
from partydesk.core.http import SYSTEM
from partydesk.demo.context import DemoContext
from partydesk.demo.learning_facts import TOPICS, Fact, facts
from partydesk.learning.formats import FULL, SINGLE, TRUE_FALSE, Answer, Item
from partydesk.learning.models import (
    Answer as Saved,
)
from partydesk.learning.models import (
    Attendance,
    AttendanceStatus,
    Category,
    Choice,
    Course,
    Difficulty,
    Exam,
)
from partydesk.learning.services.attendance import session_add
from partydesk.learning.services.bank import category_ensure, questions_bulk_create
from partydesk.learning.services.courses import class_create, class_enrol
from partydesk.learning.services.exams import attempt_start, attempt_submit, exam_create

ZERO = Decimal(0)
LEARNERS_PER_CLASS = 16


def _items(fact: Fact) -> list[tuple[Item, int]]:
    """A single-choice question, a true statement and a false one of one fact."""
    _topic, question, statement, right, wrong = fact
    options = (Answer(right, FULL), *(Answer(w, ZERO) for w in wrong))
    true, false = (
        (Answer("true", FULL), Answer("false", ZERO)),
        (
            Answer("true", ZERO),
            Answer("false", FULL),
        ),
    )
    return [
        (Item(SINGLE, question, options), Difficulty.MEDIUM),
        (Item(TRUE_FALSE, statement.format(right), true), Difficulty.EASY),
        (Item(TRUE_FALSE, statement.format(wrong[0]), false), Difficulty.HARD),
    ]


def seed_bank(ctx: DemoContext, courses: list[Course]) -> dict[int, Category]:
    """The questions, in a category per course and a subcategory per topic; the course
    categories by course id."""
    assert ctx.root is not None
    by_title = {c.title: c for c in courses}
    tops: dict[int, Category] = {}
    folders: dict[str, Category] = {}
    for key, (title, position) in TOPICS.items():
        course = by_title[title]
        if course.pk not in tops:
            tops[course.pk] = category_ensure(ctx.root, title, None)[0]
        topic = course.topics.get(position=position).title
        folders[key] = category_ensure(ctx.root, topic, tops[course.pk])[0]
    rows = [(folders[f[0]], item, level) for f in facts() for item, level in _items(f)]
    made = questions_bulk_create(actor=SYSTEM, rows=rows)
    ctx.count("bank questions", len(made))
    return tops


def _learners(ctx: DemoContext, count: int, offset: int) -> list[User]:
    """Logins (no password: they only hold results) for people of the demo without one,
    named after their person as the other demo logins are."""
    people = [p for unit in sorted(ctx.people_by_unit) for p in ctx.people_by_unit[unit]]
    taken = set(User.objects.filter(person__isnull=False).values_list("person_id", flat=True))
    free = [p for p in people if p.pk not in taken][offset : offset + count]
    unusable = make_password(None)
    return User.objects.bulk_create(
        User(
            username=f"hocvien{offset + n + 1:03d}",
            password=unusable,
            person=p,
            **account_names(p.full_name),
        )
        for n, p in enumerate(free)
    )


def past_class(ctx: DemoContext, course: Course, category: Category, ago: int, n: int) -> None:
    """A class of the course that ended `ago` days ago, with attendance, a sat exam and
    the certificates it earned."""
    assert ctx.root is not None
    days = 5 if course.audience == "candidates" else 7
    starts = ctx.today - dt.timedelta(days=ago)
    ends = starts + dt.timedelta(days=days - 1)
    course_class = class_create(
        actor=SYSTEM,
        organization=ctx.root,
        course=course,
        name=f"{course.title} khóa {starts:%m/%Y}",
        starts_on=starts,
        ends_on=ends,
        place="Hội trường Đảng ủy Khối",
    )
    users = _learners(ctx, LEARNERS_PER_CLASS, n * LEARNERS_PER_CLASS)
    class_enrol(
        actor=SYSTEM,
        course_class=course_class,
        person_ids=[u.person_id for u in users if u.person_id],
    )
    sessions = [
        session_add(actor=SYSTEM, course_class=course_class, held_on=starts + dt.timedelta(days=d))
        for d in range(days)
    ]
    enrolments = list(course_class.enrolments.order_by("pk"))
    weights = ([AttendanceStatus.PRESENT] * 92) + [AttendanceStatus.EXCUSED] * 5
    weights += [AttendanceStatus.ABSENT] * 3
    Attendance.objects.bulk_create(
        Attendance(session=s, enrolment=e, status=ctx.rng.choice(weights))
        for s in sessions
        for e in enrolments
    )
    ctx.count("class sessions", len(sessions))
    closes = timezone.make_aware(dt.datetime.combine(ends, dt.time(11)))
    exam = exam_create(
        actor=SYSTEM,
        organization=ctx.root,
        course_class=course_class,
        title=f"Kiểm tra cuối khóa: {course.title}",
        categories=[category],
        question_count=30,
        time_limit_minutes=45,
        opens_at=closes - dt.timedelta(hours=3),
        closes_at=closes,
    )
    _sit(ctx, exam, users, closes - dt.timedelta(hours=2))


def _sit(ctx: DemoContext, exam: Exam, users: list[User], at: dt.datetime) -> None:
    """Each learner starts, answers (right with their own ability) and hands in."""
    right = {
        (v, p)
        for v, p in Choice.objects.filter(
            weight__gt=0, version__question__organization_id=exam.organization_id
        ).values_list("version_id", "position")
    }
    for user in users:
        actor = actor_for(user)
        attempt = attempt_start(actor=actor, exam=exam, now=at)
        ability = ctx.rng.uniform(0.45, 0.98)
        answers = []
        for slot, (version, order) in enumerate(attempt.draw):
            good = [p for p in order if (version, p) in right]
            bad = [p for p in order if (version, p) not in right] or good
            pick = ctx.rng.choice(good if ctx.rng.random() < ability else bad)
            answers.append(Saved(attempt=attempt, slot=slot, chosen=[pick], saved_at=at))
        Saved.objects.bulk_create(answers)
        attempt_submit(actor=actor, attempt=attempt, now=at + dt.timedelta(minutes=40))
        ctx.count("exam attempts", 1)
