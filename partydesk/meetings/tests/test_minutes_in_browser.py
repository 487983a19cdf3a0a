"""The minutes pages in a real browser, on a phone (390 px) and a laptop (1366 px), in
Vietnamese: the secretary's page with the generated text before filing, the same page once
filed, and the closed meeting's page linking to the filed document. Each passes axe-core,
fits the screen and breaks no CSP rule; a screenshot of each is kept in var/screenshots."""

from __future__ import annotations

import pytest
from django.urls import reverse

from partydesk.accounts.selectors import actor_for
from partydesk.meetings.services.meetings import meeting_close
from partydesk.meetings.services.minutes import minutes_file
from partydesk.meetings.tests.test_minutes import chair, clerk, held  # noqa: F401
from partydesk.tests import test_pages_in_browser as pages
from partydesk.tests.test_pages_in_browser import LAPTOP, PHONE, page_checked, signed_in

pytestmark = pytest.mark.django_db(transaction=True)
browser = pages.browser


@pytest.mark.parametrize("viewport", [PHONE, LAPTOP], ids=["phone", "laptop"])
def test_the_minutes_pages_fit_and_pass_axe(held, organizer, clerk, live_server, browser, viewport):  # type: ignore[no-untyped-def]  # noqa: F811
    meeting_close(actor=actor_for(organizer), meeting=held)
    page = signed_in(browser, live_server, clerk, viewport)
    minutes = f"{live_server.url}{reverse('meetings:minutes', args=[held.pk])}"
    detail = f"{live_server.url}{reverse('meetings:detail', args=[held.pk])}"

    def check(name: str) -> None:
        page_checked(page, f"meetings-{name}")

    page.goto(minutes)
    page.get_by_role("heading", name="Nộp vào sổ văn bản").wait_for()
    check("minutes-draft")
    document = minutes_file(actor=actor_for(clerk), meeting=held)
    page.goto(minutes)
    page.get_by_text("Hội nghị Ban Chấp hành Đảng bộ lần thứ 7").first.wait_for()
    check("minutes-filed")
    page.goto(detail)
    page.locator(f"main a[href='{reverse('documents:detail', args=[document.pk])}']").wait_for()
    check("closed-meeting")
