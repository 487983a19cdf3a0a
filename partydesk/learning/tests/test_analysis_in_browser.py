"""The item analysis page (the .xlsx's page) in a real browser, in Vietnamese: a flag is a
sentence ("Có phương án sai được chọn nhiều hơn phương án đúng"), and it wraps inside its cell
rather than run out of the table on a laptop (where the table then scrolls sideways and cuts
it) or out of the card on a phone; on a laptop the question keeps a readable width."""

from __future__ import annotations

import pytest
from django.urls import reverse

from partydesk.learning.models import ItemStatistic
from partydesk.learning.services.item_analysis import item_analysis_refresh
from partydesk.learning.tests.test_item_analysis import build
from partydesk.tests import test_pages_in_browser as pages
from partydesk.tests.test_pages_in_browser import LAPTOP, PHONE, page_checked, signed_in

pytestmark = pytest.mark.django_db(transaction=True)
browser = pages.browser  # the headless Chromium fixture of the main pages' walk

OUTSIDE = """() => {
  const out = [];
  for (const wrap of document.querySelectorAll('.table-wrap')) {
    if (wrap.scrollWidth > wrap.clientWidth) out.push('table ' + wrap.scrollWidth);
  }
  for (const tag of document.querySelectorAll('td .tag')) {
    const cell = tag.closest('td').getBoundingClientRect();
    if (tag.getBoundingClientRect().right > cell.right + 1) out.push(tag.textContent);
  }
  return out;
}"""


@pytest.mark.parametrize("viewport", [PHONE, LAPTOP], ids=["phone", "laptop"])
def test_the_flags_stay_inside_their_cells(tree, keeper, live_server, browser, viewport):  # type: ignore[no-untyped-def]
    build(tree)
    item_analysis_refresh(organization=tree.committee_a)
    assert ItemStatistic.objects.exclude(flags=",").exists()
    page = signed_in(browser, live_server, keeper, viewport)
    page.goto(f"{live_server.url}{reverse('learning:analysis')}?flag=any")
    assert page.locator("td .tag").count() > 0
    assert page.evaluate(OUTSIDE) == []
    if viewport == LAPTOP:
        # The question keeps a readable width beside the figures (it was squeezed to a word
        # a line while the figures' one-line heads kept theirs).
        width = page.locator("table.item-analysis td.card-head").first.bounding_box()["width"]
        assert width >= 240
    page_checked(page, "learning-analysis")
