"""What the editors see of the reading counters (ADR 0022, "Statistics"): reads per day, the
most read pages and their reader feedback, for the pages of the desks they work for."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q, Sum
from django.utils import timezone
from wagtail.models import Page

from partydesk.core.http import Acting
from partydesk.portal.models import FeedbackStatus, PageViewDay, ReaderFeedback
from partydesk.portal.permissions import can_edit_portal_of
from partydesk.portal.selectors import portal_pages_by_organization

PERIODS = (7, 30, 90, 365)
TOP = 20


@dataclass(frozen=True)
class PageRow:
    page: Page
    views: int  # in the period
    views_ever: int
    feedback: list[int]  # in FeedbackStatus's order: pending, published, rejected


@dataclass(frozen=True)
class ReadingStats:
    start: datetime.date
    end: datetime.date
    days: list[tuple[datetime.date, int]]
    total: int
    rows: list[PageRow]
    feedback: list[tuple[str, int]] = field(default_factory=list)  # (status label, count)


def _watched(actor: Acting, *, everything: bool) -> Q | None:
    """The subtrees whose pages the actor edits (None: nothing; Q(): everything)."""
    if everything:
        return Q()
    roots = [
        page
        for organization, pages in portal_pages_by_organization().items()
        if can_edit_portal_of(actor, organization)
        for page in pages
    ]
    if not roots:
        return None
    watched = Q()
    for root in roots:
        watched |= Q(page__path__startswith=root.path)
    return watched


def reading_stats_for(actor: Acting, *, days: int, everything: bool = False) -> ReadingStats:
    """Reads per day over the last `days` days (today included), the TOP most read pages of
    that period with their reads ever and their feedback by status, and the feedback totals:
    five queries, whatever the number of pages."""
    end = timezone.localdate()
    start = end - datetime.timedelta(days=days - 1)
    watched = _watched(actor, everything=everything)
    if watched is None:
        return ReadingStats(start, end, [(start, 0)], 0, [])
    counters = PageViewDay.objects.filter(watched)
    by_day = dict(
        counters.filter(day__gte=start)
        .values("day")
        .annotate(n=Sum("views"))
        .values_list("day", "n")
    )
    series = [(start + datetime.timedelta(days=i), 0) for i in range(days)]
    series = [(day, by_day.get(day, 0)) for day, _zero in series]
    top = list(
        counters.values("page_id")
        .annotate(period=Sum("views", filter=Q(day__gte=start)), ever=Sum("views"))
        .filter(period__gt=0)
        .order_by("-period", "page_id")[:TOP]
    )
    ids = [row["page_id"] for row in top]
    pages = Page.objects.filter(pk__in=ids).specific().in_bulk()
    per_page: dict[int, dict[str, int]] = {}
    for page_id, status, n in (
        ReaderFeedback.objects.filter(page_id__in=ids)
        .values("page_id", "status")
        .annotate(n=Count("pk"))
        .values_list("page_id", "status", "n")
    ):
        per_page.setdefault(page_id, {})[status] = n
    rows = [
        PageRow(
            pages[row["page_id"]],
            row["period"],
            row["ever"],
            [per_page.get(row["page_id"], {}).get(status, 0) for status in FeedbackStatus.values],
        )
        for row in top
        if row["page_id"] in pages
    ]
    feedback = dict(
        ReaderFeedback.objects.filter(watched, received_at__date__gte=start)
        .values("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    return ReadingStats(
        start,
        end,
        series,
        sum(n for _day, n in series),
        rows,
        [(str(label), feedback.get(status, 0)) for status, label in FeedbackStatus.choices],
    )
