"""The anonymous readers' page cache (ADR 0022, "Page cache"): a public page rendered for one
anonymous reader is kept in Django's cache and sent as it is to the next, until a page is
published, unpublished, moved or deleted, or its time runs out.

Every entry records the *generation* of the cache it was made in; emptying the cache is
writing a new generation, which a process reads with the entry itself (one `get_many`: one
statement on the database cache, one MGET on Redis), so no entry outlives a change whatever
process made it, and no cache backend needs to list or delete keys by prefix.

Each web process also keeps the entries it served in its memory (at most LOCAL_ENTRIES),
trusted while the generation it last read is younger than PARTYDESK_PORTAL_CACHE_CHECK_SECONDS
(1 s): a hit then costs no round trip at all. The process that makes a change forgets its
generation at once, so its own next page is fresh; the others see the change within that
second. 0 reads the shared cache on every request.
"""

from __future__ import annotations

import hashlib
import secrets
import threading
import time
from collections import OrderedDict
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
LOCAL_ENTRIES = 256


class _Local:
    """This process's copies, and the shared generation it last read (and when)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.entries: OrderedDict[str, dict[str, Any]] = OrderedDict()
        self.generation: str | None = None
        self.read_at = 0.0

    def trusted(self) -> str | None:
        interval = float(settings.PARTYDESK_PORTAL_CACHE_CHECK_SECONDS)
        if self.generation is not None and time.monotonic() - self.read_at < interval:
            return self.generation
        return None

    def keep(self, key: str, entry: dict[str, Any]) -> None:
        if float(settings.PARTYDESK_PORTAL_CACHE_CHECK_SECONDS) <= 0:
            return
        with self.lock:
            self.entries[key] = entry
            self.entries.move_to_end(key)
            while len(self.entries) > LOCAL_ENTRIES:
                self.entries.popitem(last=False)

    def forget(self) -> None:
        with self.lock:
            self.generation = None
            self.entries.clear()


_local = _Local()


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
    if not isinstance(generation, str):
        # None yet, or evicted: a new one, which makes every older entry stale.
        cache.add(GENERATION_KEY, secrets.token_hex(8), None)
        generation = str(cache.get(GENERATION_KEY, ""))
    _local.generation, _local.read_at = generation, time.monotonic()
    return generation


def _fresh(entry: object, generation: str) -> bool:
    return (
        isinstance(entry, dict)
        and entry.get("generation") == generation
        and entry.get("expires", 0.0) > time.time()
    )


def _response(entry: dict[str, Any]) -> Cached:
    response = HttpResponse(entry["content"], status=entry["status"])
    for name, value in entry["headers"]:
        response[name] = value
    response[HIT_HEADER] = "hit"
    return Cached(response, entry["counted_page"])


def page_cache_get(request: HttpRequest) -> tuple[str, Cached | None]:
    """The current generation and, if the cache holds this page for it, the page."""
    key = _entry_key(request)
    generation = _local.trusted()
    if generation is not None:
        entry = _local.entries.get(key)
        if entry is not None and _fresh(entry, generation):
            return generation, _response(entry)
    found = cache.get_many([GENERATION_KEY, key])
    generation = _generation(found)
    entry = found.get(key)
    if entry is None or not _fresh(entry, generation):
        return generation, None
    _local.keep(key, entry)
    return generation, _response(entry)


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
    seconds = int(settings.PARTYDESK_PORTAL_CACHE_SECONDS)
    entry = {
        "generation": generation,
        "expires": time.time() + seconds,
        "status": response.status_code,
        "content": response.content,
        "headers": [(k, v) for k, v in response.items() if k.lower() != "vary"],
        "counted_page": getattr(request, REQUEST_MARK),
    }
    key = _entry_key(request)
    cache.set(key, entry, seconds)
    _local.keep(key, entry)
    response[HIT_HEADER] = "miss"


def page_cache_clear() -> None:
    """Every cached page becomes stale: now, and again once the change that called this is
    committed (a reader who stored the old page in between stored it under the first new
    generation, which the second one retires)."""
    _new_generation()
    transaction.on_commit(_new_generation, robust=True)


def _new_generation() -> None:
    cache.set(GENERATION_KEY, secrets.token_hex(8), None)
    _local.forget()


def page_cache_forget_local() -> None:
    """This process's copies go (tests: the shared cache was emptied under them)."""
    _local.forget()
