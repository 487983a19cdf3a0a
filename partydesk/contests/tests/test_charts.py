"""The organizers' charts: hand-ins per minute over the last hour up to the latest, and
each round's score distribution from the leaderboard table, drawn as SVG (no inline style,
whole-number geometry in any language) with the same figures as a table."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partydesk.conftest import logged_in
from partydesk.contests import jobs
from partydesk.contests.models import Round, Unit
from partydesk.contests.selectors import score_distribution, submissions_per_minute
from partydesk.contests.tests.test_results import organizer_root  # noqa: F401 (fixture)
from partydesk.contests.tests.test_standings import T0, attempt, contest, person  # noqa: F401
from partydesk.core.charts import HEIGHT, bar_chart

pytestmark = pytest.mark.django_db


def test_bars_scale_to_the_largest_value() -> None:
    chart = bar_chart([("a", 0), ("b", 5), ("c", 10)])
    heights = [bar.height for bar in chart.bars]
    assert heights == [0, HEIGHT // 2, HEIGHT] and chart.top == 10 and chart.total == 15
    assert all(bar.y + bar.height == HEIGHT for bar in chart.bars)
    assert (chart.first, chart.last) == ("a", "c")
    assert bar_chart([("a", 0)]).bars[0].height == 0  # nothing to scale: no division by 0


def test_figures_come_from_grouped_queries(contest) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    r1 = Round.objects.get(contest=contest, number=1)
    may = Unit.objects.get(contest=contest, name="Công ty May")
    for n, (score, minute) in enumerate([(2, 0), (2, 0), (1, 3), (0, 3), (2, 59)]):
        # attempt() hands in `secs` after a start `at` minutes past T0
        attempt(r1, person(contest, may, n), 1, score, secs=60, at=minute)
    jobs.round_rank.enqueue(r1.pk)
    with CaptureQueriesContext(connection) as queries:
        minutes = submissions_per_minute(contest)
        scores = score_distribution(r1)
    assert len(queries) == 3
    assert len(minutes) == 60 and minutes[-1] == (T0 + dt.timedelta(minutes=60), 1)
    counted = dict(minutes)
    assert counted[T0 + dt.timedelta(minutes=1)] == 2
    assert counted[T0 + dt.timedelta(minutes=4)] == 2
    assert sum(counted.values()) == 5
    assert scores == [(0, 1), (1, 1), (2, 3)]


def test_the_results_page_draws_the_charts_and_their_tables(contest, organizer_root) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    r1 = Round.objects.get(contest=contest, number=1)
    may = Unit.objects.get(contest=contest, name="Công ty May")
    for n in range(3):
        attempt(r1, person(contest, may, n), 1, n % 3, secs=90 + n)
    jobs.round_rank.enqueue(r1.pk)
    client = logged_in(organizer_root)
    page = client.get(f"/contests/{contest.pk}/results/", HTTP_ACCEPT_LANGUAGE="vi").content
    html = page.decode()
    assert html.count('class="chart-svg"') == 2  # the minutes, round 1's scores
    assert "style=" not in html and "<script>" not in html
    svg = html[html.index('<svg class="chart-svg"') : html.index("</svg>")]
    assert not re.search(r'(x|y|width|height)="\d+,\d', svg)  # no decimal comma
    assert "<td>2</td><td>1</td>" in html  # the score table: one person with 2 right
