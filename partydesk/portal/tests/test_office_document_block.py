"""The article block that embeds a document the office published: a reader sees its number,
date, type, issuer and subject and downloads its signed PDF; once the office withdraws it
the article says so and offers nothing of it; a classified document is never shown."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from partydesk.documents.services.publication import document_set_published
from partydesk.portal.models import NewsPage
from partydesk.portal.services.page_cache import HIT_HEADER

pytestmark = pytest.mark.django_db

WITHDRAWN = "Document withdrawn"


def _article(section: Page, *document_ids: int) -> NewsPage:
    page = section.add_child(
        instance=NewsPage(
            title="Quán triệt nghị quyết",
            slug="quan-triet",
            lead="Toàn văn nghị quyết đính kèm.",
            body=[("office_document", {"document_id": pk}) for pk in document_ids],
        )
    )
    page.save_revision().publish()
    return page


def _read(url: str, language: str = "en") -> tuple[str, str]:
    response = Client().get(url, headers={"accept-language": language})
    assert response.status_code == 200
    return response.content.decode(), response.get(HIT_HEADER, "")


def test_a_published_document_shows_what_a_reader_needs_until_it_is_withdrawn(
    issued, office_root, sections
):
    document_set_published(actor=office_root.chief, document=issued, published=True)
    article = _article(sections["news"], issued.pk)
    html, state = _read(article.url)
    assert state == "miss"
    for shown in (
        issued.number_symbol,
        issued.issued_date.strftime("%d/%m/%Y"),
        issued.document_type.name,
        issued.organization.name,
        issued.subject,
        f'href="/portal/documents/{issued.pk}/"',
        f'href="/portal/documents/{issued.pk}/pdf/" download',
    ):
        assert shown in html, shown
    assert WITHDRAWN not in html
    assert _read(article.url)[1] == "hit"
    vietnamese, _state = _read(article.url, "vi")
    assert "Tải bản PDF đã ký số" in vietnamese and "Cơ quan ban hành" in vietnamese
    # The office withdraws it: the cached article is emptied and tells the reader
    document_set_published(actor=office_root.chief, document=issued, published=False)
    html, state = _read(article.url)
    assert state == "miss" and WITHDRAWN in html
    assert issued.subject not in html and issued.number_symbol not in html
    assert f"/portal/documents/{issued.pk}/" not in html
    assert "Văn bản đã thu hồi" in _read(article.url, "vi")[0]


def test_a_classified_or_unknown_document_is_never_shown(classified, sections):
    article = _article(sections["news"], classified.pk, classified.pk + 1000)
    html, _state = _read(article.url)
    assert html.count(WITHDRAWN) == 2
    assert classified.subject not in html and classified.number_symbol not in html
    assert f"/portal/documents/{classified.pk}" not in html


def test_the_documents_of_an_article_are_read_in_one_query(issued, office_root, sections):
    document_set_published(actor=office_root.chief, document=issued, published=True)
    article = _article(sections["news"], issued.pk, issued.pk, issued.pk + 1000)
    with CaptureQueriesContext(connection) as queries:
        html, _state = _read(f"{article.url}?fresh=1")  # never from the cache
    assert html.count(issued.subject) == 2 and html.count(WITHDRAWN) == 1
    documents = [q for q in queries if 'FROM "documents_document"' in q["sql"]]
    assert len(documents) == 1, [q["sql"] for q in documents]
