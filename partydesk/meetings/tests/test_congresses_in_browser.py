"""The congress pages in a real browser, on a phone (390 px) and a laptop (1366 px), in
Vietnamese: the organizer records a congress with the keyboard and finds it in the list.
Each page passes axe-core, fits the screen and breaks no CSP rule; screenshots are kept in
var/screenshots."""

from __future__ import annotations

import pytest
from django.urls import reverse

from partydesk.meetings.models import Congress
from partydesk.tests import test_pages_in_browser as pages
from partydesk.tests.test_pages_in_browser import LAPTOP, PHONE, page_checked, signed_in

pytestmark = pytest.mark.django_db(transaction=True)
browser = pages.browser


@pytest.mark.parametrize("viewport", [PHONE, LAPTOP], ids=["phone", "laptop"])
def test_the_organizer_records_a_congress_from_the_keyboard(  # type: ignore[no-untyped-def]
    organizer, live_server, browser, viewport
):
    page = signed_in(browser, live_server, organizer, viewport)
    page.goto(f"{live_server.url}{reverse('meetings:list')}")
    page.get_by_role("link", name="Đại hội").click()
    page.get_by_role("heading", name="Đại hội").wait_for()
    page_checked(page, "meetings-congresses-empty")
    page.get_by_role("link", name="Thêm đại hội").click()
    page.get_by_label("Tên đại hội").fill("Đại hội đại biểu lần thứ III, nhiệm kỳ 2025–2030")
    page.get_by_label("Ngày khai mạc").fill("2025-08-19")
    page.get_by_label("Ngày bế mạc").fill("2025-08-20")
    page_checked(page, "meetings-congress-new")
    page.get_by_label("Ngày bế mạc").press("Enter")
    page.get_by_role("cell", name="20/08/2025").wait_for()
    page_checked(page, "meetings-congresses")
    assert Congress.objects.get().opens_on.isoformat() == "2025-08-19"
