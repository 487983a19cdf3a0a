"""The portal's search: live public articles and published documents, found with or without
Vietnamese diacritics; a section filter, pages of results and an empty state; drafts,
members' pages and unpublished documents never show."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from wagtail.models import Page

from partydesk.accounts.tests.factories import make_user
from partydesk.conftest import logged_in
from partydesk.documents.models import Document
from partydesk.documents.services.outgoing import document_issue, document_sign
from partydesk.documents.tests.test_outgoing import approve_all, draft
from partydesk.portal.models import MaterialPage, MembersPage, NewsPage
from partydesk.portal.search import portal_search

pytestmark = pytest.mark.django_db

URL = "/portal/search/"


def _news(section: Page, title: str, slug: str, day: int = 1, *, live: bool = True) -> NewsPage:
    page = NewsPage(
        title=title,
        slug=slug,
        lead=f"Tóm tắt: {title}",
        date=datetime.date(2026, 3, day),
        live=live,
    )
    section.add_child(instance=page)
    return page


@pytest.fixture
def portal(sections: dict[str, Page]) -> dict[str, Page]:
    home, news, corner = sections["home"], sections["news"], sections["corner"]
    sections["area"].add_child(
        instance=MaterialPage(title="Nghị quyết nội bộ học tập", slug="noi-bo")
    )
    return {
        "home": home,
        "news": news,
        "corner": corner,
        "resolution": _news(news, "Triển khai Nghị quyết Đại hội đại biểu", "nq-dai-hoi", 3),
        "corner_resolution": _news(corner, "Chi bộ học tập NGHỊ QUYẾT", "nq-chi-bo", 5),
        "draft": _news(news, "Nghị quyết chưa đăng", "nq-nhap", 7, live=False),
    }


@pytest.mark.parametrize("q", ["nghi quyet", "Nghị quyết", "NGHI QUYET", "nghị quyet"])
def test_diacritics_and_case_do_not_matter(portal, client, q):
    html = client.get(URL, {"q": q}).content.decode()
    assert "Triển khai Nghị quyết Đại hội đại biểu" in html
    assert "Chi bộ học tập NGHỊ QUYẾT" in html


def test_d_with_stroke_folds_to_d(portal, client):
    assert "Triển khai Nghị quyết Đại hội" in client.get(URL, {"q": "dai hoi"}).content.decode()


def test_drafts_and_members_pages_never_show(tree, portal, client):
    for viewer in (
        client,
        logged_in(make_user("staff", organization=tree.committee_a, role="specialist")),
    ):
        html = viewer.get(URL, {"q": "nghi quyet"}).content.decode()
        assert "chưa đăng" not in html
        assert "nội bộ" not in html
    # Even with its restriction removed by an editor, a members' area stays out.
    MembersPage.objects.get().get_view_restrictions().delete()
    titles = [hit.title for hit in portal_search(portal["home"], "nghi quyet")]
    assert "Nghị quyết nội bộ học tập" not in titles


def test_a_section_filter_keeps_that_sections_pages(portal, client):
    html = client.get(URL, {"q": "nghi quyet", "section": portal["corner"].pk}).content.decode()
    assert "Chi bộ học tập NGHỊ QUYẾT" in html
    assert "Triển khai Nghị quyết Đại hội" not in html
    # A section id that is no public section means everywhere, never an error.
    assert client.get(URL, {"q": "nghi quyet", "section": "999999"}).status_code == 200


def test_results_come_in_pages_and_nothing_found_says_so(portal, client):
    for day in range(1, 26):
        _news(portal["news"], f"Học tập chuyên đề số {day}", f"hoc-tap-{day}", day)
    first = client.get(URL, {"q": "hoc tap chuyen de"}).content.decode()
    assert first.count('<li>\n      <a href="/portal/tin-tuc/hoc-tap-') == 20
    assert 'rel="next"' in first and "page=2" in first
    second = client.get(URL, {"q": "hoc tap chuyen de", "page": 2}).content.decode()
    assert second.count('<a href="/portal/tin-tuc/hoc-tap-') == 5
    empty = client.get(URL, {"q": "khong co gi ca xyz"})
    assert empty.status_code == 200 and 'class="p-empty"' in empty.content.decode()
    assert 'class="p-results"' not in client.get(URL).content.decode()


def test_published_documents_are_found_and_the_rest_are_not(office_root, signing, portal, client):
    signing(people=[office_root.secretary], organizations=[office_root.organization])
    document = approve_all(office_root, draft(office_root))
    document_sign(actor=office_root.secretary, document=document)
    document_issue(actor=office_root.clerk, document=document)
    document.refresh_from_db()
    q = {"q": "chuyen doi so", "section": "documents"}
    assert document.subject not in client.get(URL, q).content.decode()
    # Marked for publication (the service's own checks are test_published_documents.py's).
    Document.objects.filter(pk=document.pk).update(published_at=timezone.now())
    html = client.get(URL, q).content.decode()
    assert document.subject in html and f"/portal/documents/{document.pk}/" in html
    assert "Nghị quyết Đại hội" not in client.get(URL, {**q, "q": "nghi quyet"}).content.decode()
    everywhere = client.get(URL, {"q": "chuyển đổi số"}).content.decode()
    assert document.subject in everywhere
