"""The bank's pages: list, question, import with preview and confirm, export."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from partydesk.conftest import logged_in
from partydesk.core.http import SYSTEM
from partydesk.learning.models import Question
from partydesk.learning.services.bank import category_create, category_share, question_create
from partydesk.learning.services.bank_import import bank_import
from partydesk.learning.tests.test_bank import single
from partydesk.learning.tests.test_formats import GIFT

pytestmark = pytest.mark.django_db


def upload(client, data: bytes, fmt: str = "gift"):  # type: ignore[no-untyped-def]
    file = SimpleUploadedFile("bank.gift", data, content_type="text/plain")
    return client.post(reverse("learning:bank_import"), {"file": file, "format": fmt})


def test_the_list_searches_without_accents_and_shows_shared_categories(
    tree, keeper, django_assert_max_num_queries
):
    bank_import(actor=SYSTEM, organization=tree.committee_a, data=GIFT.encode(), fmt="gift")
    shared = category_create(actor=SYSTEM, organization=tree.root, name="Điều lệ")
    category_share(actor=SYSTEM, category=shared, shared=True)
    client = logged_in(keeper)
    with django_assert_max_num_queries(15):
        page = client.get(reverse("learning:bank"), {"q": "nguoi sang lap"})
    body = page.content.decode()
    assert page.status_code == 200
    assert "Người sáng lập Đảng là ai?" in body and "Năm thành lập" not in body
    assert "Điều lệ" in body and "Đảng bộ Khối các cơ quan tỉnh" in body


def test_a_question_shows_its_versions(tree, keeper):
    category = category_create(actor=SYSTEM, organization=tree.committee_a, name="Lịch sử")
    found = question_create(actor=SYSTEM, category=category, item=single("Đảng ra đời năm nào?"))
    page = logged_in(keeper).get(reverse("learning:question", args=[found.pk]))
    assert page.status_code == 200 and "Đảng ra đời năm nào?" in page.content.decode()


def test_another_organizations_question_and_category_are_404(tree, keeper, keeper_b):
    category = category_create(actor=SYSTEM, organization=tree.committee_b, name="Của B")
    found = question_create(actor=SYSTEM, category=category, item=single("Bí mật?"))
    client = logged_in(keeper)
    assert client.get(reverse("learning:question", args=[found.pk])).status_code == 404
    assert client.get(reverse("learning:bank"), {"category": category.pk}).status_code == 404


def test_a_user_without_the_capability_is_refused(tree, alice):
    assert logged_in(alice).get(reverse("learning:bank")).status_code == 403


def test_import_previews_then_imports_on_confirmation(tree, keeper):
    client = logged_in(keeper)
    preview = upload(client, GIFT.encode())
    body = preview.content.decode()
    assert preview.status_code == 200
    assert "Question type not supported: numerical." in body
    assert Question.objects.count() == 0
    token = preview.context["confirm"].initial["token"]
    done = client.post(
        reverse("learning:bank_import_confirm"), {"token": token, "skip_existing": "on"}
    )
    assert done.status_code == 302 and Question.objects.count() == 6
    again = upload(client, GIFT.encode())
    assert len(again.context["preview"].existing) == 6


def test_a_broken_file_shows_problems_and_offers_no_import(tree, keeper):
    client = logged_in(keeper)
    page = upload(client, b"Sai {~a ~b}\n")
    assert "No answer is marked correct." in page.content.decode()
    assert "learning/bank/import/confirm/" not in page.content.decode()
    binary = upload(client, b"\x00\x01\x02")
    assert binary.status_code == 400 and "This is not a text file." in binary.content.decode()
    assert Question.objects.count() == 0


def test_a_token_of_another_person_or_a_forged_one_is_refused(tree, keeper, keeper_b):
    token = upload(logged_in(keeper), GIFT.encode()).context["confirm"].initial["token"]
    url = reverse("learning:bank_import_confirm")
    assert logged_in(keeper_b).post(url, {"token": token}).status_code in (403, 404)
    assert logged_in(keeper).post(url, {"token": token + "x"}).status_code == 404
    assert Question.objects.count() == 0


def test_export_downloads_gift(tree, keeper):
    bank_import(actor=SYSTEM, organization=tree.committee_a, data=GIFT.encode(), fmt="gift")
    response = logged_in(keeper).get(reverse("learning:bank_export", args=["gift"]))
    assert response.status_code == 200
    assert response.content.decode().startswith("$CATEGORY: $course$/top/")


def test_the_preview_speaks_vietnamese(tree, keeper):
    client = logged_in(keeper)
    client.cookies["django_language"] = "vi"
    body = upload(client, GIFT.encode()).content.decode()
    assert "Loại câu hỏi chưa được hỗ trợ: số." in body
    assert "Xem trước khi nhập" in body
