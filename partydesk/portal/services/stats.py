"""Counting reads (ADR 0022, "Statistics"): one statement per read, adding one to the page's
counter of the day; no reader is recorded."""

from __future__ import annotations

import datetime

from django.db import connection
from django.http import HttpRequest
from django.utils import timezone

from partydesk.portal.models import PageViewDay

ROBOTS = ("bot", "spider", "crawl", "slurp", "feedparser", "curl", "wget")


def is_robot(request: HttpRequest) -> bool:
    agent = request.headers.get("user-agent", "").lower()
    return not agent or any(word in agent for word in ROBOTS)


def page_view_count(page_id: int, day: datetime.date | None = None) -> None:
    """Add one read of the page on `day` (today): an upsert, the same SQL on SQLite (3.24+)
    and PostgreSQL, so concurrent readers never lose a count and never wait on a lock held
    longer than the statement."""
    table = connection.ops.quote_name(PageViewDay._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (page_id, day, views) VALUES (%s, %s, 1) "  # noqa: S608
            f"ON CONFLICT (page_id, day) DO UPDATE SET views = {table}.views + 1",
            [page_id, day or timezone.localdate()],
        )
