"""The exam pages: a learner starts, autosaves (HTMX), reloads and resumes, hands in and
sees their result; the organizer's sortable results and .xlsx, essay marking; another
organization's exam and another learner's attempt are 404."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from partydesk.conftest import logged_in
from partydesk.learning.models import Attempt, AttemptStatus
from partydesk.learning.selectors.exams import attempt_questions
from partydesk.learning.tests.exam_setup import a_class_with, an_exam, bank, learner

pytestmark = pytest.mark.django_db


def test_a_learner_takes_an_exam_resumes_and_sees_the_result(tree, organizer):
    user = learner(tree.committee_a, "hv")
    course_class = a_class_with(tree.committee_a, [user.person])
    exam = an_exam(tree.committee_a, bank(tree.committee_a), course_class)
    client = logged_in(user)
    mine = client.get(reverse("learning:my_courses"))
    assert exam.title in mine.content.decode()
    assert "Exams open for you" in client.get("/").content.decode()
    started = client.post(reverse("learning:exam_take", args=[exam.pk]))
    attempt = Attempt.objects.get(user=user)
    # The press answers with the attempt's page, which names its own address for the
    # browser's history (a reload then asks for the attempt, not a new start).
    address = reverse("learning:attempt", args=[attempt.pk])
    assert started.status_code == 200 and f'data-replace-url="{address}"' in started.text
    assert 'data-replace-url="' not in client.get(address).text
    again = client.post(reverse("learning:exam_take", args=[exam.pk]))  # pressed twice
    assert again.status_code == 200 and Attempt.objects.filter(user=user).count() == 1
    single = next(q for q in attempt_questions(attempt) if q.version.kind == "single")
    right = next(c.position for c in single.options if c.weight == 100)
    url = reverse("learning:answer", args=[attempt.pk, single.slot])
    saved = client.post(url, {"chosen": [right]}, headers={"HX-Request": "true"})
    assert saved.status_code == 200 and "Saved at" in saved.content.decode()
    # A reload (or another device) shows the saved answer and the server's time left.
    page = logged_in(user).get(reverse("learning:attempt", args=[attempt.pk]))
    body = page.content.decode()
    assert page.context["remaining"] > 29 * 60
    assert f'value="{right}" checked' in body
    done = client.post(reverse("learning:attempt_submit", args=[attempt.pk]))
    assert done["Location"] == reverse("learning:attempt_result", args=[attempt.pk])
    result = client.get(done["Location"])
    assert result.status_code == 200
    late = client.post(url, {"chosen": [right]})
    assert late.status_code == 409


def test_after_the_deadline_the_page_hands_in_and_answers_are_refused(tree):
    user = learner(tree.committee_a, "hv")
    exam = an_exam(tree.committee_a, bank(tree.committee_a))
    client = logged_in(user)
    client.post(reverse("learning:exam_take", args=[exam.pk]))
    attempt = Attempt.objects.get(user=user)
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() - dt.timedelta(minutes=5))
    refused = client.post(reverse("learning:answer", args=[attempt.pk, 0]), {"chosen": [0]})
    assert refused.status_code == 409 and "Time is up" in refused.content.decode()
    page = client.get(reverse("learning:attempt", args=[attempt.pk]))
    assert page["Location"] == reverse("learning:attempt_result", args=[attempt.pk])
    attempt.refresh_from_db()
    assert attempt.status != AttemptStatus.IN_PROGRESS


def test_the_organizer_sets_an_exam_reads_sorted_results_and_exports_them(tree, organizer):
    category = bank(tree.committee_a)
    client = logged_in(organizer)
    now = timezone.localtime()
    form = {
        "title": "Kiểm tra",
        "categories": [category.pk],
        "question_count": 5,
        "easy": "",
        "medium": "3",
        "hard": "",
        "time_limit_minutes": 20,
        "opens_at": (now - dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "closes_at": (now + dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "attempts_allowed": 1,
        "pass_mark": 50,
        "shuffle": "on",
    }
    made = client.post(reverse("learning:exam_new"), form)
    assert made.status_code == 302
    exam_url = made["Location"]
    too_many = client.post(reverse("learning:exam_new"), {**form, "question_count": 99})
    assert too_many.status_code == 400 and "Kiểm tra" in too_many.content.decode()
    exam_id = int(exam_url.rstrip("/").rsplit("/", 1)[1])
    for name in ("an", "binh"):
        taker = logged_in(learner(tree.committee_a, name))
        taker.post(reverse("learning:exam_take", args=[exam_id]))
        attempt = Attempt.objects.get(user__username=name)
        taker.post(reverse("learning:attempt_submit", args=[attempt.pk]))
    page = client.get(exam_url, {"sort": "-score"})
    assert page.status_code == 200 and len(page.context["rows"]) == 2
    export = client.get(reverse("learning:exam_export", args=[exam_id]))
    sheet = load_workbook(io.BytesIO(export.content)).worksheets[0]
    assert sheet.max_row == 3 and sheet["A1"].value == "Name"
    assert client.get(reverse("learning:exams")).status_code == 200


def test_essays_are_marked_on_the_marking_page(tree, organizer):
    exam = an_exam(tree.committee_a, bank(tree.committee_a, singles=0), question_count=4)
    user = learner(tree.committee_a, "hv")
    client = logged_in(user)
    client.post(reverse("learning:exam_take", args=[exam.pk]))
    attempt = Attempt.objects.get(user=user)
    client.post(reverse("learning:attempt_submit", args=[attempt.pk]))
    marker = logged_in(organizer)
    page = marker.get(reverse("learning:marking", args=[exam.pk]))
    assert len(page.context["rows"]) == 1
    answer = page.context["rows"][0][2].answer
    url = reverse("learning:answer_mark", args=[exam.pk, answer.pk])
    marker.post(url, {f"a{answer.pk}-percent": "100", f"a{answer.pk}-comment": "Tốt"})
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.MARKED


def test_another_organizations_exam_and_another_learners_attempt_are_404(
    tree, organizer, organizer_b
):
    exam = an_exam(tree.committee_a, bank(tree.committee_a))
    user = learner(tree.committee_a, "hv")
    logged_in(user).post(reverse("learning:exam_take", args=[exam.pk]))
    attempt = Attempt.objects.get(user=user)
    foreign = logged_in(organizer_b)
    for name in ("exam", "exam_export", "marking"):
        assert foreign.get(reverse(f"learning:{name}", args=[exam.pk])).status_code == 404
    assert foreign.get(reverse("learning:exam_take", args=[exam.pk])).status_code == 404
    other = logged_in(learner(tree.committee_a, "khac"))
    for name in ("attempt", "attempt_result"):
        assert other.get(reverse(f"learning:{name}", args=[attempt.pk])).status_code == 404
    assert other.post(reverse("learning:attempt_submit", args=[attempt.pk])).status_code == 404
    assert other.post(reverse("learning:answer", args=[attempt.pk, 0])).status_code == 404
    stranger = logged_in(learner(tree.committee_b, "b"))
    assert stranger.get(reverse("learning:exam_take", args=[exam.pk])).status_code == 404


def test_the_attempt_page_speaks_vietnamese(tree):
    user = learner(tree.committee_a, "hv")
    exam = an_exam(tree.committee_a, bank(tree.committee_a))
    client = logged_in(user)
    client.cookies["django_language"] = "vi"
    page = client.get(reverse("learning:exam_take", args=[exam.pk]))
    assert "Bắt đầu hoặc tiếp tục làm bài" in page.content.decode()
    client.post(reverse("learning:exam_take", args=[exam.pk]))
    attempt = Attempt.objects.get(user=user)
    body = client.get(reverse("learning:attempt", args=[attempt.pk])).content.decode()
    assert "Thời gian còn lại" in body and "Nộp bài" in body


def test_the_invigilator_sees_who_is_in_and_hands_in_for_them(tree, organizer, organizer_b):
    exam = an_exam(tree.committee_a, bank(tree.committee_a))
    user = learner(tree.committee_a, "hv")
    logged_in(user).post(reverse("learning:exam_take", args=[exam.pk]))
    attempt = Attempt.objects.get(user=user)
    client = logged_in(organizer)
    page = client.get(reverse("learning:invigilate", args=[exam.pk]))
    assert page.status_code == 200 and len(page.context["rows"]) == 1
    assert page.context["rows"][0][2] > 29 * 60
    url = reverse("learning:force_submit", args=[exam.pk, attempt.pk])
    assert logged_in(organizer_b).post(url).status_code == 404
    assert client.post(url).status_code == 302
    attempt.refresh_from_db()
    assert attempt.status != AttemptStatus.IN_PROGRESS
    assert (
        logged_in(organizer_b).get(reverse("learning:invigilate", args=[exam.pk])).status_code
        == 404
    )
