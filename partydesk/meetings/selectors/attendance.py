"""Attendance as the chair sees it: per site, who checked in and the host's count, and the
quorum computed from the kind's rule."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404

from partydesk.meetings.models import Meeting, Participant, Role, Site
from partydesk.meetings.quorum import Member, Quorum, quorum_of
from partydesk.organizations.models import MembershipStatus


@dataclass
class SiteRow:
    site: Site
    checked_in: int
    reported: int | None


@dataclass
class Attendance:
    sites: list[SiteRow]
    quorum: Quorum | None
    members: list[Participant]
    reported_total: int
    checked_in_total: int


def _official(participant: Participant) -> bool:
    person = participant.user.person
    membership = getattr(person, "membership", None) if person is not None else None
    return membership is None or membership.status == MembershipStatus.OFFICIAL


def attendance_of(meeting: Meeting) -> Attendance:
    """The live figures (three queries whatever the number of sites and people)."""
    sites = list(Site.objects.filter(meeting=meeting))
    people = list(
        Participant.objects.filter(meeting=meeting).select_related("user__person__membership")
    )
    per_site: dict[int | None, int] = {}
    for p in people:
        if p.checked_in_at is not None:
            per_site[p.site_id] = per_site.get(p.site_id, 0) + 1
    members = [p for p in people if p.role == Role.MEMBER]
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
        sites=[SiteRow(s, per_site.get(s.pk, 0), s.reported_count) for s in sites],
        quorum=quorum,
        members=members,
        reported_total=sum(s.reported_count or 0 for s in sites),
        checked_in_total=sum(per_site.values()),
    )


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
