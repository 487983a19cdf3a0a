"""Wagtail's page serving behind the anonymous readers' cache (services/page_cache.py): a hit
skips routing and rendering, but still counts the read (ADR 0022, "Statistics")."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponseBase
from wagtail import views as wagtail_views

from partydesk.portal.services.page_cache import (
    page_cache_get,
    page_cache_store,
    request_cacheable,
)
from partydesk.portal.services.stats import is_robot, page_view_count_later


def serve(request: HttpRequest, path: str) -> HttpResponseBase:
    if not request_cacheable(request):
        return wagtail_views.serve(request, path)
    generation, cached = page_cache_get(request)
    if cached is not None:
        if cached.counted_page is not None and not is_robot(request):
            page_view_count_later(cached.counted_page)
        return cached.response
    response = wagtail_views.serve(request, path)
    page_cache_store(request, response, generation)
    return response
