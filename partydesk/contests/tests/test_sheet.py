"""The attempt's question sheet, rendered once per question version and language: the
markup is the per-page template's (question, options in the draw's order, saved choices
checked, each slot's form), in either language, and a page of versions already seen costs
no query and no template."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from partydesk.contests.models import Attempt
from partydesk.contests.sheet import sheet_html
from partydesk.learning.selectors.exams import draw_questions

pytestmark = pytest.mark.django_db

PER_PAGE = Template(
    """{% load i18n %}{% for q in questions %}
<form class="card" hx-post="{% url 'contests:answer' pk q.slot %}" hx-trigger="change" """
    """hx-target="#saved-{{ q.slot }}" hx-swap="innerHTML" method="post" """
    """action="{% url 'contests:answer' pk q.slot %}" data-offline="{% translate """
    """'No connection: your answer is kept on this page and will be sent again.' %}">"""
    """{% csrf_token %}
  {% include "learning/attempts/_question.html" with number=forloop.counter %}
  <noscript><button type="submit" class="secondary">{% translate "Save this answer" %}"""
    """</button></noscript>
  <p id="saved-{{ q.slot }}" aria-live="polite">{% if q.chosen %}<span class="muted">"""
    """{% translate "Saved" %}</span>{% endif %}</p>
</form>
{% endfor %}"""
)


def _flat(html: str) -> str:
    return re.sub(r">\s+<", "><", re.sub(r"\s+", " ", html)).strip()


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_cached_sheet_is_the_per_page_markup_with_the_draw_order_and_saved_choices(
    open_round, language
):
    from partydesk.contests.tests.test_take_pages import registered, start

    attempt = start(registered(open_round), open_round)
    draw = [[version_id, list(reversed(order))] for version_id, order in attempt.draw]
    chosen = {1: [draw[1][1][0]]}
    url = f"/contests/attempts/{attempt.pk}/answers/{{slot}}/"
    with translation.override(language):
        expected = PER_PAGE.render(
            Context(
                {"questions": draw_questions(draw, chosen), "pk": attempt.pk, "csrf_token": "tok"}
            )
        )
        first = sheet_html(draw, chosen, answer_url=url, csrf_token="tok")
        with CaptureQueriesContext(connection) as queries:
            again = sheet_html(draw, chosen, answer_url=url, csrf_token="tok")
    assert _flat(first) == _flat(expected) and again == first
    assert len(queries) == 0  # every version's card already rendered
    assert ' checked">' not in first and first.count(" checked>") == 1
    assert first.index(f'id="q0-{draw[0][1][0]}"') < first.index(f'id="q0-{draw[0][1][-1]}"')


def test_a_first_start_is_not_limited_but_resuming_again_and_again_is(open_round, settings):
    from partydesk.contests.tests.test_take_pages import registered

    settings.PARTYDESK_CONTESTS_TAKER_RATE_PER_MINUTE = 2
    client = registered(open_round)
    codes = [client.post(f"/contests/rounds/{open_round.pk}/start/")["Location"] for _ in range(4)]
    assert codes[0] == codes[1] == codes[2] and "/contests/attempts/" in codes[0]
    assert codes[3] == f"/contests/{open_round.contest_id}/take/"  # over the limit: told so
    assert Attempt.objects.filter(round=open_round).count() == 1
