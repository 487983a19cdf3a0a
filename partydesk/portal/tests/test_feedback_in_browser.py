"""Reader feedback on a phone, in Vietnamese, in a real browser without any script of ours:
a reader opens an article, sends feedback, and both pages pass axe-core and fit the screen."""

from __future__ import annotations

import pytest

from partydesk.portal.models import FeedbackStatus, HomePage, NewsPage, ReaderFeedback, SectionPage
from partydesk.tests import test_pages_in_browser as pages
from partydesk.tests.test_pages_in_browser import PHONE, axe_violations

pytestmark = pytest.mark.django_db(transaction=True)
browser = pages.browser  # the headless Chromium fixture of the main pages' walk


def checked_and_fits(page) -> None:  # type: ignore[no-untyped-def]
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert axe_violations(page) == []


def test_a_reader_sends_feedback_from_a_phone(tree, live_server, browser):  # type: ignore[no-untyped-def]
    home = HomePage.objects.get()
    section = home.add_child(instance=SectionPage(title="Tin tức", slug="tin-tuc"))
    article = section.add_child(
        instance=NewsPage(title="Hội nghị Ban Chấp hành", slug="hoi-nghi", lead="Tóm tắt.")
    )
    ReaderFeedback.objects.create(
        page=article,
        organization=tree.root,
        name="Trần Văn Minh",
        message="Bài viết rất thiết thực.",
        status=FeedbackStatus.APPROVED,
        answer="Cảm ơn bạn đọc.",
    )
    context = browser.new_context(viewport=PHONE, locale="vi-VN")
    context.add_cookies([{"name": "django_language", "value": "vi", "url": live_server.url}])
    page = context.new_page()
    page.goto(f"{live_server.url}{article.url}")
    page.get_by_text("Bài viết rất thiết thực.").wait_for()
    checked_and_fits(page)
    page.get_by_role("link", name="Gửi ý kiến").click()
    checked_and_fits(page)
    page.get_by_label("Họ và tên").fill("Nguyễn Thị Hoa")
    page.get_by_label("Ý kiến của bạn").fill("Đề nghị đăng thêm ảnh.")
    page.get_by_role("button", name="Gửi", exact=True).click()
    page.get_by_text("Cảm ơn bạn.").wait_for()
    checked_and_fits(page)
    sent = ReaderFeedback.objects.get(status=FeedbackStatus.PENDING)
    assert (sent.name, sent.message) == ("Nguyễn Thị Hoa", "Đề nghị đăng thêm ảnh.")
