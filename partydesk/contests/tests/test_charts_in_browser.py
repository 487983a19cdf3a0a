"""The results page's column charts (core's partials/column_chart.html) in a real browser,
on a phone and on a laptop: the labels under the bars keep one readable size whatever the
chart's width (they used to grow with the drawing, to 26 px at 1366 px), stay inside the
figure, apart from each other and above the caption."""

from __future__ import annotations

import itertools

import pytest

from partydesk.contests import jobs
from partydesk.contests.models import Round, Unit
from partydesk.contests.tests.test_results import organizer_root  # noqa: F401 (fixture)
from partydesk.contests.tests.test_standings import attempt, contest, person  # noqa: F401
from partydesk.tests import test_pages_in_browser as pages
from partydesk.tests.test_pages_in_browser import LAPTOP, PHONE, page_checked, signed_in

pytestmark = pytest.mark.django_db(transaction=True)
browser = pages.browser  # the headless Chromium fixture of the main pages' walk

# Per chart: its labels' boxes and font size as drawn, its figure's and caption's boxes.
MEASURED = """() => [...document.querySelectorAll("figure.chart")].map(figure => {
  const box = e => { const r = e.getBoundingClientRect();
    return {left: r.left, right: r.right, top: r.top, bottom: r.bottom, height: r.height}; };
  const labels = [...figure.querySelectorAll(".chart-label")]
    .filter(t => t.textContent.trim() && t.getClientRects().length);  // shown
  return {
    figure: box(figure),
    caption: box(figure.querySelector("figcaption")),
    labels: labels.map(t => ({...box(t), text: t.textContent,
      size: parseFloat(getComputedStyle(t).fontSize) * (t.getScreenCTM() || {a: 1}).a})),
  };
})"""


def _measured(browser, live_server, user, viewport, contest_id):  # type: ignore[no-untyped-def]
    page = signed_in(browser, live_server, user, viewport)
    page.goto(f"{live_server.url}/contests/{contest_id}/results/")
    charts = page.evaluate(MEASURED)
    page_checked(page, "contest-charts")
    page.context.close()
    return charts


def test_chart_labels_keep_one_readable_size_at_any_width(  # type: ignore[no-untyped-def]
    contest,  # noqa: F811
    organizer_root,  # noqa: F811
    live_server,
    browser,
):
    r1 = Round.objects.get(contest=contest, number=1)
    Round.objects.filter(pk=r1.pk).update(question_count=20)  # 21 scores, each labelled
    unit = Unit.objects.get(contest=contest, name="Công ty May")
    for n in range(12):
        attempt(r1, person(contest, unit, n), 1, n % 21, secs=60 + 7 * n, at=n // 2)
    jobs.round_rank.enqueue(r1.pk)
    sizes = {}
    for viewport in (PHONE, LAPTOP):
        charts = _measured(browser, live_server, organizer_root, viewport, contest.pk)
        assert len(charts) == 2  # the minutes (first and last labelled), round 1's scores
        shown = [[lb["text"] for lb in c["labels"]] for c in charts]
        assert len(shown[0]) == 2  # the minutes: the first and the last
        # Round 1's scores 0 to 20: each on a laptop, every other one on a phone.
        every = 1 if viewport == LAPTOP else 2
        assert shown[1] == [str(n) for n in range(0, 21, every)], shown
        for chart in charts:
            labels, figure = chart["labels"], chart["figure"]
            for label in labels:
                assert figure["left"] <= label["left"] and label["right"] <= figure["right"]
                assert label["bottom"] <= chart["caption"]["top"], label  # not on the caption
            for before, after in itertools.pairwise(labels):
                assert before["right"] <= after["left"], (before, after)  # apart
        sizes[viewport["width"]] = {round(lb["size"], 1) for c in charts for lb in c["labels"]}
    assert sizes[390] == sizes[1366] and len(sizes[390]) == 1, sizes
    assert 11 <= next(iter(sizes[390])) <= 14, sizes
