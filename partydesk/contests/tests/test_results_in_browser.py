"""The results page's collective prizes in a real browser: on a laptop the unit's name keeps
a readable width beside the figures (it was squeezed to a word a line by the figures' one-line
heads); on a phone each unit is a card headed by its name."""

from __future__ import annotations

import pytest

from partydesk.contests import jobs
from partydesk.contests.models import Round
from partydesk.contests.services.setup import unit_add
from partydesk.contests.tests.test_results import organizer_root  # noqa: F401 (fixture)
from partydesk.contests.tests.test_standings import attempt, contest, person  # noqa: F401
from partydesk.core.http import SYSTEM
from partydesk.tests import test_pages_in_browser as pages
from partydesk.tests.test_pages_in_browser import LAPTOP, PHONE, page_checked, signed_in

pytestmark = pytest.mark.django_db(transaction=True)
browser = pages.browser  # the headless Chromium fixture of the main pages' walk

LONG_UNIT = "Công ty TNHH May mặc Bắc Vinh (Khu công nghiệp Bắc Vinh)"


@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["laptop", "phone"])
def test_a_units_name_stays_readable_in_the_collective_prizes(  # type: ignore[no-untyped-def]
    contest,  # noqa: F811
    organizer_root,  # noqa: F811
    live_server,
    browser,
    viewport,
):
    r1 = Round.objects.get(contest=contest, number=1)
    unit = unit_add(actor=SYSTEM, contest=contest, name=LONG_UNIT, eligible=7)
    attempt(r1, person(contest, unit, 1), 1, 2, pred=1)
    jobs.round_rank.enqueue(r1.pk, final=True)
    page = signed_in(browser, live_server, organizer_root, viewport)
    page.goto(f"{live_server.url}/contests/{contest.pk}/results/")
    name = page.locator("table.unit-scores td.card-head", has_text=LONG_UNIT)
    box = name.bounding_box()
    assert box is not None
    if viewport == LAPTOP:
        assert box["width"] >= 240, box
    else:  # the card's head: the name leads the card, across its width
        assert box["width"] >= 0.7 * PHONE["width"], box
    assert "14,29%" in page.locator("table.unit-scores").inner_text()
    page_checked(page, "contest-unit-scores")
