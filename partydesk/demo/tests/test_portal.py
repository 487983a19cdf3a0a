"""The demo portal: its pages answer anonymous readers, in Vietnamese and English, with no
script, and its feeds read back in an independent parser."""

from __future__ import annotations

import datetime as dt
import re

import feedparser
import pytest
from django.test import Client

from partydesk.demo.context import DemoContext
from partydesk.demo.portal import seed
from partydesk.portal.models import ContactPage, EventPage, MaterialPage, NewsPage, SectionPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def portal(db, settings, tmp_path) -> DemoContext:
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media"), "base_url": "/media/portal/"},
        },
    }
    ctx = DemoContext(today=dt.date(2026, 6, 1), scale=0.05, log=lambda _line: None)
    seed(ctx)
    return ctx


def test_the_home_page_shows_the_latest_news_with_pictures(portal, client: Client):
    response = client.get("/portal/")
    assert response.status_code == 200
    html = response.content.decode()
    newest = NewsPage.objects.live().order_by("-date").first()
    assert newest is not None and newest.title in html
    assert "/media/portal/images/" in html
    assert "<script" not in html  # works without JavaScript
    assert 'rel="alternate" type="application/rss+xml"' in html


@pytest.mark.parametrize("model", [SectionPage, NewsPage, MaterialPage, EventPage, ContactPage])
def test_every_page_type_renders_with_its_title(portal, client: Client, model):
    page = model.objects.live().first()
    assert page is not None
    response = client.get(page.url)
    assert response.status_code == 200
    assert page.title in response.content.decode()


def test_an_article_shows_its_lead_image_body_and_quote(portal, client: Client):
    article = NewsPage.objects.live().first()
    html = client.get(article.url).content.decode()
    assert article.lead in html
    assert "Nội dung chính" in html and "Hồ Chí Minh" in html
    assert 'property="og:type" content="article"' in html
    image = re.search(r'src="(/media/portal/images/[^"]+)"', html)
    assert image is not None
    assert client.get(image.group(1)).status_code == 200


def test_the_interface_speaks_vietnamese_and_english(portal, client: Client):
    client.cookies["django_language"] = "vi"
    assert "Chuyển đến nội dung chính" in client.get("/portal/").content.decode()
    client.cookies["django_language"] = "en"
    assert "Skip to content" in client.get("/portal/").content.decode()


def test_a_section_pages_its_news(portal, client: Client):
    section = SectionPage.objects.get(slug="tin-tuc")
    first = client.get(section.url)
    assert first.status_code == 200
    assert NewsPage.objects.live().first().title in first.content.decode()
    assert client.get(section.url, {"page": "2"}).status_code == 200
    assert client.get(section.url, {"page": "x"}).status_code == 200


def test_the_news_feeds_read_back_with_an_independent_parser(portal, client: Client):
    live = list(NewsPage.objects.live().order_by("-date").values_list("title", flat=True))
    for url in ("/portal/feeds/news.rss", "/portal/feeds/news.atom"):
        response = client.get(url)
        assert response.status_code == 200
        feed = feedparser.parse(response.content)
        assert not feed.bozo, feed.get("bozo_exception")
        assert [entry.title for entry in feed.entries] == live[: len(feed.entries)]
        assert len(feed.entries) == min(len(live), 30)
        assert all(entry.link.startswith("http://testserver/portal/") for entry in feed.entries)
    guides = SectionPage.objects.get(slug="huong-dan")
    only_guides = feedparser.parse(
        client.get("/portal/feeds/news.rss", {"section": guides.pk}).content
    )
    assert only_guides.entries == []
    assert client.get("/portal/feeds/news.rss", {"section": "nope"}).status_code == 404


def test_a_draft_is_not_shown_to_readers(portal, client: Client):
    article = NewsPage.objects.live().first()
    article.unpublish()
    assert client.get(article.url or f"/portal/tin-tuc/{article.slug}/").status_code == 404
    assert article.title not in client.get("/portal/").content.decode()


def test_the_portal_media_route_never_reaches_the_office_stored_files(portal, client: Client):
    from partydesk.core.services.files import file_store

    stored = file_store(data=b"%PDF-1.7 office only", content_type="application/pdf")
    for path in (
        f"/media/portal/../{stored.storage_name}",
        f"/media/portal/%2e%2e/{stored.storage_name}",
        f"/media/{stored.storage_name}",
    ):
        assert client.get(path).status_code in (400, 404), path  # 400: a path leaving the folder


def test_the_demo_logins_edit_and_approve_the_blocs_portal(settings, tmp_path):
    from partydesk.accounts.models import User
    from partydesk.conftest import logged_in
    from partydesk.demo.seed import seed_demo
    from partydesk.demo.steps import CORE_STEPS
    from partydesk.portal.models import EditorialDesk, HomePage

    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media"), "base_url": "/media/portal/"},
        },
    }
    seed_demo(scale=0.05, log=lambda _line: None, steps=[*CORE_STEPS, "partydesk.demo.portal.seed"])
    writer = User.objects.get(username="chuyenvien")
    head = User.objects.get(username="truongban")
    home = HomePage.objects.get()
    bloc = EditorialDesk.objects.get(organization__parent__isnull=True)
    assert set(bloc.editors.user_set.all()) >= {writer, head}
    assert head in bloc.approvers.user_set.all() and writer not in bloc.approvers.user_set.all()
    assert home.permissions_for_user(writer).can_add_subpage()
    assert not home.permissions_for_user(writer).can_publish_subpage()
    assert home.permissions_for_user(head).can_publish_subpage()
    corner = SectionPage.objects.get(slug="dang-bo-so-y-te")
    assert EditorialDesk.objects.filter(organization=corner.organization).exists()
    assert logged_in(writer).get("/portal/admin/").status_code == 200
    assert logged_in(head).get("/portal/admin/").status_code == 200


@pytest.fixture
def world(settings, tmp_path) -> None:
    """The committee (organizations, people, logins), then its portal."""
    from partydesk.demo.seed import seed_demo
    from partydesk.demo.steps import CORE_STEPS

    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media"), "base_url": "/media/portal/"},
        },
    }
    seed_demo(scale=0.05, log=lambda _line: None, steps=[*CORE_STEPS, "partydesk.demo.portal.seed"])


def test_the_bulk_inserted_news_keep_the_page_tree_valid(world, client: Client):
    from wagtail.models import Page

    assert all(problems == [] for problems in Page.find_problems())
    corner = SectionPage.objects.get(slug="dang-bo-so-y-te")
    assert corner.get_children().count() == corner.numchild > 0
    article = NewsPage.objects.child_of(corner).live().first()
    response = client.get(article.url)
    assert response.status_code == 200 and article.title in response.content.decode()
    assert article.tags.count() == 2
    # Pages inserted in bulk behave as Wagtail's own: a new child goes after them.
    added = corner.add_child(instance=NewsPage(title="Bài mới", slug="bai-moi", lead="Mới."))
    assert added.path > max(p.path for p in corner.get_children().exclude(pk=added.pk))
    assert all(problems == [] for problems in Page.find_problems())


def test_published_reader_feedback_shows_under_its_article(world, client: Client):
    from partydesk.portal.models import FeedbackStatus, ReaderFeedback

    shown = ReaderFeedback.objects.filter(status=FeedbackStatus.APPROVED).first()
    waiting = ReaderFeedback.objects.filter(status=FeedbackStatus.PENDING).first()
    assert shown is not None and waiting is not None
    assert shown.message in client.get(shown.page.url).content.decode()
    if waiting.page_id != shown.page_id:
        assert waiting.message not in client.get(waiting.page.url).content.decode()


def test_the_demo_members_area_is_for_the_member_login_only(world, client: Client):
    from partydesk.accounts.models import User
    from partydesk.conftest import logged_in
    from partydesk.portal.models import MembersPage

    area = MembersPage.objects.get(slug="danh-cho-dang-vien")
    response = client.get(area.url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    member = logged_in(User.objects.get(username="dangvien"))
    assert "Tài liệu học tập Nghị quyết Đại hội" in member.get(area.url).content.decode()
