"""The anonymous readers' page cache (ADR 0022, "Page cache"): a public page rendered for one
anonymous reader is kept in Django's cache and sent as it is to the next, until a page is
published, unpublished, moved or deleted, or its time runs out.

Every entry records the *generation* of the cache it was made in; emptying the cache is
writing a new generation, which every process reads with the entry itself (one `get_many`:
one statement on the database cache, one MGET on Redis), so no entry outlives a change
whatever process made it, and no cache backend needs to list or delete keys by prefix.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils import translation

GENERATION_KEY = "portal:pages:generation"
ENTRY_PREFIX = "portal:page:"
# A section's list pages (?page=2) are the only query a cached page may carry: any other
# query is served fresh, so nobody fills the cache with made-up addresses.
PAGED = "page"
REQUEST_MARK = "_portal_page_cache"  # set on the request by the before_serve_page hook
HIT_HEADER = "X-Portal-Cache"


@dataclass(frozen=True)
class Cached:
    """What a hit sends back, and the page whose read it counts (None: not counted)."""

    response: HttpResponse
    counted_page: int | None


def enabled() -> bool:
    return int(settings.PARTYDESK_PORTAL_CACHE_SECONDS) > 0


def request_cacheable(request: HttpRequest) -> bool:
    """An anonymous GET with no query but a list page's number: the only requests served
    from, or stored in, the cache. Logged-in people always get a fresh page."""
    if request.method != "GET" or not enabled() or getattr(request, "is_preview", False):
        return False
    query = request.GET
    if query and (list(query) != [PAGED] or not query.get(PAGED, "").isdigit()):
        return False
    user = getattr(request, "user", None)
    return user is None or not user.is_authenticated


def _entry_key(request: HttpRequest) -> str:
    # The language is the only thing besides the address that changes an anonymous reader's
    # page (LocaleMiddleware picks it from the language cookie or Accept-Language).
    parts = "\n".join(
        (
            request.scheme or "http",
            request.get_host(),
            request.path,
            request.GET.get(PAGED, ""),
            translation.get_language() or "",
        )
    )
    return ENTRY_PREFIX + hashlib.sha256(parts.encode()).hexdigest()


def _generation(found: dict[str, Any]) -> str:
    generation = found.get(GENERATION_KEY)
    if isinstance(generation, str):
        return generation
    # None yet, or evicted: a new one, which makes every older entry stale.
    cache.add(GENERATION_KEY, secrets.token_hex(8), None)
    return str(cache.get(GENERATION_KEY, ""))


def page_cache_get(request: HttpRequest) -> tuple[str, Cached | None]:
    """The current generation and, if the cache holds this page for it, the page."""
    key = _entry_key(request)
    found = cache.get_many([GENERATION_KEY, key])
    generation = _generation(found)
    entry = found.get(key)
    if not isinstance(entry, dict) or entry.get("generation") != generation:
        return generation, None
    response = HttpResponse(entry["content"], status=entry["status"])
    for name, value in entry["headers"]:
        response[name] = value
    response[HIT_HEADER] = "hit"
    return generation, Cached(response, entry["counted_page"])


def page_cache_mark(request: HttpRequest, *, counted_page: int | None) -> None:
    """Called while Wagtail serves a page anyone may read: its response may be stored."""
    setattr(request, REQUEST_MARK, counted_page)


def page_cache_store(request: HttpRequest, response: HttpResponseBase, generation: str) -> None:
    """Keep the response if it is the same for every anonymous reader: a public page (the
    hook marked it), 200, and nothing personal on the way out (no cookie set now or by a
    middleware later: a CSRF token, a session, a message)."""
    if not hasattr(request, REQUEST_MARK) or not isinstance(response, HttpResponse):
        return
    render = getattr(response, "render", None)
    if callable(render):
        render()
    control = response.get("Cache-Control", "")
    session = getattr(request, "session", None)
    if (
        response.status_code != 200
        or response.cookies
        or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        or (session is not None and session.modified)
        or any(word in control for word in ("private", "no-store", "no-cache"))
    ):
        return
    entry = {
        "generation": generation,
        "status": response.status_code,
        "content": response.content,
        "headers": [(k, v) for k, v in response.items() if k.lower() != "vary"],
        "counted_page": getattr(request, REQUEST_MARK),
    }
    cache.set(_entry_key(request), entry, int(settings.PARTYDESK_PORTAL_CACHE_SECONDS))
    response[HIT_HEADER] = "miss"


def page_cache_clear() -> None:
    """Every cached page becomes stale: now, and again once the change that called this is
    committed (a reader who stored the old page in between stored it under the first new
    generation, which the second one retires)."""
    _new_generation()
    transaction.on_commit(_new_generation, robust=True)


def _new_generation() -> None:
    cache.set(GENERATION_KEY, secrets.token_hex(8), None)
