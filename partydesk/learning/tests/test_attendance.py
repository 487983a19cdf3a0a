"""Attendance per session: the organizer adds sessions and marks a whole class on one page
(present by default), each save audited once with what changed; the course's minimum
attendance decides the certificate: a pass short of it earns none, the results and the
learner's page say why, and the organizer cannot issue one by hand until the attendance is
corrected. Another organization's class routes are 404."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from partydesk.accounts.selectors import actor_for
from partydesk.conftest import logged_in
from partydesk.core.errors import InvalidInput
from partydesk.core.http import SYSTEM
from partydesk.core.models import AuditEvent
from partydesk.learning.formats import Answer, Item
from partydesk.learning.models import Attendance, Certificate, ClassSession, CourseClass
from partydesk.learning.selectors.attendance import AttendanceSummary, attendance_of
from partydesk.learning.selectors.exams import attempt_questions
from partydesk.learning.services.attendance import attendance_record, session_add
from partydesk.learning.services.bank import category_create, question_create
from partydesk.learning.services.certificates import NotEligible, certificate_issue
from partydesk.learning.services.courses import course_create
from partydesk.learning.services.exams import answer_save, attempt_start, attempt_submit
from partydesk.learning.tests.exam_setup import a_class_with, an_exam, learner

pytestmark = pytest.mark.django_db


def _sessions(course_class: CourseClass, n: int) -> list[ClassSession]:
    return [
        session_add(actor=SYSTEM, course_class=course_class, held_on=dt.date(2026, 1, 5 + k % 5))
        for k in range(n)
    ]


def test_the_summary_counts_only_present_and_explains_a_shortfall():
    short = AttendanceSummary(sessions=5, present=3, excused=1, absent=0, minimum=Decimal(80))
    assert short.percent == Decimal(60) and short.unrecorded == 1 and not short.eligible
    assert "Present at 3 of 5 sessions (60%)" in short.reason
    assert "at least 80%" in short.reason and "not recorded: 1" in short.reason
    enough = AttendanceSummary(sessions=5, present=4, excused=1, absent=0, minimum=Decimal(80))
    assert enough.eligible and enough.reason == ""
    none_taken = AttendanceSummary(sessions=0, present=0, excused=0, absent=0, minimum=Decimal(80))
    assert none_taken.eligible


def test_the_organizer_marks_a_whole_class_on_one_page(tree, organizer, organizer_b):
    users = [learner(tree.committee_a, f"hv{n}") for n in range(3)]
    course_class = a_class_with(tree.committee_a, [u.person for u in users])
    client = logged_in(organizer)
    response = client.post(
        reverse("learning:session_new", args=[course_class.pk]),
        {"held_on": "2026-01-05", "title": "Chuyên đề 1"},
    )
    session = ClassSession.objects.get(course_class=course_class)
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "learning:attendance", args=[course_class.pk, session.pk]
    )
    url = reverse("learning:attendance", args=[course_class.pk, session.pk])
    page = client.get(url).content.decode()
    enrolments = list(course_class.enrolments.order_by("pk"))
    for row in enrolments:  # every learner, present until changed
        assert f'name="e{row.pk}" value="present" aria-labelledby' in page
        assert f'id="e{row.pk}-present" name="e{row.pk}" value="present"' in page
    assert page.count(" checked") == 3
    marks = {f"e{row.pk}": "present" for row in enrolments}
    marks[f"e{enrolments[1].pk}"] = "absent"
    marks[f"e{enrolments[2].pk}"] = "excused"
    assert client.post(url, marks).status_code == 302
    saved = dict(Attendance.objects.values_list("enrolment_id", "status"))
    assert saved == {
        enrolments[0].pk: "present",
        enrolments[1].pk: "absent",
        enrolments[2].pk: "excused",
    }
    events = AuditEvent.objects.filter(action="learning.class.attendance_recorded")
    assert events.count() == 1 and len(events.get().details["changed"]) == 3
    client.post(url, marks)  # the same again: nothing changed, nothing audited
    assert events.count() == 1
    marks[f"e{enrolments[1].pk}"] = "present"
    client.post(url, marks)
    assert events.count() == 2 and events.order_by("pk").last().details["changed"] == {  # type: ignore[union-attr]
        str(enrolments[1].pk): "present"
    }
    class_page = client.get(reverse("learning:class", args=[course_class.pk])).content.decode()
    assert "Chuyên đề 1" in class_page and "1 of 1 (100%)" in class_page
    assert "0 of 1 (0%)" in class_page and "Not eligible" in class_page
    # A bad mark refuses the whole save.
    marks[f"e{enrolments[0].pk}"] = "late"
    client.post(url, marks)
    assert Attendance.objects.get(enrolment=enrolments[0]).status == "present"
    # Another organization's organizer: 404 on both routes.
    other = logged_in(organizer_b)
    assert other.get(url).status_code == 404
    assert other.post(url, marks).status_code == 404
    new = reverse("learning:session_new", args=[course_class.pk])
    assert other.post(new, {"held_on": "2026-01-06"}).status_code == 404
    assert ClassSession.objects.count() == 1


def test_sessions_fall_within_the_class_and_marks_belong_to_its_learners(tree):
    user = learner(tree.committee_a, "hv")
    course_class = a_class_with(tree.committee_a, [user.person])
    with pytest.raises(InvalidInput):
        session_add(actor=SYSTEM, course_class=course_class, held_on=dt.date(2026, 2, 1))
    (session,) = _sessions(course_class, 1)
    other_class = a_class_with(tree.committee_a, [learner(tree.committee_a, "hv2").person])
    foreign = other_class.enrolments.get()
    with pytest.raises(InvalidInput):
        attendance_record(actor=SYSTEM, session=session, marks={foreign.pk: "present"})
    assert not Attendance.objects.exists()


def test_a_course_keeps_its_minimum_attendance_as_data(tree):
    course = course_create(
        actor=SYSTEM,
        organization=tree.committee_a,
        title="Nhận thức về Đảng",
        audience="candidates",
        min_attendance=Decimal(90),
    )
    assert course.min_attendance == Decimal(90)
    with pytest.raises(InvalidInput):
        course_create(
            actor=SYSTEM,
            organization=tree.committee_a,
            title="X",
            audience="other",
            min_attendance=Decimal(101),
        )


def _passed(user, exam):  # type: ignore[no-untyped-def]
    actor = actor_for(user)
    attempt = attempt_start(actor=actor, exam=exam)
    for question in attempt_questions(attempt):
        pick = next(c.position for c in question.options if c.weight == 100)
        answer_save(actor=actor, attempt=attempt, slot=question.slot, chosen=[pick])
    return attempt_submit(actor=actor, attempt=attempt)


def test_a_pass_short_of_attendance_earns_no_certificate_and_says_why(tree, organizer):
    short, regular = learner(tree.committee_a, "short"), learner(tree.committee_a, "regular")
    course_class = a_class_with(tree.committee_a, [short.person, regular.person])
    sessions = _sessions(course_class, 5)
    enrolment = {e.person_id: e.pk for e in course_class.enrolments.all()}
    for n, session in enumerate(sessions):
        marks = {enrolment[regular.person_id]: "present"}  # type: ignore[index]
        marks[enrolment[short.person_id]] = "present" if n < 3 else "excused"  # type: ignore[index]
        attendance_record(actor=SYSTEM, session=session, marks=marks)
    category = category_create(actor=SYSTEM, organization=tree.committee_a, name="Điều lệ")
    for n in range(4):
        item = Item(
            "single", f"Câu {n}?", (Answer("Đúng", Decimal(100)), Answer("Sai", Decimal(0)))
        )
        question_create(actor=SYSTEM, category=category, item=item)
    exam = an_exam(tree.committee_a, category, course_class, question_count=4)
    short_attempt, regular_attempt = _passed(short, exam), _passed(regular, exam)
    assert short_attempt.passed and regular_attempt.passed
    assert Certificate.objects.filter(attempt=regular_attempt).exists()
    assert not Certificate.objects.filter(attempt=short_attempt).exists()
    assert not attendance_of(course_class, short.person_id).eligible  # type: ignore[arg-type]
    reason = "Present at 3 of 5 sessions (60%); the course asks at least 80%"
    mine = logged_in(short).get(reverse("learning:attempt_result", args=[short_attempt.pk]))
    assert "Not eligible" in mine.content.decode() and reason in mine.content.decode()
    client = logged_in(organizer)
    results = client.get(reverse("learning:exam", args=[exam.pk])).content.decode()
    assert reason in results
    issue = reverse("learning:certificate_issue", args=[exam.pk, short_attempt.pk])
    assert reason in client.post(issue, follow=True).content.decode()
    assert not Certificate.objects.filter(attempt=short_attempt).exists()
    with pytest.raises(NotEligible):
        certificate_issue(actor=actor_for(organizer), attempt=short_attempt)
    # The attendance was wrong: corrected, the organizer issues it.
    attendance_record(
        actor=SYSTEM,
        session=sessions[3],
        marks={enrolment[short.person_id]: "present"},  # type: ignore[index]
    )
    certificate_issue(actor=actor_for(organizer), attempt=short_attempt)
    assert Certificate.objects.filter(attempt=short_attempt).exists()
