"""Item analysis on a constructed set of attempts whose figures are known: ten takers of
increasing ability sit six single-choice questions (a good one, a miskeyed one, one everyone
gets, one almost nobody gets, two that rank the takers). Facility and the upper/lower 27 %
index are checked against hand-counted values, the point-biserial against an independent
computation from the raw vectors (statistics.correlation), and the flags against the design.
Then the editor's page (sorting, filters, export) and another organization."""

from __future__ import annotations

import io
import re
import statistics
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils.html import strip_tags
from openpyxl import load_workbook

from partydesk.accounts.selectors import actor_for
from partydesk.conftest import logged_in
from partydesk.core.http import SYSTEM
from partydesk.learning.formats import Answer, Item
from partydesk.learning.models import ItemStatistic, Question
from partydesk.learning.services import item_stats
from partydesk.learning.services.bank import category_create, question_create
from partydesk.learning.services.exams import answer_save, attempt_start, attempt_submit
from partydesk.learning.services.item_analysis import item_analysis_refresh
from partydesk.learning.tests.exam_setup import an_exam, learner

D = Decimal
TAKERS = range(10)

# Which option taker t chooses for each question (option 0 is the right one; None: blank).
CHOICES = {
    "good": lambda t: 0 if t >= 4 else 1 + t % 3,
    "miskeyed": lambda t: 0 if t <= 3 else 1,
    "easy": lambda t: 0,
    "hard": lambda t: 0 if t == 9 else (None if t == 0 else 1 + t % 3),
    "anchor_a": lambda t: 0 if t >= 3 else 1,
    "anchor_b": lambda t: 0 if t >= 5 else 1,
}


def points(name: str, taker: int) -> int:
    return int(CHOICES[name](taker) == 0)


def build(tree):  # type: ignore[no-untyped-def]
    """The bank, the exam and the ten marked attempts; returns question id by name."""
    org = tree.committee_a
    category = category_create(actor=SYSTEM, organization=org, name="Phân tích")
    ids = {}
    for name in CHOICES:
        answers = (Answer("Đúng", D(100)), *(Answer(f"Sai {n}", D(0)) for n in (1, 2, 3)))
        question = question_create(
            actor=SYSTEM, category=category, item=Item("single", f"Câu {name}?", answers)
        )
        ids[name] = question.pk
    exam = an_exam(org, category, question_count=len(CHOICES), attempts_allowed=1)
    by_version = {Question.objects.get(pk=pk).current_id: name for name, pk in ids.items()}
    for taker in TAKERS:
        actor = actor_for(learner(org, f"phantich{taker}"))
        attempt = attempt_start(actor=actor, exam=exam)
        for slot, (version_id, _order) in enumerate(attempt.draw):
            chosen = CHOICES[by_version[version_id]](taker)
            if chosen is not None:
                answer_save(actor=actor, attempt=attempt, slot=slot, chosen=[chosen])
        attempt_submit(actor=actor, attempt=attempt)
    # One taker still sitting the exam does not count.
    late = actor_for(learner(org, "phantich_late"))
    answer_save(actor=late, attempt=attempt_start(actor=late, exam=exam), slot=0, chosen=[0])
    return ids


def expected_r(name: str) -> float:
    """Independently: correlation of the item's points with the rest's share, per taker."""
    others = [n for n in CHOICES if n != name]
    x = [points(name, t) for t in TAKERS]
    rest = [sum(points(n, t) for n in others) / len(others) for t in TAKERS]
    return statistics.correlation(x, rest)


@pytest.mark.django_db
def test_item_analysis_on_known_attempts(tree):
    ids = build(tree)
    out = io.StringIO()
    call_command("item_analysis", stdout=out)  # every bank, as the nightly timer runs it
    assert f"{tree.committee_a.code}: 6 question version(s)" in out.getvalue()
    assert item_analysis_refresh(organization=tree.committee_b) == 0
    stats = {
        name: ItemStatistic.objects.get(question_id=pk, version__question_id=pk)
        for name, pk in ids.items()
    }
    assert {name: s.takers for name, s in stats.items()} == dict.fromkeys(CHOICES, 10)
    facility = {name: round(s.facility, 6) for name, s in stats.items()}
    assert facility == {
        "good": 0.6,
        "miskeyed": 0.4,
        "easy": 1.0,
        "hard": 0.1,
        "anchor_a": 0.7,
        "anchor_b": 0.5,
    }
    # Totals rank takers 0–2 lowest (2 points) and 7–9 highest: the 27 % groups of ten are
    # three each, so upper − lower is counted by hand.
    upper_lower = {name: round(s.upper_lower or 0, 6) for name, s in stats.items()}
    assert upper_lower == {
        "good": 1.0,
        "miskeyed": -1.0,
        "easy": 0.0,
        "hard": round(1 / 3, 6),
        "anchor_a": 1.0,
        "anchor_b": 1.0,
    }
    for name in ("good", "miskeyed", "hard", "anchor_a", "anchor_b"):
        assert stats[name].discrimination == pytest.approx(expected_r(name), abs=1e-9), name
    assert stats["easy"].discrimination is None  # everyone right: nothing to correlate
    assert (stats["good"].discrimination or 0) > 0.5
    assert (stats["miskeyed"].discrimination or 0) < 0
    assert stats["good"].option_counts == [6, 2, 1, 1]
    assert stats["miskeyed"].option_counts == [4, 6, 0, 0]
    assert stats["hard"].option_counts == [1, 2, 3, 3] and stats["hard"].blank == 1
    flags = {name: s.flag_list for name, s in stats.items()}
    assert flags["good"] == []
    assert flags["miskeyed"] == [
        item_stats.NEGATIVE,
        item_stats.UNUSED_DISTRACTOR,
        item_stats.POPULAR_DISTRACTOR,
    ]
    assert flags["easy"] == [item_stats.EASY, item_stats.UNUSED_DISTRACTOR]
    assert flags["hard"][:1] == [item_stats.HARD] and item_stats.POPULAR_DISTRACTOR in flags["hard"]


def test_few_takers_are_only_flagged_few():
    sums = item_stats.Sums()
    for taker in range(3):
        sums.add(item_stats.Response(1, float(taker % 2), (0,)), rest=0.5)
    few = item_stats.figures(sums, [100, 0, 0, 0], choice_type=True)
    assert few.flags == [item_stats.FEW] and few.takers == 3


@pytest.mark.django_db
def test_the_editor_page_sorts_filters_and_exports(tree, keeper, keeper_b):
    ids = build(tree)
    client = logged_in(keeper)
    url = reverse("learning:analysis")
    assert "Not computed yet" in client.get(url).content.decode()
    client.post(reverse("learning:analysis_refresh"))  # the job runs inline in tests
    client.post(reverse("learning:analysis_refresh"))  # computed again: replaced, not added
    assert ItemStatistic.objects.count() == 6
    page = client.get(url, {"sort": "facility"})
    assert page.status_code == 200
    body = page.content.decode()
    assert body.index("Câu hard?") < body.index("Câu miskeyed?") < body.index("Câu easy?")
    flagged = client.get(url, {"flag": item_stats.NEGATIVE}).content.decode()
    assert "Câu miskeyed?" in flagged and "Câu good?" not in flagged
    odd = client.get(url, {"flag": "nonsense", "sort": "nonsense", "category": "x"})
    assert odd.status_code == 200 and "Câu good?" in odd.content.decode()
    export = client.get(reverse("learning:analysis_export"), {"flag": "any"})
    sheet = load_workbook(io.BytesIO(export.content)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:5] == ("Question", "Category", "Version", "Takers", "Facility")
    titles = {row[0] for row in rows[1:]}
    assert "Câu miskeyed?" in titles and "Câu good?" not in titles
    question = client.get(reverse("learning:question", args=[ids["good"]]))
    assert "10" in question.content.decode()
    # Committee B's editor sees only committee B's figures (none); A's category is a 404.
    other = logged_in(keeper_b)
    assert "Câu good?" not in other.get(url).content.decode()
    category = Question.objects.get(pk=ids["good"]).category_id
    assert other.get(url, {"category": category}).status_code == 404
    assert other.post(reverse("learning:analysis_refresh")).status_code == 302
    assert not ItemStatistic.objects.filter(organization=tree.committee_b).exists()


@pytest.mark.django_db
def test_the_page_writes_its_shares_as_vietnamese_does(tree, keeper):
    # Given the analysis of the known attempts
    build(tree)
    item_analysis_refresh(organization=tree.committee_a)
    # When the editor reads the page in Vietnamese
    page = logged_in(keeper).get(reverse("learning:analysis"), HTTP_ACCEPT_LANGUAGE="vi")
    text = strip_tags(page.content.decode())
    # Then a share is written "60%" as everywhere else in the office (and on the question's
    # own page), not "60 %": six of ten chose the good question's right option
    assert "✓ Đúng: 6 (60%)" in text
    assert re.findall(r"\d %", text) == []
