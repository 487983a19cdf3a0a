"""An article that embeds a published office document and a withdrawn one, read in
Vietnamese on a phone (390 px) and a desktop (1366 px): both blocks say what they are, the
page fits the screen and passes axe-core, and the signed PDF downloads from the link. The
screenshots go to var/screenshots/ (test_browser.live_server_screenshot_dir)."""

from __future__ import annotations

import pytest

from partydesk.documents.services.publication import document_set_published
from partydesk.portal.models import NewsPage
from partydesk.tests import test_pages_in_browser as pages
from partydesk.tests.test_browser import live_server_screenshot_dir
from partydesk.tests.test_pages_in_browser import LAPTOP, PHONE, axe_violations

pytestmark = pytest.mark.django_db(transaction=True)
browser = pages.browser  # the headless Chromium fixture of the main pages' walk


@pytest.mark.parametrize("viewport", [PHONE, LAPTOP], ids=["phone", "desktop"])
def test_an_article_with_a_published_and_a_withdrawn_document(  # type: ignore[no-untyped-def]
    issued, office_root, sections, live_server, browser, viewport
):
    document_set_published(actor=office_root.chief, document=issued, published=True)
    article = sections["news"].add_child(
        instance=NewsPage(
            title="Quán triệt Nghị quyết về chuyển đổi số",
            slug="quan-triet",
            lead="Ban Thường vụ Đảng ủy Khối ban hành nghị quyết; toàn văn đính kèm dưới đây.",
            body=[
                ("office_document", {"document_id": issued.pk}),
                ("office_document", {"document_id": issued.pk + 1000}),
            ],
        )
    )
    article.save_revision().publish()
    context = browser.new_context(viewport=viewport, locale="vi-VN", accept_downloads=True)
    context.add_cookies([{"name": "django_language", "value": "vi", "url": live_server.url}])
    page = context.new_page()
    page.goto(f"{live_server.url}{article.url}")
    page.get_by_text("Văn bản đã thu hồi").wait_for()
    assert page.get_by_role("link", name=issued.subject).is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    assert axe_violations(page) == []
    name = "phone" if viewport is PHONE else "desktop"
    page.screenshot(
        path=str(live_server_screenshot_dir() / f"portal-office-document-{name}.png"),
        full_page=True,
    )
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải bản PDF đã ký số").click()
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    context.close()
