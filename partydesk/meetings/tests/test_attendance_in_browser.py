"""The site host's attendance page in a real browser, on a phone (390 px) and a laptop
(1366 px), in Vietnamese: the host types the count and sends it; the page's script posts it
to the lean route and says it was recorded without leaving the page, and the chair's live
figures show it. The page passes axe-core, fits the screen and breaks no CSP rule; a
screenshot is kept in var/screenshots."""

from __future__ import annotations

import pytest
from django.urls import reverse

from partydesk.meetings.models import Site
from partydesk.meetings.selectors.attendance import attendance_of
from partydesk.meetings.tests.test_live_site_count import hosted  # noqa: F401
from partydesk.tests import test_pages_in_browser as pages
from partydesk.tests.test_pages_in_browser import LAPTOP, PHONE, page_checked, signed_in

pytestmark = pytest.mark.django_db(transaction=True)
browser = pages.browser


@pytest.mark.parametrize("viewport", [PHONE, LAPTOP], ids=["phone", "laptop"])
def test_the_host_reports_the_count_from_the_page(hosted, bob, live_server, browser, viewport):  # type: ignore[no-untyped-def]  # noqa: F811
    meeting, site = hosted
    page = signed_in(browser, live_server, bob, viewport)
    address = f"{live_server.url}{reverse('meetings:attendance', args=[meeting.pk])}"
    page.goto(address)
    page.get_by_label("Số người có mặt tại điểm cầu").fill("42")
    page.get_by_role("button", name="Báo cáo số người").click()
    page.get_by_text("Đã báo cáo: 42 người lúc").wait_for()
    assert page.url == address  # the script sent it: no navigation
    assert Site.objects.get(pk=site.pk).reported_count == 42
    assert attendance_of(meeting).reported_total == 42
    page_checked(page, "meetings-attendance-host")
