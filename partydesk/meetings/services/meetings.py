"""Writes to meetings: scheduling one with its sites and composition. Each service checks
the actor's capability on the organizer and leaves an audit event."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partydesk.core.audit import audit_log
from partydesk.core.errors import InvalidInput, NotAllowed
from partydesk.core.http import Acting
from partydesk.core.text import fold, vn_sort_key
from partydesk.meetings.models import Meeting, MeetingKind, Participant, Role, Site, Vote
from partydesk.meetings.permissions import ORGANIZE
from partydesk.organizations.models import Organization


def meeting_check_organize(actor: Acting, organization: Organization) -> None:
    """Refuse unless the actor organizes meetings of this organization."""
    if not actor.can(ORGANIZE, on=organization):
        raise NotAllowed(_("Only those who organize the organization's meetings may do this."))


def _is_away(user: Any) -> bool:
    person = getattr(user, "person", None)
    membership = getattr(person, "membership", None) if person is not None else None
    return membership is not None and membership.away_since is not None


def _clean_sites(main_site: str, sites: Sequence[str]) -> tuple[str, list[str]]:
    main = " ".join(main_site.split())
    if not main:
        raise InvalidInput(_("Name the main site."), field="main_site")
    others: list[str] = []
    for name in sites:
        cleaned = " ".join(name.split())
        if cleaned and cleaned != main and cleaned not in others:
            others.append(cleaned[:200])
    return main[:200], others


@transaction.atomic
def meeting_create(
    *,
    actor: Acting,
    organization: Organization,
    kind: MeetingKind,
    title: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    main_site: str,
    sites: Sequence[str] = (),
    chair: Any = None,
    secretary: Any = None,
    members: Sequence[Any] = (),
    guests: Sequence[Any] = (),
    confidential: bool | None = None,
    description: str = "",
) -> Meeting:
    """Schedule a meeting with its main site, connected sites and composition (the chair
    and the secretary are members). Nobody is told until the invitations go out."""
    meeting_check_organize(actor, organization)
    if kind.organization_id not in (None, organization.pk):
        raise NotAllowed(_("This kind of meeting belongs to another organization."))
    title = " ".join(title.split())
    if not title:
        raise InvalidInput(_("Give the meeting a title."), field="title")
    if ends_at <= starts_at:
        raise InvalidInput(_("The meeting must end after it starts."), field="ends_at")
    main, others = _clean_sites(main_site, sites)
    meeting = Meeting.objects.create(
        organization=organization,
        kind=kind,
        title=title[:300],
        starts_at=starts_at,
        ends_at=ends_at,
        chair=chair,
        secretary=secretary,
        confidential=kind.confidential if confidential is None else confidential,
        description=description,
    )
    main_row = Site.objects.create(meeting=meeting, is_main=True, **site_names(main))
    Site.objects.bulk_create(Site(meeting=meeting, **site_names(name)) for name in others)
    people: dict[int, tuple[Any, str]] = {}
    for user in [chair, secretary, *members]:
        if user is not None:
            people.setdefault(user.pk, (user, Role.MEMBER))
    for user in guests:
        people.setdefault(user.pk, (user, Role.GUEST))
    Participant.objects.bulk_create(
        Participant(meeting=meeting, user=user, role=role, site=main_row, away=_is_away(user))
        for user, role in people.values()
    )
    audit_log(
        actor=actor.user,
        action="meetings.meeting.created",
        target=meeting,
        organization_id=organization.pk,
        details={"kind": kind.code, "sites": 1 + len(others), "invited": len(people)},
    )
    return meeting


def site_names(name: str) -> dict[str, str]:
    """A site's name with its Vietnamese sort key and folded form (the attendance page)."""
    return {"name": name, "sort_key": vn_sort_key(name), "search_name": fold(name)[:200]}


def refuse_if_closed(meeting: Meeting, what: str) -> None:
    """Refuse a change to a closed meeting; `what` is the sentence that says so."""
    if meeting.closed_at is not None:
        raise NotAllowed(what)


@transaction.atomic
def meeting_close(*, actor: Acting, meeting: Meeting, now: dt.datetime | None = None) -> Meeting:
    """The organizer closes the meeting: from now on its agenda, attendance, votes and
    conclusions no longer change, and its minutes can be filed. The close is dated `now`
    (by default the present: an organizer recording afterwards when it ended, e.g. the
    demo closing its past meetings at their end)."""
    meeting_check_organize(actor, meeting.organization)
    if meeting.cancelled_at is not None:
        raise NotAllowed(_("A cancelled meeting is not closed."))
    now = now or timezone.now()
    if now < meeting.starts_at:
        raise NotAllowed(_("A meeting is closed once it has started."))
    if not Meeting.objects.filter(pk=meeting.pk, closed_at__isnull=True).update(closed_at=now):
        raise NotAllowed(_("The meeting is already closed."))
    meeting.closed_at = now
    # A vote still open is closed with the meeting: its result is final.
    Vote.objects.filter(item__meeting=meeting, closed_at__isnull=True).update(closed_at=now)
    audit_log(
        actor=actor.user,
        action="meetings.meeting.closed",
        target=meeting,
        organization_id=meeting.organization_id,
    )
    return meeting
