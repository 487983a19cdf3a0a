"""The CMS's editors work in Vietnamese: the words Wagtail's own Vietnamese catalogues leave
out (the page editor's and the listing's) come from the project catalogue, and our
pagination's "Pages" takes a context, so Wagtail's menu reads "Trang", not "Phân trang"."""

from __future__ import annotations

import json
import re

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, ngettext, pgettext

from partydesk.conftest import logged_in
from partydesk.portal.models import NewsPage
from partydesk.portal.tests import test_editorial as editorial

portal = editorial.portal  # the Bloc's and two committees' sections, desks and editors


def test_wagtails_untranslated_words_read_in_vietnamese() -> None:
    with translation.override("vi"):
        assert gettext("Save draft") == "Lưu nháp"
        assert gettext("Request changes") == "Yêu cầu chỉnh sửa"
        assert gettext("More actions") == "Thao tác khác"
        assert gettext("Add child page") == "Thêm trang con"
        assert gettext("Images") == "Hình ảnh"
        assert gettext("Publish page") == "Xuất bản trang"
        assert ngettext("Publish 1 page", "Publish %(counter)s pages", 3) == (
            "Xuất bản %(counter)s trang"
        )
        # Wagtail's own words stay Wagtail's; our pager's word is ours
        assert gettext("Unpublish") == "Thu hồi xuất bản"
        assert gettext("Pages") == "Trang"
        assert pgettext("pagination", "Pages") == "Phân trang"


def test_an_editor_reads_the_listing_and_the_editor_in_vietnamese(portal):  # type: ignore[no-untyped-def]
    # Given a department head's published article in their committee's section
    client = logged_in(portal.head_a)
    client.post(editorial.add_url(portal.section_a), editorial.article("Tin A", "action-publish"))
    page = NewsPage.objects.get(title="Tin A")

    # When they open the section's page listing in Vietnamese
    listing = client.get(
        reverse("wagtailadmin_explore", args=(portal.section_a.pk,)), HTTP_ACCEPT_LANGUAGE="vi"
    ).content.decode()
    # Then its actions, columns and the sidebar's menu are Vietnamese
    words = ("Thêm trang con", "Kiểu trang", "Thao tác hàng loạt", "Đang hiển thị", "Tìm kiếm…")
    for word in words:
        assert word in listing
    for column in ("Cập nhật", "Kiểu"):  # the columns "Updated" and "Type"
        assert re.search(rf">\s*{column}\s*</a>", listing)
    for english in ("Add child page", "Bulk actions", "Updated", "Type"):
        assert not re.search(rf">\s*{english}\s*<", listing)
    for label in ("Trang", "Hình ảnh", "Báo cáo", "Trợ giúp"):
        assert f'"label": {json.dumps(label)}' in listing
    assert json.dumps("Phân trang") not in listing

    # And the page editor's footer offers "Lưu nháp" and "Đăng"
    editor = client.get(
        reverse("wagtailadmin_pages:edit", args=(page.pk,)), HTTP_ACCEPT_LANGUAGE="vi"
    ).content.decode()
    assert "Lưu nháp" in editor and ">Đăng<" in editor and "Thao tác khác" in editor
    assert "Save draft" not in editor and "More actions" not in editor
