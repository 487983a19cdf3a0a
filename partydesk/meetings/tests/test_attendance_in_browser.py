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


@pytest.mark.parametrize("viewport", [PHONE, LAPTOP], ids=["phone", "laptop"])
def test_the_chair_checks_in_by_name_and_pages_the_members(  # type: ignore[no-untyped-def]
    tree, alice, bob, live_server, browser, viewport
):
    from partydesk.meetings.models import Participant
    from partydesk.meetings.tests.test_attendance import now_meeting

    meeting = now_meeting(tree, chair=alice, members=[alice, bob])
    page = signed_in(browser, live_server, alice, viewport)
    page.goto(f"{live_server.url}{reverse('meetings:attendance', args=[meeting.pk])}")
    site = meeting.sites.get(is_main=True)
    field = page.locator(f"#who-{site.pk}")
    field.fill(str(bob))  # what picking "Full name (login)" from the list puts there
    page.get_by_role("button", name="Điểm danh", exact=True).click()
    page.get_by_role("status").first.wait_for()
    assert Participant.objects.get(meeting=meeting, user=bob).checked_in_at is not None
    page_checked(page, "meetings-attendance-chair")
    page.get_by_role("link", name="Điểm danh thành phần dự họp").click()
    page.get_by_role("heading", name="Điểm danh thành phần dự họp").wait_for()
    page_checked(page, "meetings-attendance-members")
