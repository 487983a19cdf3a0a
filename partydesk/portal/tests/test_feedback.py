"""Reader feedback: a reader sends a message under an article, it waits for the article's
desk, whose editors publish it with an answer or reject it; hostile HTML never comes back as
markup, robots and floods are turned away."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client

from partydesk.accounts.tests.factories import grant_role, make_user, verified_client
from partydesk.conftest import logged_in
from partydesk.core.models import AuditEvent, Notification
from partydesk.portal.models import FeedbackStatus, HomePage, NewsPage, ReaderFeedback, SectionPage
from partydesk.portal.services.feedback import plain_text
from partydesk.portal.services.site import portal_site_ensure

pytestmark = pytest.mark.django_db

HOSTILE = (
    '<script>alert("x")</script><img src=x onerror=alert(1)>Xin chào '
    "&lt;script&gt;steal()&lt;/script&gt;<b>ban biên tập</b>"
)


@pytest.fixture(autouse=True)
def _fresh_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def desks(tree):
    """The Bloc's news section, and committee B's own corner with an article each."""
    home = portal_site_ensure()
    news = home.add_child(instance=SectionPage(title="Tin tức", slug="tin-tuc"))
    corner = home.add_child(
        instance=SectionPage(title="Góc B", slug="goc-b", organization=tree.committee_b)
    )
    bloc_article = news.add_child(
        instance=NewsPage(title="Hội nghị Ban Chấp hành", slug="hoi-nghi", lead="Tóm tắt.")
    )
    b_article = corner.add_child(
        instance=NewsPage(title="Chi bộ B sinh hoạt", slug="sinh-hoat", lead="Tóm tắt.")
    )
    return {"home": home, "bloc": bloc_article, "b": b_article}


def _send(client: Client, article: NewsPage, **fields: str):
    data = {"name": "Nguyễn Văn An", "message": "Bài viết rất hay.", **fields}
    return client.post(f"/portal/feedback/{article.pk}/", data)


def test_a_reader_sends_feedback_which_waits_and_tells_the_desk(tree, desks, client):
    b_editor = make_user("b_editor", organization=tree.committee_b, role="specialist")
    a_editor = make_user("a_editor", organization=tree.committee_a, role="specialist")
    response = _send(client, desks["b"], email="an@example.vn", phone="0912 345 678")
    assert response.status_code == 302 and response["Location"].endswith("?sent=1")
    feedback = ReaderFeedback.objects.get()
    assert feedback.status == FeedbackStatus.PENDING
    assert feedback.organization == tree.committee_b
    assert (feedback.email, feedback.phone) == ("an@example.vn", "0912 345 678")
    assert AuditEvent.objects.filter(action="portal.feedback.received").count() == 1
    told = set(
        Notification.objects.filter(kind="portal.feedback").values_list("recipient", flat=True)
    )
    assert b_editor.pk in told and a_editor.pk not in told
    # Pending feedback is not shown to readers.
    assert "Bài viết rất hay." not in client.get(desks["b"].url).content.decode()
    assert "Cảm ơn" in client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="vi").content.decode()


def test_bad_input_keeps_what_was_typed(desks, client):
    response = _send(client, desks["bloc"], name="", message="Giữ lại nội dung này", email="x@")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Giữ lại nội dung này" in html
    assert ReaderFeedback.objects.count() == 0


def test_hostile_html_is_stored_and_shown_as_plain_text(tree, desks, client):
    make_user("b_head", organization=tree.committee_b, role="department_head")
    _send(client, desks["b"], name="<i>Kẻ</i> xấu", message=HOSTILE)
    feedback = ReaderFeedback.objects.get()
    assert "<" not in feedback.message and "alert" not in feedback.message
    assert "steal" not in feedback.message
    assert feedback.message == "Xin chào ban biên tập"
    assert feedback.name == "Kẻ xấu"
    head = make_user(
        "b_head2", organization=tree.committee_b, role="department_head", two_factor=True
    )
    editor = logged_in(head)
    answer = '<a href="javascript:x()">trả lời</a> & cảm ơn'
    response = editor.post(
        f"/portal/admin/feedback/{feedback.pk}/", {"decision": "approved", "answer": answer}
    )
    assert response.status_code == 302 and response["Location"] == "/portal/admin/feedback/"
    html = client.get(desks["b"].url).content.decode()
    assert "Xin chào ban biên tập" in html and "trả lời &amp; cảm ơn" in html
    assert "javascript:" not in html and "onerror" not in html and "<script" not in html


def test_the_plain_text_keeps_honest_characters():
    assert plain_text("a < b & c > d\r\n\r\n\r\n\r\ne\x00") == "a < b & c > d\n\ne"


def test_a_filled_trap_field_looks_sent_but_stores_nothing(desks, client):
    response = _send(client, desks["bloc"], website="http://spam.example")
    assert response.status_code == 302
    assert ReaderFeedback.objects.count() == 0


def test_one_address_is_limited_per_minute(settings, desks, client):
    settings.PARTYDESK_PORTAL_FEEDBACK_RATE_PER_MINUTE = 2
    assert _send(client, desks["bloc"]).status_code == 302
    assert _send(client, desks["bloc"], website="bot").status_code == 302  # robots count too
    refused = _send(client, desks["bloc"], message="Lần thứ ba")
    assert refused.status_code == 429 and refused["Retry-After"]
    assert "Lần thứ ba" in refused.content.decode()  # the form keeps what was typed
    assert ReaderFeedback.objects.count() == 1
    other = Client(REMOTE_ADDR="10.0.0.9")
    assert _send(other, desks["bloc"]).status_code == 302


def test_only_live_public_articles_take_feedback(desks, client):
    draft = desks["bloc"]
    draft.unpublish()
    assert client.get(f"/portal/feedback/{draft.pk}/").status_code == 404
    assert _send(client, draft).status_code == 404
    section = SectionPage.objects.get(slug="tin-tuc")
    assert client.get(f"/portal/feedback/{section.pk}/").status_code == 404
    home = HomePage.objects.get()
    assert client.get(f"/portal/feedback/{home.pk + 10_000}/").status_code == 404


def test_the_desk_publishes_with_an_answer_then_rejects(tree, desks, client):
    _send(client, desks["b"], message="Đề nghị đăng thêm ảnh.")
    feedback = ReaderFeedback.objects.get()
    editor = verified_client(
        make_user("b_writer", organization=tree.committee_b, role="specialist")
    )
    listing = editor.get("/portal/admin/feedback/")
    assert listing.status_code == 200 and "Nguyễn Văn An" in listing.content.decode()
    page = editor.get(f"/portal/admin/feedback/{feedback.pk}/")
    assert page.status_code == 200 and "Đề nghị đăng thêm ảnh." in page.content.decode()
    editor.post(
        f"/portal/admin/feedback/{feedback.pk}/",
        {"decision": "approved", "answer": "Ban biên tập sẽ bổ sung."},
    )
    html = client.get(desks["b"].url).content.decode()
    assert "Đề nghị đăng thêm ảnh." in html and "Ban biên tập sẽ bổ sung." in html
    editor.post(f"/portal/admin/feedback/{feedback.pk}/", {"decision": "rejected", "answer": ""})
    assert "Đề nghị đăng thêm ảnh." not in client.get(desks["b"].url).content.decode()
    actions = list(
        AuditEvent.objects.filter(action__startswith="portal.feedback.")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == [
        "portal.feedback.received",
        "portal.feedback.approved",
        "portal.feedback.rejected",
    ]


def test_bad_decision_is_a_clear_error(tree, desks, client):
    _send(client, desks["b"])
    feedback = ReaderFeedback.objects.get()
    editor = verified_client(
        make_user("b_writer", organization=tree.committee_b, role="specialist")
    )
    response = editor.post(f"/portal/admin/feedback/{feedback.pk}/", {"decision": "maybe"})
    assert response.status_code == 400
    assert ReaderFeedback.objects.get().status == FeedbackStatus.PENDING


def test_another_desks_feedback_is_a_404_and_absent_from_the_list(tree, desks, client):
    _send(client, desks["b"], name="Người đọc B")
    feedback = ReaderFeedback.objects.get()
    other = make_user(
        "a_head", organization=tree.committee_a, role="department_head", two_factor=True
    )
    grant_role(other, "admin", tree.committee_a)
    editor = logged_in(other)
    assert "Người đọc B" not in editor.get("/portal/admin/feedback/").content.decode()
    assert editor.get(f"/portal/admin/feedback/{feedback.pk}/").status_code == 404
    refused = editor.post(f"/portal/admin/feedback/{feedback.pk}/", {"decision": "approved"})
    assert refused.status_code == 404
    assert ReaderFeedback.objects.get().status == FeedbackStatus.PENDING


def test_the_public_cannot_reach_moderation(tree, desks, client):
    _send(client, desks["b"])
    feedback = ReaderFeedback.objects.get()
    response = client.get(f"/portal/admin/feedback/{feedback.pk}/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    clerk = logged_in(
        make_user("clerk_b", organization=tree.committee_b, role="clerk", two_factor=True)
    )
    assert clerk.get(f"/portal/admin/feedback/{feedback.pk}/").status_code == 403


def test_the_moderation_list_and_the_article_hold_their_query_count(tree, desks, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    editor = logged_in(
        make_user("b_head3", organization=tree.committee_b, role="department_head", two_factor=True)
    )

    def counts() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as listing:
            assert editor.get("/portal/admin/feedback/?status=approved").status_code == 200
        with CaptureQueriesContext(connection) as article:
            assert client.get(desks["b"].url).status_code == 200
        return len(listing), len(article)

    def publish_one(n: int) -> None:
        _send(Client(REMOTE_ADDR=f"10.0.1.{n}"), desks["b"], message=f"Ý kiến {n}")
        ReaderFeedback.objects.filter(status=FeedbackStatus.PENDING).update(
            status=FeedbackStatus.APPROVED
        )

    publish_one(1)
    counts()  # the first request reads the site once, then Wagtail keeps it
    first = counts()
    for n in range(2, 7):
        publish_one(n)
    assert counts() == first
