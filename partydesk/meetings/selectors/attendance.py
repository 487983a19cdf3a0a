"""Attendance as the chair sees it: the totals, the quorum computed from the kind's rule, and
the sites a page at a time, each with who checked in there and the host's count."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db import models
from django.db.models import Count, F, Q, QuerySet, Sum
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from partydesk.core.text import fold
from partydesk.meetings.models import Meeting, Participant, Role, Site
from partydesk.meetings.quorum import Member, Quorum, quorum_of
from partydesk.organizations.models import MembershipStatus

PAGE_SIZE = 50  # sites per page: a national conference connects thousands


class MemberFilter(models.TextChoices):
    ABSENT = "absent", _("Not checked in")
    PRESENT = "present", _("Checked in")
    EXEMPTED = "exempted", _("Exempted")


class SiteFilter(models.TextChoices):
    REPORTED = "reported", _("Count reported")
    UNREPORTED = "unreported", _("Count not reported")
    BELOW = "below", _("Count below the people expected")


@dataclass
class SiteRow:
    site: Site
    checked_in: int
    reported: int | None
    # The people invited to sit at this site or checked in there.
    expected: int = 0

    @property
    def below(self) -> bool:
        return self.reported is not None and self.reported < self.expected


@dataclass
class Attendance:
    quorum: Quorum | None
    members: list[Participant]
    reported_total: int
    checked_in_total: int
    sites_total: int = 0
    sites_reported: int = 0


def _official(participant: Participant) -> bool:
    person = participant.user.person
    membership = getattr(person, "membership", None) if person is not None else None
    return membership is None or membership.status == MembershipStatus.OFFICIAL


def attendance_of(meeting: Meeting) -> Attendance:
    """The live figures: the totals by aggregate queries, the members for the quorum (four
    queries whatever the number of sites and people)."""
    members = list(
        Participant.objects.filter(meeting=meeting, role=Role.MEMBER).select_related(
            "user__person__membership"
        )
    )
    sites = Site.objects.filter(meeting=meeting).aggregate(
        total=Count("pk"), reported=Count("reported_count"), people=Sum("reported_count")
    )
    checked_in = Participant.objects.filter(meeting=meeting, checked_in_at__isnull=False).count()
    kind = meeting.kind
    quorum = (
        quorum_of(
            [
                Member(_official(p), p.exempted, p.away, p.checked_in_at is not None)
                for p in members
            ],
            numerator=kind.quorum_numerator,
            denominator=kind.quorum_denominator,
            strict=kind.quorum_strict,
        )
        if kind.needs_quorum
        else None
    )
    return Attendance(
        quorum=quorum,
        members=members,
        reported_total=sites["people"] or 0,
        checked_in_total=checked_in,
        sites_total=sites["total"],
        sites_reported=sites["reported"],
    )


def _site_rows(meeting: Meeting) -> QuerySet[Site]:
    return Site.objects.filter(meeting=meeting).annotate(
        n_checked_in=Count("participants", filter=Q(participants__checked_in_at__isnull=False)),
        n_expected=Count("participants"),
    )


def _row(site: Site) -> SiteRow:
    checked_in, expected = site.n_checked_in, site.n_expected  # type: ignore[attr-defined]
    return SiteRow(site, checked_in, site.reported_count, expected)


def site_row(site: Site) -> SiteRow:
    """The figures of a site read through `site_rows_found`."""
    return _row(site)


def _sites_found(
    rows: QuerySet[Site], *, query: str, state: str, host_id: int | None
) -> QuerySet[Site]:
    if host_id is not None:
        rows = rows.filter(host_id=host_id)
    if folded := fold(query):
        rows = rows.filter(search_name__contains=folded)
    if state == SiteFilter.REPORTED:
        rows = rows.filter(reported_count__isnull=False)
    elif state == SiteFilter.UNREPORTED:
        rows = rows.filter(reported_count__isnull=True)
    elif state == SiteFilter.BELOW:
        rows = rows.filter(reported_count__lt=F("n_expected"))
    return rows.order_by("-is_main", "sort_key", "pk")


class _PagedByIds:
    """The sites found, counted and sliced by their ids, the figures counted up for the
    slice's sites only: a national conference's 20,000 sites are not grouped with their
    participants to show a page of them. Django's paginator and the API's take it as they
    take a queryset (`count()`, or `len()`, and a slice)."""

    def __init__(self, meeting: Meeting, ids: QuerySet[Site]) -> None:
        self.meeting, self.ids = meeting, ids

    def count(self) -> int:
        return self.ids.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, window: slice) -> list[Site]:
        shown = [pk for (pk,) in self.ids.values_list("pk")[window]]
        figures = {s.pk: s for s in _site_rows(self.meeting).filter(pk__in=shown)}
        return [figures[pk] for pk in shown]


def site_rows_found(
    meeting: Meeting, *, query: str = "", state: str = "", host_id: int | None = None
) -> QuerySet[Site] | _PagedByIds:
    """The sites with their figures (annotations `n_checked_in`, `n_expected`), the main site
    first, then Vietnamese order; found by a part of the name without diacritics and by the
    host's count; only the host's own sites when `host_id` is given. To be paged: unless the
    filter is on the figures themselves ("below"), only a page's sites are counted up."""
    if state == SiteFilter.BELOW:
        return _sites_found(_site_rows(meeting), query=query, state=state, host_id=host_id)
    plain = Site.objects.filter(meeting=meeting)
    return _PagedByIds(meeting, _sites_found(plain, query=query, state=state, host_id=host_id))


def sites_listed(meeting: Meeting, *, query: str = "") -> QuerySet[Site]:
    """The meeting's sites without their figures (for anyone who sees the meeting), in the
    attendance page's order, found by a part of the name without diacritics."""
    rows = Site.objects.filter(meeting=meeting).select_related("host")
    return _sites_found(rows, query=query, state="", host_id=None)


def site_page(
    meeting: Meeting,
    *,
    query: str = "",
    state: str = "",
    page: str | int = 1,
    host_id: int | None = None,
) -> Page[SiteRow]:
    """One page of `site_rows_found`, three queries whatever the number of sites."""
    rows = site_rows_found(meeting, query=query, state=state, host_id=host_id)
    found = Paginator(rows, PAGE_SIZE).get_page(page)  # type: ignore[arg-type]
    found.object_list = [_row(s) for s in found.object_list]  # type: ignore[assignment,misc]
    return found  # type: ignore[return-value]


def site_get(meeting: Meeting, pk: int) -> Site:
    found = Site.objects.filter(meeting=meeting, pk=pk).select_related("meeting__kind").first()
    if found is None:
        raise Http404("site not found")
    return found


def participant_get(meeting: Meeting, pk: int) -> Participant:
    found = Participant.objects.filter(meeting=meeting, pk=pk).select_related("meeting").first()
    if found is None:
        raise Http404("participant not found")
    return found


def member_page(
    meeting: Meeting, *, query: str = "", state: str = "", page: str | int = 1
) -> Page[Participant]:
    """One page of the meeting's members in Vietnamese order, found by a part of the name
    without diacritics (or the login) and by whether they checked in or are exempted."""
    rows = Participant.objects.filter(meeting=meeting, role=Role.MEMBER).select_related(
        "user__person"
    )
    if folded := fold(query):
        rows = rows.filter(
            Q(user__person__search_name__contains=folded) | Q(user__username__icontains=query)
        )
    if state == MemberFilter.ABSENT:
        rows = rows.filter(checked_in_at__isnull=True)
    elif state == MemberFilter.PRESENT:
        rows = rows.filter(checked_in_at__isnull=False)
    elif state == MemberFilter.EXEMPTED:
        rows = rows.filter(exempted=True)
    ordered = rows.order_by("user__person__sort_key", "user__username", "pk")
    return Paginator(ordered, PAGE_SIZE).get_page(page)


_LOGIN_AT_END = re.compile(r"\(([^()]+)\)\s*$")


def participant_named(meeting: Meeting, text: str) -> Participant | None:
    """The participant a host typed or picked from the page's list: "Full name (login)" as
    the list shows them, or the login alone."""
    text = text.strip()
    found = _LOGIN_AT_END.search(text)
    login = (found.group(1) if found else text).strip()
    if not login:
        return None
    return (
        Participant.objects.filter(meeting=meeting, user__username__iexact=login)
        .select_related("meeting")
        .first()
    )
