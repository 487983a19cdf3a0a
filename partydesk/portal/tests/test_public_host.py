"""The portal at the root of a host name of its own (PARTYDESK_PORTAL_HOST): every reader's
page, feed, sitemap, document and form works there with links without /portal/, while the
office's host keeps /portal/; nothing of the office answers there; members' pages and files
never leak and send readers to the office's login; the page cache never mixes the two."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import set_urlconf
from django.utils import timezone
from wagtail.models import Page

from partydesk.accounts.tests.factories import make_user
from partydesk.conftest import Tree, logged_in
from partydesk.core.models import Notification
from partydesk.core.tests.test_settings import start
from partydesk.documents.services.publication import document_set_published
from partydesk.portal.models import (
    ContactPage,
    EventPage,
    MaterialPage,
    NewsPage,
    ReaderFeedback,
    SectionPage,
)
from partydesk.portal.services.page_cache import HIT_HEADER, page_cache_forget_local
from partydesk.portal.tests.test_members_area import (
    _member,
    files,  # noqa: F401 (a fixture)
)

pytestmark = pytest.mark.django_db

HOST = "www.example.vn"
OFFICE = "http://office.example.vn:8000"
SECRET = "Nội dung học tập nội bộ"
LINK = re.compile(r'(?:href|action)="([^"]*)"')


@pytest.fixture(autouse=True)
def public_host(settings) -> Iterator[None]:
    settings.PARTYDESK_PORTAL_HOST = HOST
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, HOST]
    settings.SITE_URL = OFFICE
    cache.clear()
    page_cache_forget_local()
    yield
    # Django routes a request by a per-thread URL configuration and puts the default back when
    # the response is closed (a server always closes it; the test client only once a file's
    # content is read): never let a public host's configuration outlive these tests.
    set_urlconf(None)


@pytest.fixture
def public() -> Client:
    return Client(HTTP_HOST=HOST)


@pytest.fixture
def portal(sections: dict[str, Page]) -> dict[str, Page]:
    """One page of every type: home, section, article, material, event, contact, members'
    area (with a page inside)."""
    news, area = sections["news"], sections["area"]
    article = news.add_child(
        instance=NewsPage(
            title="Triển khai Nghị quyết Đại hội",
            slug="nq-dai-hoi",
            lead="Tóm tắt nghị quyết.",
            date=datetime.date(2026, 3, 3),
        )
    )
    material = news.add_child(
        instance=MaterialPage(title="Đề cương tuyên truyền", slug="de-cuong", lead="Đề cương.")
    )
    event = news.add_child(
        instance=EventPage(title="Hội nghị học tập", slug="hoi-nghi", starts_at=timezone.now())
    )
    contact = sections["home"].add_child(
        instance=ContactPage(title="Liên hệ", slug="lien-he", address="Số 1 Hùng Vương")
    )
    inside = area.add_child(instance=MaterialPage(title="Nội bộ", slug="noi-bo", lead=SECRET))
    return {
        **sections,
        "article": article,
        "material": material,
        "event": event,
        "contact": contact,
        "inside": inside,
    }


def at_root(page: Page) -> str:
    """The page's address on the public host: its /portal/ address without the prefix."""
    url = page.url
    assert url.startswith("/portal/")
    return url.removeprefix("/portal")


def links(html: str) -> list[str]:
    return LINK.findall(html)


def assert_root_links(html: str) -> None:
    """No link of a public-host page goes under /portal/ or to another host (the stylesheet
    is /static/portal/…, which every host serves)."""
    found = links(html)
    assert found
    assert not [
        link
        for link in found
        if link.startswith("/portal/") or ("://" in link and f"://{HOST}/" not in link)
    ]


@pytest.mark.parametrize(
    "name", ["home", "news", "corner", "article", "material", "event", "contact"]
)
def test_every_page_type_is_served_at_the_root_with_root_links(portal, public, name):
    page = portal[name]
    response = public.get(at_root(page))
    assert response.status_code == 200
    html = response.content.decode()
    assert page.title in html
    assert_root_links(html)
    assert 'href="/"' in html  # the brand and the crumbs go to the root
    assert 'action="/search/"' in html and 'action="/language/"' in html
    assert 'href="/feeds/news.rss' in html


def test_the_office_host_keeps_the_portal_under_portal(portal, client):
    html = client.get("/portal/").content.decode()
    assert 'href="/portal/tin-tuc/"' in html and 'href="/portal/"' in html
    assert client.get(portal["article"].url).status_code == 200
    assert client.get("/tin-tuc/").status_code == 404  # the root is the office's here


def test_the_home_page_links_sections_and_articles_at_the_root(portal, public):
    html = public.get("/").content.decode()
    assert 'href="/tin-tuc/"' in html
    assert 'href="/tin-tuc/nq-dai-hoi/"' in html
    assert 'href="/dang-vien/"' in html  # the members' area, named with its "log in" note


@pytest.mark.parametrize("q", ["nghi quyet", "NGHỊ QUYẾT"])
def test_search_without_diacritics_links_at_the_root(portal, public, q):
    response = public.get("/search/", {"q": q})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'href="/tin-tuc/nq-dai-hoi/"' in html
    assert_root_links(html)
    assert SECRET not in html


@pytest.mark.parametrize("feed", ["/feeds/news.rss", "/feeds/news.atom"])
def test_feeds_give_addresses_on_the_public_host(portal, public, feed):
    response = public.get(feed)
    body = response.content.decode()
    assert response.status_code == 200
    assert f"http://{HOST}/tin-tuc/nq-dai-hoi/" in body
    assert "/portal/" not in body


def test_the_sitemap_lists_public_pages_with_absolute_public_addresses(portal, public, client):
    response = public.get("/sitemap.xml")
    body = response.content.decode()
    assert response.status_code == 200
    assert f"<loc>http://{HOST}/</loc>" in body
    assert f"<loc>http://{HOST}/tin-tuc/nq-dai-hoi/</loc>" in body
    assert f"<loc>http://{HOST}/lien-he/</loc>" in body
    assert "/portal/" not in body
    assert "dang-vien" not in body and "noi-bo" not in body  # the members' area is left out
    office = client.get("/portal/sitemap.xml").content.decode()
    assert "<loc>http://testserver/portal/tin-tuc/nq-dai-hoi/</loc>" in office
    assert HOST not in office


def test_documents_section_and_a_published_pdf(issued, office_root, public):
    document_set_published(actor=office_root.chief, document=issued, published=True)
    listing = public.get("/documents/")
    html = listing.content.decode()
    assert listing.status_code == 200 and issued.subject in html
    assert f'href="/documents/{issued.pk}/"' in html
    assert_root_links(html)
    detail = public.get(f"/documents/{issued.pk}/").content.decode()
    assert f'href="/documents/{issued.pk}/pdf/"' in detail
    assert_root_links(detail)
    pdf = public.get(f"/documents/{issued.pk}/pdf/")
    assert pdf.status_code == 200 and pdf.getvalue().startswith(b"%PDF")


def test_an_unpublished_office_document_is_not_there(issued, public):
    # /documents/ is the portal's published list on this host: the office's register and
    # its document pages are not served.
    for path in (f"/documents/{issued.pk}/", f"/documents/{issued.pk}/pdf/"):
        assert public.get(path).status_code == 404


def test_a_reader_sends_feedback_on_the_public_host_with_its_csrf_check(tree, portal, public):
    make_user("editor", organization=tree.root, role="specialist")  # the desk told of it
    article = portal["article"]
    reader = Client(enforce_csrf_checks=True, HTTP_HOST=HOST)
    form = reader.get(f"/feedback/{article.pk}/")
    assert form.status_code == 200
    assert_root_links(form.content.decode())
    data = {"name": "Nguyễn Văn An", "message": "Bài viết rất hay."}
    assert reader.post(f"/feedback/{article.pk}/", data).status_code == 403  # no token
    token = reader.cookies["csrftoken"].value
    sent = reader.post(
        f"/feedback/{article.pk}/",
        {**data, "csrfmiddlewaretoken": token},
        HTTP_ORIGIN=f"http://{HOST}",
    )
    assert sent.status_code == 302 and sent["Location"] == f"/feedback/{article.pk}/?sent=1"
    feedback = ReaderFeedback.objects.get(page=article)
    # The desk's notice links the moderation page on the office's host.
    notice = Notification.objects.get(kind="portal.feedback")
    assert notice.url == f"/portal/admin/feedback/{feedback.pk}/"
    # An article's form link points at this host's form.
    assert f'href="/feedback/{article.pk}/"' in public.get(at_root(article)).content.decode()


def test_the_language_switch_stays_on_the_public_host(portal, public):
    response = public.post("/language/", {"language": "en", "next": "/tin-tuc/"})
    assert response.status_code == 302 and response["Location"] == "/tin-tuc/"


@pytest.mark.parametrize(
    "path",
    [
        "/accounts/login/",
        "/ops/admin/",
        "/admin/",
        "/portal/admin/",
        "/portal/",
        "/api/v1/",
        "/i18n/setlang/",
        "/organizations/",
        "/meetings/",
        "/exchange/",
    ],
)
def test_nothing_of_the_office_answers_on_the_public_host(portal, public, path):
    response = public.get(path)
    assert response.status_code == 404
    if path.startswith("/api/"):
        return  # the API's 404 is JSON (core's ApiJsonErrorsMiddleware), on any host
    html = response.content.decode()
    assert 'href="/"' in html  # the portal's own 404 frame, not the office's
    assert_root_links(html)


def test_office_routes_404_even_for_someone_logged_in_there(tree: Tree, portal):
    editor = logged_in(make_user("editor", organization=tree.root, role="specialist"))
    for path in ("/admin/", "/portal/admin/", "/accounts/logout/", "/ops/admin/"):
        assert editor.get(path, HTTP_HOST=HOST).status_code == 404


@pytest.mark.parametrize("name", ["area", "inside"])
def test_a_members_page_never_leaks_and_goes_to_the_office(tree: Tree, portal, public, name):
    page = portal[name]
    response = public.get(at_root(page))
    assert response.status_code == 302
    assert response["Location"] == f"{OFFICE}{page.url}"
    assert SECRET not in response.content.decode()
    # A session carried over to the public host changes nothing: still never the content.
    member = _member(tree, "member_a1", tree.cell_a1)
    assert member.get(page.url).status_code == 200  # a member indeed, on the office's host
    carried = member.get(at_root(page), HTTP_HOST=HOST)
    assert carried.status_code == 302 and SECRET not in carried.content.decode()
    # On the office's host the members' rule is unchanged: the office's login first.
    assert Client().get(page.url)["Location"].startswith("/accounts/login/?next=")


def test_a_page_an_editor_restricted_otherwise_goes_to_the_office_too(portal, public):
    from wagtail.models import PageViewRestriction

    page = portal["material"]
    PageViewRestriction.objects.create(page=page, restriction_type="password", password="x")
    response = public.get(at_root(page))
    assert response.status_code == 302 and response["Location"] == f"{OFFICE}{page.url}"
    assert "Đề cương." not in response.content.decode()


def test_members_files_go_to_the_office_and_public_files_are_served(files, public):  # noqa: F811
    private, public_file = files["private"], files["public"]
    assert private.url.startswith("/portal/files/")
    response = public.get(private.url.removeprefix("/portal"))
    assert response.status_code == 302 and response["Location"] == f"{OFFICE}{private.url}"
    assert SECRET.encode() not in b"".join(getattr(response, "streaming_content", [b""]))
    served = public.get(public_file.url.removeprefix("/portal"))
    assert served.status_code == 200
    assert f"{SECRET} public".encode() in served.getvalue()  # read, which closes it


@pytest.mark.parametrize("backend", ["locmem", "redis"])
def test_the_page_cache_keeps_each_host_its_own_copy(request, sections, public, client, backend):
    if backend == "redis":
        request.getfixturevalue("redis_cache")
    # A section an editor named "portal": /portal/ is that section on the public host and
    # the home page on the office's; the same path must never answer with the other's page.
    sections["home"].add_child(instance=SectionPage(title="Chuyên mục Cổng", slug="portal"))
    first = public.get("/portal/")
    assert first[HIT_HEADER] == "miss" and "Chuyên mục Cổng</h1>" in first.content.decode()
    office = client.get("/portal/")
    assert office[HIT_HEADER] == "miss"
    assert 'href="/portal/tin-tuc/"' in office.content.decode()
    assert "Chuyên mục Cổng</h1>" not in office.content.decode()
    again = public.get("/portal/")
    assert again[HIT_HEADER] == "hit" and again.content == first.content
    home_public, home_office = public.get("/"), client.get("/portal/")
    assert home_office[HIT_HEADER] == "hit"
    assert 'href="/tin-tuc/"' in home_public.content.decode()
    assert 'href="/portal/tin-tuc/"' in home_office.content.decode()


def test_without_the_setting_the_name_is_just_another_office_host(settings, portal, public):
    settings.PARTYDESK_PORTAL_HOST = ""
    office_root = public.get("/")
    assert office_root.status_code == 302 and office_root["Location"].startswith("/accounts/")
    assert public.get("/portal/tin-tuc/").status_code == 200
    assert public.get("/tin-tuc/").status_code == 404


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("https://www.example.vn", "PARTYDESK_PORTAL_HOST must be a host name"),
        ("www.example.vn:8000", "PARTYDESK_PORTAL_HOST must be a host name"),
        ("127.0.0.1", "PARTYDESK_PORTAL_HOST must not be the office's"),
    ],
)
def test_start_up_refuses_a_bad_portal_host(value, message, tmp_path):
    proc = start({"PARTYDESK_PORTAL_HOST": value}, tmp=tmp_path)  # SITE_URL: 127.0.0.1
    assert proc.returncode != 0 and message in proc.stderr


def test_the_portal_host_is_allowed_at_start_up(tmp_path):
    code = "from django.conf import settings; print(settings.ALLOWED_HOSTS[-1])"
    proc = start({"PARTYDESK_PORTAL_HOST": "WWW.Example.VN."}, code, tmp=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "www.example.vn"


def test_an_articles_picture_and_its_share_image_are_on_the_public_host(
    settings, tmp_path, portal, public, django_capture_on_commit_callbacks
):
    from wagtail.models import Collection

    from partydesk.portal.tests.test_private_images import _picture

    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "partydesk.portal.storage.PortalMediaStorage",
            "OPTIONS": {"location": str(tmp_path / "media"), "base_url": "/media/portal/"},
        },
    }
    article = portal["article"]
    article.image = _picture(
        "le-ky-niem", Collection.get_first_root_node(), django_capture_on_commit_callbacks
    )
    article.save_revision().publish()
    html = public.get(at_root(article)).content.decode()
    share = re.search(r'og:image" content="([^"]+)"', html)
    assert share is not None
    assert share.group(1).startswith(f"http://{HOST}/media/portal/images/")
    picture = re.search(r'<img[^>]+src="(/media/portal/images/[^"]+)"', html)
    assert picture is not None
    assert public.get(picture.group(1)).status_code == 200
