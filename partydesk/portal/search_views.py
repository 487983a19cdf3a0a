"""/portal/search/?q=…&section=…&page=…: the reader's search (ADR 0022, "Search")."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET
from wagtail.models import Site

from partydesk.portal.search import DOCUMENTS, QUERY_MAX, portal_search, search_sections

PER_PAGE = 20


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    site = Site.find_for_request(request)
    if site is None:
        raise Http404("no portal site")
    text = request.GET.get("q", "").strip()[:QUERY_MAX]
    section = request.GET.get("section", "")
    hits = portal_search(site.root_page, text, section) if text else []
    results = Paginator(hits, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "portal/search.html",
        {
            "q": text,
            "section": section,
            "sections": search_sections(site.root_page),
            "documents_value": DOCUMENTS,
            "results": results,
            "total": len(hits),
        },
    )
