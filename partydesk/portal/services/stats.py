"""Counting reads (ADR 0022, "Statistics"): one statement per read, adding one to the page's
counter of the day; no reader is recorded. Reads answered from the page cache are added up
in the process and written together, at most every PARTYDESK_PORTAL_READS_FLUSH_SECONDS and
when the process ends, so a hit sends no statement."""

from __future__ import annotations

import atexit
import datetime
import threading
import time
from collections import Counter

from django.conf import settings
from django.db import connection
from django.http import HttpRequest
from django.utils import timezone

from partydesk.portal.models import PageViewDay

ROBOTS = ("bot", "spider", "crawl", "slurp", "feedparser", "curl", "wget")


def is_robot(request: HttpRequest) -> bool:
    agent = request.headers.get("user-agent", "").lower()
    return not agent or any(word in agent for word in ROBOTS)


def page_view_count(page_id: int, day: datetime.date | None = None, views: int = 1) -> None:
    """Add reads of the page on `day` (today): an upsert, the same SQL on SQLite (3.24+)
    and PostgreSQL, so concurrent readers never lose a count and never wait on a lock held
    longer than the statement."""
    table = connection.ops.quote_name(PageViewDay._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (page_id, day, views) VALUES (%s, %s, %s) "  # noqa: S608
            f"ON CONFLICT (page_id, day) DO UPDATE SET views = {table}.views + %s",
            [page_id, day or timezone.localdate(), views, views],
        )


class _Pending:
    lock = threading.Lock()
    reads: Counter[tuple[int, datetime.date]] = Counter()
    since = time.monotonic()


def page_view_count_later(page_id: int) -> None:
    """A read answered from the cache: counted in this process, written with the others once
    the oldest waits PARTYDESK_PORTAL_READS_FLUSH_SECONDS (0: at once)."""
    with _Pending.lock:
        if not _Pending.reads:
            _Pending.since = time.monotonic()
        _Pending.reads[(page_id, timezone.localdate())] += 1
        due = time.monotonic() - _Pending.since >= settings.PARTYDESK_PORTAL_READS_FLUSH_SECONDS
    if due:
        page_views_flush()


def page_views_flush() -> None:
    """Write the reads counted in this process: one upsert a page and day."""
    with _Pending.lock:
        reads, _Pending.reads = _Pending.reads, Counter()
    for (page_id, day), views in sorted(reads.items()):
        page_view_count(page_id, day, views)


@atexit.register
def _flush_at_exit() -> None:
    # A worker that stops (gunicorn's graceful restart) writes what it counted; a killed one
    # loses at most the last few seconds of reads.
    if _Pending.reads:
        try:
            page_views_flush()
        except Exception:  # the database may already be gone: nothing more to do
            return
