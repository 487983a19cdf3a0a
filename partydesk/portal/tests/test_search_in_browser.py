"""Search on a phone, in Vietnamese, without any script: a reader types words without
diacritics in the header's form and gets the article; the results page and its empty state
pass axe-core and fit the screen."""

from __future__ import annotations

import os

import pytest

from partydesk.portal.models import HomePage, NewsPage, SectionPage
from partydesk.portal.tests.test_feedback_in_browser import checked_and_fits
from partydesk.tests import test_pages_in_browser as pages
from partydesk.tests.test_pages_in_browser import PHONE

pytestmark = pytest.mark.django_db(transaction=True)
browser = pages.browser


def test_a_reader_searches_without_diacritics_from_a_phone(tree, live_server, browser):  # type: ignore[no-untyped-def]
    home = HomePage.objects.get()
    section = home.add_child(instance=SectionPage(title="Tin tức", slug="tin-tuc"))
    section.add_child(
        instance=NewsPage(
            title="Quán triệt Nghị quyết Đại hội", slug="nq", lead="Các chi bộ học tập."
        )
    )
    context = browser.new_context(viewport=PHONE, locale="vi-VN")
    context.add_cookies([{"name": "django_language", "value": "vi", "url": live_server.url}])
    page = context.new_page()
    page.goto(f"{live_server.url}/portal/")
    checked_and_fits(page)
    page.get_by_label("Tìm kiếm trên cổng thông tin").fill("nghi quyet dai hoi")
    page.get_by_role("button", name="Tìm kiếm").first.click()
    page.get_by_role("link", name="Quán triệt Nghị quyết Đại hội").wait_for()
    checked_and_fits(page)
    if os.environ.get("PORTAL_SCREENSHOTS"):
        page.screenshot(path=os.environ["PORTAL_SCREENSHOTS"] + "/search.png", full_page=True)
    page.get_by_label("Từ cần tìm (có dấu hoặc không dấu)").fill("khong co")
    page.get_by_role("button", name="Tìm kiếm").last.click()
    page.get_by_text("Không tìm thấy kết quả").wait_for()
    checked_and_fits(page)
