"""The attempt's page from the cached sheet (issue 11, the synchronized start; ADR 0021):
the markup the per-page template gave, in either language, with the draw's question and
option order, the saved choices and texts; a page of versions already seen reads no bank
table; answers given through the page's forms (no JS) are graded as the service grades."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from partydesk.accounts.selectors import actor_for
from partydesk.conftest import logged_in
from partydesk.learning.models import Attempt
from partydesk.learning.selectors.exams import attempt_questions, attempt_saved
from partydesk.learning.services.exams import answer_save, attempt_start, attempt_submit
from partydesk.learning.sheet import sheet_html
from partydesk.learning.tests.exam_setup import an_exam, bank, learner

pytestmark = pytest.mark.django_db

# The page's question loop as it was before the sheet (learning/attempts/attempt.html).
PER_PAGE = Template(
    """{% load i18n %}{% for q in questions %}
<form class="card" hx-post="{% url 'learning:answer' attempt.pk q.slot %}" hx-trigger="change"""
    """{% if q.version.kind == 'short' or q.version.kind == 'essay' %}, keyup changed delay:2s"""
    """{% endif %}" hx-target="#saved-{{ q.slot }}" hx-swap="innerHTML" method="post" """
    """action="{% url 'learning:answer' attempt.pk q.slot %}" data-offline="{% translate """
    """'No connection: your answer is kept on this page and will be sent again.' %}">"""
    """{% csrf_token %}
  {% include "learning/attempts/_question.html" with number=forloop.counter %}
  <noscript><button type="submit" class="secondary">{% translate "Save this answer" %}"""
    """</button></noscript>
  <p id="saved-{{ q.slot }}" aria-live="polite">{% if q.answer %}<span class="muted">"""
    """{% translate "Saved" %}</span>{% endif %}</p>
</form>
{% endfor %}"""
)


def _flat(html: str) -> str:
    return re.sub(r">\s+<", "><", re.sub(r"\s+", " ", html)).strip()


def _page_sheet(attempt: Attempt) -> str:
    saved = attempt_saved(attempt)
    return sheet_html(
        attempt.draw,
        {slot: a.chosen for slot, a in saved.items()},
        answer_url=f"/learning/attempts/{attempt.pk}/answers/{{slot}}/",
        csrf_token="tok",
        texts={slot: a.text for slot, a in saved.items()},
        saved=saved.keys(),
    )


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_sheet_is_the_per_page_markup_with_the_draw_order_and_saved_answers(tree, language):
    user = learner(tree.committee_a, "hv")
    actor = actor_for(user)
    attempt = attempt_start(actor=actor, exam=an_exam(tree.committee_a, bank(tree.committee_a)))
    kinds = {q.version.kind: q for q in attempt_questions(attempt)}
    multiple = kinds["multiple"]
    answer_save(actor=actor, attempt=attempt, slot=multiple.slot, chosen=[0, 1])
    answer_save(actor=actor, attempt=attempt, slot=kinds["short"].slot, text='a <b> & "c"')
    answer_save(actor=actor, attempt=attempt, slot=kinds["essay"].slot, text="dòng 1\n<i>2</i>")
    answer_save(actor=actor, attempt=attempt, slot=kinds["single"].slot, chosen=[])
    with translation.override(language):
        questions = attempt_questions(attempt, with_answers=True)
        context = Context({"questions": questions, "attempt": attempt, "csrf_token": "tok"})
        expected = PER_PAGE.render(context)
        first = _page_sheet(attempt)
        with CaptureQueriesContext(connection) as queries:
            again = _page_sheet(attempt)
    assert _flat(first) == _flat(expected) and again == first
    assert len(queries) == 1  # the saved answers; every version's card already rendered
    assert first.count(" checked>") == 2 and "a &lt;b&gt; &amp; &quot;c&quot;" in first
    order = multiple.options
    assert first.index(f'id="q{multiple.slot}-{order[0].position}"') < first.index(
        f'id="q{multiple.slot}-{order[-1].position}"'
    )


def _forms(html: str) -> dict[int, tuple[str, list[int], str]]:
    """Each question form of a page: slot -> (action, option values in page order, markup)."""
    forms = {}
    for part in html.split('<form class="card"')[1:]:
        action = re.search(r'action="([^"]+)"', part)
        assert action is not None
        slot = int(action.group(1).rstrip("/").rsplit("/", 1)[1])
        values = [int(v) for v in re.findall(r'name="chosen" value="(-?\d+)"', part)]
        forms[slot] = (action.group(1), values, part)
    return forms


def test_answers_given_through_the_page_are_graded_as_the_service_grades(tree):
    category = bank(tree.committee_a)
    exam = an_exam(tree.committee_a, category)
    by_page, by_service = learner(tree.committee_a, "page"), learner(tree.committee_a, "svc")
    client = logged_in(by_page)
    client.post(reverse("learning:exam_take", args=[exam.pk]))
    mine = Attempt.objects.get(user=by_page)
    page = client.get(reverse("learning:attempt", args=[mine.pk])).content.decode()
    forms = _forms(page)
    questions = attempt_questions(mine)
    assert sorted(forms) == list(range(len(mine.draw)))
    for question in questions:  # the questions and options in the attempt's own order
        _action, values, markup = forms[question.slot]
        typed = question.version.kind in {"short", "essay"}
        assert values == ([] if typed else [c.position for c in question.options])
        assert question.version.text in markup
    given: dict[int, tuple[list[int], str]] = {}
    for question in questions:
        action, values, _markup = forms[question.slot]
        picked, text = values[:1], "" if values else "Tập trung  dân chủ"
        data: dict[str, object] = {"chosen": picked} if values else {"text": text}
        assert client.post(action, data).status_code == 200  # the form without JS
        given[question.version.pk] = (picked, text)
    client.post(reverse("learning:attempt_submit", args=[mine.pk]))
    actor = actor_for(by_service)
    theirs = attempt_start(actor=actor, exam=exam)
    for slot, (version_id, _order) in enumerate(theirs.draw):
        picked, text = given[version_id]
        answer_save(actor=actor, attempt=theirs, slot=slot, chosen=picked, text=text)
    theirs = attempt_submit(actor=actor, attempt=theirs)
    mine.refresh_from_db()

    def scores(attempt: Attempt) -> dict[int, object]:
        return {
            q.version.pk: q.answer.score if q.answer else None
            for q in attempt_questions(attempt, with_answers=True)
        }

    assert scores(mine) == scores(theirs) and mine.score == theirs.score
    assert (mine.score or 0) > 0
