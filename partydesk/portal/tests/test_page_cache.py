"""The anonymous readers' page cache: one copy of a public page serves every anonymous
reader (no token, no cookie of theirs in it), per language; publishing, unpublishing,
moving or deleting a page shows at once; logged-in people, members' pages, previews and
searches never come from the cache."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client
from wagtail.models import Page

from partydesk.accounts.tests.factories import make_user
from partydesk.conftest import Tree, logged_in
from partydesk.portal.models import NewsPage, PageViewDay
from partydesk.portal.services.page_cache import (
    GENERATION_KEY,
    HIT_HEADER,
    page_cache_forget_local,
)
from partydesk.portal.services.stats import page_views_flush

pytestmark = pytest.mark.django_db

PHONE = "Mozilla/5.0 (Android 14; Mobile)"


@pytest.fixture(params=["locmem", "redis"])
def shared_cache(request: pytest.FixtureRequest) -> str:
    """The tests that take it run twice: on the local-memory cache and on the real Redis
    server as production configures it (conftest.redis_cache: a key prefix of their own)."""
    if request.param == "redis":
        request.getfixturevalue("redis_cache")
    return str(request.param)


@pytest.fixture
def article(sections: dict[str, Page]) -> NewsPage:
    return sections["news"].add_child(
        instance=NewsPage(title="Hội nghị Ban Chấp hành", slug="hoi-nghi", lead="Tóm tắt.")
    )


def _get(client: Client, url: str, language: str = ""):
    headers = {"user-agent": PHONE}
    if language:
        headers["accept-language"] = language
    return client.get(url, headers=headers)


def test_one_copy_serves_every_anonymous_reader_and_counts_each_read(shared_cache, article):
    first = _get(Client(), article.url)
    other_reader = Client()
    other_reader.cookies["sessionid"] = "not-a-session"
    other_reader.cookies["csrftoken"] = "x" * 32
    second = _get(other_reader, article.url)
    assert (first[HIT_HEADER], second[HIT_HEADER]) == ("miss", "hit")
    assert first.content == second.content
    assert not first.cookies  # no CSRF cookie, no session
    # Django only expires the second reader's stale session cookie: nothing of theirs is set.
    assert "csrftoken" not in second.cookies and not second.cookies["sessionid"].value
    assert b"csrfmiddlewaretoken" not in first.content
    assert "Hội nghị Ban Chấp hành" in second.content.decode()
    assert PageViewDay.objects.get(page=article).views == 2  # a hit is a read too


def test_each_language_has_its_own_copy(shared_cache, article):
    vi = _get(Client(), article.url, language="vi")
    en = _get(Client(), article.url, language="en")
    assert (vi[HIT_HEADER], en[HIT_HEADER]) == ("miss", "miss")
    assert '<html lang="vi">' in vi.content.decode()
    assert '<html lang="en">' in en.content.decode()
    chosen = Client()
    chosen.cookies["django_language"] = "en"
    again = _get(chosen, article.url, language="vi")
    assert again[HIT_HEADER] == "hit" and again.content == en.content


def test_the_language_buttons_need_no_token(article):
    reader = Client(enforce_csrf_checks=True)
    response = reader.post("/portal/language/", {"language": "en", "next": article.url})
    assert response.status_code == 302 and response["Location"] == article.url
    assert response.cookies["django_language"].value == "en"
    assert '<html lang="en">' in _get(reader, article.url).content.decode()


def test_publishing_shows_at_once_and_an_unpublished_page_disappears(
    shared_cache, sections, article
):
    section, home = sections["news"], sections["home"]
    for url in (article.url, section.url, home.url):
        _get(Client(), url)
        assert _get(Client(), url)[HIT_HEADER] == "hit"
    article.title = "Hội nghị lần thứ mười"
    article.save_revision().publish()
    for url in (article.url, section.url, home.url):
        response = _get(Client(), url)
        assert response[HIT_HEADER] == "miss"
        assert "Hội nghị lần thứ mười" in response.content.decode()
    fresh = section.add_child(instance=NewsPage(title="Tin mới đăng", slug="tin-moi", lead="."))
    fresh.save_revision().publish()
    assert "Tin mới đăng" in _get(Client(), home.url).content.decode()
    article.unpublish()
    assert _get(Client(), article.url).status_code == 404
    assert "Hội nghị lần thứ mười" not in _get(Client(), section.url).content.decode()


def test_a_moved_or_deleted_page_leaves_the_cache(shared_cache, sections, article):
    old_url = article.url
    _get(Client(), old_url)
    article.move(sections["corner"], pos="last-child")
    assert _get(Client(), old_url).status_code == 404
    moved = NewsPage.objects.get(pk=article.pk)
    _get(Client(), moved.url)
    moved.delete()
    assert _get(Client(), moved.url).status_code == 404


def test_logged_in_readers_never_use_the_cache(tree: Tree, article):
    member = logged_in(make_user("reader", organization=tree.committee_a, role="member"))
    mine = _get(member, article.url)
    assert HIT_HEADER not in mine and _get(Client(), article.url)[HIT_HEADER] == "miss"
    # A change that announced nothing (a direct update): the cache keeps the old page for
    # anonymous readers until it expires, a logged-in reader gets the new one.
    NewsPage.objects.filter(pk=article.pk).update(title="Tiêu đề đã sửa")
    assert "Tiêu đề đã sửa" not in _get(Client(), article.url).content.decode()
    fresh = _get(member, article.url)
    assert HIT_HEADER not in fresh and "Tiêu đề đã sửa" in fresh.content.decode()


def test_members_pages_are_never_cached(tree: Tree, sections):
    from partydesk.organizations.tests.factories import make_member

    study = sections["area"].add_child(
        instance=NewsPage(title="Tài liệu nội bộ", slug="noi-bo", lead="Nội dung nội bộ")
    )
    person = make_member(tree.cell_a1)
    member = logged_in(make_user("m", organization=tree.committee_a, role="member", person=person))
    read = _get(member, study.url)
    assert read.status_code == 200 and HIT_HEADER not in read
    for _ in range(2):
        visitor = _get(Client(), study.url)
        assert visitor.status_code == 302 and HIT_HEADER not in visitor
        assert "Nội dung nội bộ" not in visitor.content.decode()


def test_searches_previews_and_other_queries_are_never_cached(sections, article):
    for _ in range(2):
        assert HIT_HEADER not in _get(Client(), "/portal/search/?q=hoi+nghi")
    for query in ("utm_source=x", "page=2&x=1", "page=abc"):
        _get(Client(), f"{article.url}?{query}")
        assert HIT_HEADER not in _get(Client(), f"{article.url}?{query}")
    second_page = f"{sections['news'].url}?page=2"
    _get(Client(), second_page)
    assert _get(Client(), second_page)[HIT_HEADER] == "hit"
    _get(Client(), article.url)
    article.title = "Bản nháp chưa duyệt"
    article.save_revision()  # a draft: the live page does not change
    preview = article.make_preview_request()
    assert "Bản nháp chưa duyệt" in preview.rendered_content and HIT_HEADER not in preview
    live = _get(Client(), article.url)
    assert live[HIT_HEADER] == "hit" and "Bản nháp chưa duyệt" not in live.content.decode()


@pytest.fixture
def one_process(settings):
    """The production settings: a process trusts its copies for a while, counts in batches."""
    settings.PARTYDESK_PORTAL_CACHE_CHECK_SECONDS = 60
    settings.PARTYDESK_PORTAL_READS_FLUSH_SECONDS = 60
    page_cache_forget_local()
    yield
    page_views_flush()
    page_cache_forget_local()


def test_a_process_sees_its_own_changes_at_once_and_others_after_the_interval(
    shared_cache, settings, one_process, article
):
    _get(Client(), article.url)
    cache.set(GENERATION_KEY, "another process published")  # behind this process's back
    assert _get(Client(), article.url)[HIT_HEADER] == "hit"  # its copy, trusted for now
    settings.PARTYDESK_PORTAL_CACHE_CHECK_SECONDS = 0  # the interval is over
    assert _get(Client(), article.url)[HIT_HEADER] == "miss"
    settings.PARTYDESK_PORTAL_CACHE_CHECK_SECONDS = 60
    assert _get(Client(), article.url)[HIT_HEADER] == "hit"
    article.title = "Sửa trong chính tiến trình này"
    article.save_revision().publish()
    fresh = _get(Client(), article.url)
    assert fresh[HIT_HEADER] == "miss" and "Sửa trong chính" in fresh.content.decode()


def test_reads_from_the_cache_are_written_together(one_process, article):
    for _ in range(3):
        _get(Client(), article.url)
    assert PageViewDay.objects.get(page=article).views == 1  # the miss, counted as it rendered
    page_views_flush()
    assert PageViewDay.objects.get(page=article).views == 3


def test_a_document_published_or_withdrawn_in_the_office_empties_the_cache(shared_cache, article):
    from partydesk.documents.models import Document
    from partydesk.documents.services.publication import publication_changed

    before = cache.get(GENERATION_KEY)
    publication_changed.send(sender=Document, document=None)
    assert cache.get(GENERATION_KEY) != before
