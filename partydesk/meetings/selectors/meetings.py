"""Reads of meetings for a person: those of the organization they act for that their role
lets them see (confidential ones only to the composition), and those they are invited to
anywhere. Anything else is not found (404), so ids do not leak."""

from __future__ import annotations

import datetime as dt

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from partydesk.core.http import Acting
from partydesk.meetings.models import Meeting, MeetingKind, Participant, Site
from partydesk.meetings.permissions import VIEW
from partydesk.organizations.models import Organization


def composition_q(user_id: int) -> Q:
    """Meetings where the person is chair, secretary, a site's host or invited."""
    return (
        Q(chair_id=user_id)
        | Q(secretary_id=user_id)
        | Q(pk__in=Participant.objects.filter(user_id=user_id).values("meeting_id"))
        | Q(pk__in=Site.objects.filter(host_id=user_id).values("meeting_id"))
    )


def visible_q(actor: Acting) -> Q:
    user = actor.user
    if user is None or not user.is_authenticated:
        return Q(pk__in=[])
    found = composition_q(user.pk)
    scope = actor.scope
    if scope is not None and actor.can(VIEW):
        found |= Q(organization=scope, confidential=False)
    return found


def meeting_list_for(actor: Acting, *, upcoming: bool | None = None) -> QuerySet[Meeting]:
    """Meetings the actor sees; upcoming ones soonest first, past ones latest first."""
    rows = Meeting.objects.filter(visible_q(actor)).select_related("kind", "organization")
    now = timezone.now()
    if upcoming is True:
        return rows.filter(ends_at__gte=now, cancelled_at__isnull=True).order_by("starts_at")
    if upcoming is False:
        return rows.filter(ends_at__lt=now).order_by("-starts_at")
    return rows


def meeting_get_for(actor: Acting, pk: int) -> Meeting:
    """One meeting the actor sees, else 404, without its sites and participants: a national
    conference has twenty thousand sites and thousands of participants, and most pages
    (attendance, votes, elections, the agenda, the API) read a page or a count of them, or
    one person's row, so loading every row per request was the cost."""
    found = (
        Meeting.objects.filter(visible_q(actor), pk=pk)
        .select_related("kind", "organization", "chair", "secretary")
        .first()
    )
    if found is None:
        raise Http404("meeting not found")
    return found


def meeting_with_people_get_for(actor: Acting, pk: int) -> Meeting:
    """One meeting the actor sees with its participants prefetched, else 404: for the
    meeting's own page, its invitations and its calendar file, which list them (the sites,
    thousands for a national conference, are read a page at a time: `sites_listed`)."""
    found = (
        Meeting.objects.filter(visible_q(actor), pk=pk)
        .select_related("kind", "organization", "chair", "secretary")
        .prefetch_related(
            Prefetch(
                "participants",
                queryset=Participant.objects.select_related("user__person", "site"),
            )
        )
        .first()
    )
    if found is None:
        raise Http404("meeting not found")
    return found


def participant_of(meeting: Meeting, user_id: int) -> Participant | None:
    """The person's invitation to this meeting (from the prefetched rows when present, else
    one query)."""
    prefetched = getattr(meeting, "_prefetched_objects_cache", {}).get("participants")
    if prefetched is not None:
        return next((p for p in prefetched if p.user_id == user_id), None)
    rows = meeting.participants.filter(user_id=user_id).select_related("user__person", "site")
    return rows.first()


def kind_list_for(organization: Organization) -> QuerySet[MeetingKind]:
    """The installation's kinds and the organization's own."""
    return MeetingKind.objects.filter(Q(organization__isnull=True) | Q(organization=organization))


def meetings_due_reminder(now: dt.datetime) -> list[Meeting]:
    """Invited, not cancelled, not yet reminded, starting within their kind's reminder window."""
    rows = Meeting.objects.filter(
        invited_at__isnull=False,
        reminded_at__isnull=True,
        cancelled_at__isnull=True,
        starts_at__gt=now,
        starts_at__lte=now + dt.timedelta(days=7),
    ).select_related("kind")
    return [m for m in rows if m.starts_at <= now + dt.timedelta(hours=m.kind.reminder_hours_ahead)]
