"""The portal's search (/portal/search/): live public pages through Wagtail's search backend
(the database backend, on SQLite and PostgreSQL) and the office's published documents through
the documents app, diacritics and case ignored on both sides (ADR 0022, "Search")."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.models import Page
from wagtail.query import PageQuerySet

from partydesk.core.text import fold
from partydesk.documents.selectors.published import published_document_search
from partydesk.portal.models import EventPage, MaterialPage, MembersPage, NewsPage, SectionPage

DOCUMENTS = "documents"  # the "section" filter's value for the office's documents only
MAX_HITS = 300  # each source; a reader narrows the words or the section beyond that
QUERY_MAX = 200


@dataclass(frozen=True)
class SearchHit:
    title: str
    url: str
    date: datetime.date | None
    summary: str
    label: str  # what it is: the page's type, or "document"


def search_sections(root: Page) -> QuerySet[SectionPage]:
    """The sections a reader may filter by: live, public, under the site's home."""
    return SectionPage.objects.live().public().descendant_of(root).order_by("path")


def _searchable_pages(root: Page, section: SectionPage | None) -> PageQuerySet:
    pages = (
        Page.objects.live()
        .public()
        .descendant_of(section or root)
        .type(NewsPage, MaterialPage, EventPage)
    )
    # Members' areas carry a view restriction that .public() leaves out; the serve hook holds
    # even if an editor removed it, so the search leaves their subtrees out by path as well.
    for path in MembersPage.objects.values_list("path", flat=True):
        pages = pages.exclude(Q(path__startswith=path))
    return pages.order_by("-first_published_at", "-id")


def _page_hit(page: Page) -> SearchHit:
    specific = page.specific
    date = getattr(specific, "date", None)
    if date is None and page.first_published_at is not None:
        date = page.first_published_at.date()
    return SearchHit(
        title=page.title,
        url=page.get_url() or "",
        date=date,
        summary=getattr(specific, "lead", "") or "",
        label=str(specific._meta.verbose_name),
    )


def portal_search(root: Page, text: str, section: str = "") -> list[SearchHit]:
    """Matching pages and documents, newest first (at most MAX_HITS of each). `section` is a
    section's id (its pages only), DOCUMENTS (documents only) or empty (everything)."""
    words = fold(text[:QUERY_MAX])
    if not words:
        return []
    chosen = None
    if section.isdigit():
        chosen = search_sections(root).filter(pk=section).first()
    hits: list[SearchHit] = []
    if section != DOCUMENTS:
        found = _searchable_pages(root, chosen).search(
            words, operator="and", order_by_relevance=False
        )
        pages = list(found[:MAX_HITS])
        specifics = {p.pk: p for p in Page.objects.filter(pk__in=[p.pk for p in pages]).specific()}
        hits.extend(_page_hit(specifics.get(p.pk, p)) for p in pages)
    if not section or section == DOCUMENTS:
        for document in published_document_search(words)[:MAX_HITS]:
            hits.append(
                SearchHit(
                    title=f"{document.symbol} {document.subject}".strip(),
                    url=reverse("portal_document", args=[document.pk]),
                    date=document.issued_date,
                    summary=document.document_type.name,
                    label=_("document"),
                )
            )
    return sorted(hits, key=lambda hit: hit.date or datetime.date.min, reverse=True)
