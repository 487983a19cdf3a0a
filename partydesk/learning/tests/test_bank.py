"""The bank's services and selectors: versions, sharing down the tree, capabilities."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.http import Http404

from partydesk.accounts.selectors import actor_for
from partydesk.core.errors import InvalidInput, NotAllowed
from partydesk.core.http import SYSTEM
from partydesk.core.models import AuditEvent
from partydesk.learning.formats import FULL, MULTIPLE, SINGLE, Answer, Item
from partydesk.learning.models import Category, Choice, Question, QuestionVersion
from partydesk.learning.selectors.bank import (
    categories_for,
    category_get_for,
    question_get_for,
    question_list_for,
)
from partydesk.learning.services.bank import (
    category_create,
    category_share,
    question_create,
    question_edit,
    questions_bulk_create,
)

pytestmark = pytest.mark.django_db


def single(text: str, correct: str = "1930", wrong: str = "1945") -> Item:
    return Item(SINGLE, text, (Answer(correct, FULL), Answer(wrong, Decimal(0))))


def test_editing_a_question_writes_a_new_version_and_keeps_the_old_one(tree, keeper):
    category = category_create(actor=SYSTEM, organization=tree.committee_a, name="Lịch sử")
    question = question_create(
        actor=SYSTEM, category=category, item=single("Đảng ra đời năm nào?"), tags=["lịch sử"]
    )
    first = question.current
    assert first is not None
    edited = question_edit(
        actor=SYSTEM,
        question=question,
        item=Item(
            MULTIPLE,
            "Chọn các năm <b>đúng</b>",
            (Answer("1930", Decimal(50)), Answer("1951", Decimal(50)), Answer("1945", -FULL)),
        ),
    )
    question.refresh_from_db()
    assert (edited.number, question.current_id) == (2, edited.pk)
    first_again = QuestionVersion.objects.get(pk=first.pk)
    assert (first_again.kind, first_again.text) == (SINGLE, "Đảng ra đời năm nào?")
    assert list(Choice.objects.filter(version=first).values_list("text", flat=True)) == [
        "1930",
        "1945",
    ]
    assert [t.name for t in question.tags.all()] == ["lịch sử"]
    assert AuditEvent.objects.filter(action__startswith="learning.question").count() == 2


def test_an_edit_that_changes_nothing_is_refused(tree):
    category = category_create(actor=SYSTEM, organization=tree.committee_a, name="Lịch sử")
    question = question_create(actor=SYSTEM, category=category, item=single("Hỏi?"))
    with pytest.raises(InvalidInput, match="Nothing changed"):
        question_edit(actor=SYSTEM, question=question, item=single("Hỏi?"))


def test_a_question_with_no_correct_answer_is_refused_and_nothing_is_written(tree):
    category = category_create(actor=SYSTEM, organization=tree.committee_a, name="Lịch sử")
    bad = Item(SINGLE, "Hỏi?", (Answer("a", Decimal(0)), Answer("b", Decimal(0))))
    with pytest.raises(InvalidInput, match="No answer is marked correct"):
        question_create(actor=SYSTEM, category=category, item=bad)
    assert not QuestionVersion.objects.exists()


def test_only_those_who_manage_the_bank_write_to_it(tree, alice, keeper, keeper_b):
    with pytest.raises(NotAllowed):
        category_create(actor=actor_for(alice), organization=tree.committee_a, name="X")
    with pytest.raises(NotAllowed):
        category_create(actor=actor_for(keeper_b), organization=tree.committee_a, name="X")
    made = category_create(actor=actor_for(keeper), organization=tree.committee_a, name="X")
    assert made.organization == tree.committee_a


def test_a_category_is_seen_below_only_when_shared(tree):
    bloc = category_create(actor=SYSTEM, organization=tree.root, name="Điều lệ Đảng")
    inner = category_create(actor=SYSTEM, organization=tree.root, name="Chương I", parent=bloc)
    question = question_create(actor=SYSTEM, category=inner, item=single("Điều 1?"))
    own = category_create(actor=SYSTEM, organization=tree.committee_b, name="Của B")
    assert categories_for(tree.committee_a) == []
    with pytest.raises(Http404):
        question_get_for(tree.committee_a, question.pk)
    assert category_share(actor=SYSTEM, category=bloc, shared=True) == 2
    assert [c.name for c in categories_for(tree.cell_a1)] == ["Điều lệ Đảng", "Chương I"]
    assert question_get_for(tree.cell_a1, question.pk) == question
    assert list(question_list_for(tree.committee_a, category=bloc)) == [question]
    with pytest.raises(Http404):
        category_get_for(tree.committee_a, own.pk)  # a sibling's bank stays invisible


def test_the_list_is_searched_without_diacritics_in_vietnamese_order(
    tree, django_assert_num_queries
):
    category = category_create(actor=SYSTEM, organization=tree.committee_a, name="Lịch sử")
    for text in ("Ông là ai?", "Ơn nghĩa là gì?", "Oanh liệt là gì?", "Đảng là gì?", "Dân là gì?"):
        question_create(actor=SYSTEM, category=category, item=single(text))
    with django_assert_num_queries(1):
        texts = [q.current.text for q in question_list_for(tree.committee_a)]  # type: ignore[union-attr]
    assert texts == [
        "Dân là gì?",
        "Đảng là gì?",
        "Oanh liệt là gì?",
        "Ông là ai?",
        "Ơn nghĩa là gì?",
    ]
    found = question_list_for(tree.committee_a, query="dang LA")
    assert [q.current.text for q in found] == ["Đảng là gì?"]  # type: ignore[union-attr]


def test_category_names_are_checked(tree):
    with pytest.raises(InvalidInput):
        category_create(actor=SYSTEM, organization=tree.committee_a, name="a/b")
    category_create(actor=SYSTEM, organization=tree.committee_a, name="Lịch sử")
    with pytest.raises(InvalidInput, match="already exists"):
        category_create(actor=SYSTEM, organization=tree.committee_a, name=" Lịch  sử ")
    assert Category.objects.count() == 1


def test_many_questions_are_created_in_a_few_statements_or_none(
    tree, django_assert_max_num_queries
):
    category = category_create(actor=SYSTEM, organization=tree.committee_a, name="Lịch sử")
    rows = [
        (category, Item(SINGLE, f"Câu {n}?", (Answer("Đúng", FULL), Answer("Sai", Decimal(0)))), 1)
        for n in range(60)
    ]
    with django_assert_max_num_queries(12):
        made = questions_bulk_create(actor=SYSTEM, rows=rows)
    assert len(made) == 60
    stored = Question.objects.filter(category=category).select_related("current")
    assert stored.count() == 60 and all(q.current and q.current.number == 1 for q in stored)
    assert Choice.objects.filter(version__question__category=category).count() == 120
    assert {q.current.text for q in stored if q.current} == {f"Câu {n}?" for n in range(60)}
    assert AuditEvent.objects.filter(action="learning.question.created").count() == 1
    broken = Item(
        SINGLE, "Không có đáp án đúng?", (Answer("A", Decimal(0)), Answer("B", Decimal(0)))
    )
    with pytest.raises(InvalidInput):
        questions_bulk_create(actor=SYSTEM, rows=[rows[0], (category, broken, 1)])
    other = category_create(actor=SYSTEM, organization=tree.committee_b, name="Khác")
    with pytest.raises(NotAllowed):
        questions_bulk_create(actor=SYSTEM, rows=[rows[0], (other, rows[0][1], 1)])
    assert Question.objects.count() == 60
