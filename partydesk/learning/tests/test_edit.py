"""Editing a question: new versions for new content, difficulty and tags in place."""

from __future__ import annotations

import pytest
from django.urls import reverse

from partydesk.conftest import logged_in
from partydesk.core.errors import InvalidInput
from partydesk.core.http import SYSTEM
from partydesk.learning.models import Difficulty, QuestionVersion
from partydesk.learning.services.bank import (
    category_create,
    category_share,
    question_create,
    question_edit,
)
from partydesk.learning.tests.test_bank import single

pytestmark = pytest.mark.django_db


@pytest.fixture
def question(tree):  # type: ignore[no-untyped-def]
    category = category_create(actor=SYSTEM, organization=tree.committee_a, name="Lịch sử")
    return question_create(actor=SYSTEM, category=category, item=single("Đảng ra đời năm nào?"))


def test_difficulty_and_tags_change_without_a_new_version(question):
    version = question_edit(
        actor=SYSTEM,
        question=question,
        item=single("Đảng ra đời năm nào?"),
        difficulty=Difficulty.HARD,
        tags=["mốc", " lịch  sử "],
    )
    question.refresh_from_db()
    assert (version.number, question.difficulty) == (1, Difficulty.HARD)
    assert sorted(t.name for t in question.tags.all()) == ["lịch sử", "mốc"]
    with pytest.raises(InvalidInput, match="difficulty"):
        question_edit(actor=SYSTEM, question=question, item=single("Khác?"), difficulty=9)


def test_the_edit_page_saves_a_new_version_from_gift(question, keeper):
    client = logged_in(keeper)
    url = reverse("learning:question_edit", args=[question.pk])
    page = client.get(url)
    assert "[html]Đảng ra đời năm nào?{" in page.content.decode()
    gift = "::Năm::Đảng Cộng sản Việt Nam ra đời năm nào?{=1930#Đúng ~1945 ~%-50%1954}"
    done = client.post(url, {"gift": gift, "difficulty": "3", "tags": "lịch sử", "shuffle": ""})
    assert done.status_code == 302
    question.refresh_from_db()
    assert question.current.number == 2 and question.current.shuffle is False
    assert question.current.name == "Năm"
    assert QuestionVersion.objects.get(question=question, number=1).text == "Đảng ra đời năm nào?"


@pytest.mark.parametrize(
    ("gift", "problem"),
    [
        ("Sai {~a ~b}", "No answer is marked correct."),
        ("Một {=a ~b}\n\nHai {=c ~d}", "Write exactly one question."),
        ("Số {#5}", "Question type not supported: numerical."),
    ],
)
def test_a_bad_edit_shows_the_problem_and_keeps_the_version(question, keeper, gift, problem):
    url = reverse("learning:question_edit", args=[question.pk])
    page = logged_in(keeper).post(url, {"gift": gift, "difficulty": "2"})
    assert page.status_code == 400 and problem in page.content.decode()
    assert QuestionVersion.objects.filter(question=question).count() == 1


def test_a_question_shared_from_above_is_read_but_not_edited(tree, keeper):
    bloc = category_create(actor=SYSTEM, organization=tree.root, name="Điều lệ")
    category_share(actor=SYSTEM, category=bloc, shared=True)
    shared = question_create(actor=SYSTEM, category=bloc, item=single("Điều 1?"))
    client = logged_in(keeper)
    page = client.get(reverse("learning:question", args=[shared.pk]))
    assert page.status_code == 200 and "/edit/" not in page.content.decode()
    assert client.get(reverse("learning:question_edit", args=[shared.pk])).status_code == 403


def test_the_edit_page_speaks_vietnamese(question, keeper):
    client = logged_in(keeper)
    client.cookies["django_language"] = "vi"
    body = client.get(reverse("learning:question_edit", args=[question.pk])).content.decode()
    assert "Sửa câu hỏi" in body and "~%-100% trừ điểm" in body
