"""Attendance: check-in online, by a site's host, or by the QR code shown at a site (a
signed token naming the meeting and the site); each host's count of their site; who is
exempted. Every change is audited."""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Any

from django.core import signing
from django.db import connection, transaction
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from partydesk.core.audit import audit_log
from partydesk.core.errors import InvalidInput, NotAllowed
from partydesk.core.http import Acting
from partydesk.meetings.models import CheckIn, Meeting, Participant, Site
from partydesk.meetings.permissions import ORGANIZE
from partydesk.meetings.services.meetings import refuse_if_closed

QR_SALT = "meetings.check_in"
OPENS_BEFORE = dt.timedelta(hours=1)
MAX_SITE_COUNT = 100_000  # people at one site: a bound against a slip of the keyboard


def can_run_attendance(actor: Acting, meeting: Meeting) -> bool:
    """The chair, the secretary and the organizers follow and correct attendance."""
    user_id = getattr(actor.user, "pk", None)
    return user_id in (meeting.chair_id, meeting.secretary_id) or actor.can(
        ORGANIZE, on=meeting.organization
    )


def can_host(actor: Acting, site: Site) -> bool:
    user_id = getattr(actor.user, "pk", None)
    return (user_id is not None and site.host_id == user_id) or can_run_attendance(
        actor, site.meeting
    )


def _check_open(meeting: Meeting, now: dt.datetime) -> None:
    if meeting.cancelled_at is not None or not (
        meeting.starts_at - OPENS_BEFORE <= now <= meeting.ends_at
    ):
        raise NotAllowed(_("Check-in opens an hour before the meeting and closes at its end."))


def _own_row(actor: Acting, meeting_id: int) -> Participant | None:
    user_id: int | None = getattr(actor.user, "pk", None)
    if user_id is None:
        return None
    return Participant.objects.filter(meeting_id=meeting_id, user_id=user_id).first()


def _mark(
    actor: Acting, participant: Participant, how: str, site: Site | None, now: dt.datetime
) -> Participant:
    refuse_if_closed(
        participant.meeting, _("The meeting is closed: its attendance can no longer change.")
    )
    row = Participant.objects.select_for_update().get(pk=participant.pk)
    if row.checked_in_at is None:
        row.checked_in_at = now
        row.check_in = how
        row.site = site or row.site
        row.save(update_fields=["checked_in_at", "check_in", "site"])
        meeting = participant.meeting
        audit_log(
            actor=actor.user,
            action="meetings.attendance.checked_in",
            target=meeting,
            organization_id=meeting.organization_id,
            details={"participant": row.pk, "how": how, "site": row.site_id},
        )
    return row


@transaction.atomic
def check_in_online(
    *, actor: Acting, meeting: Meeting, now: dt.datetime | None = None
) -> Participant:
    """The invitee checks themselves in, online."""
    now = now or timezone.now()
    _check_open(meeting, now)
    row = _own_row(actor, meeting.pk)
    if row is None:
        raise NotAllowed(_("You are not invited to this meeting."))
    return _mark(actor, row, CheckIn.ONLINE, None, now)


@transaction.atomic
def check_in_by_host(
    *, actor: Acting, site: Site, participant: Participant, now: dt.datetime | None = None
) -> Participant:
    """The site's host (or the chair, the secretary, an organizer) checks someone in there."""
    if not can_host(actor, site) or participant.meeting_id != site.meeting_id:
        raise NotAllowed(_("Only the site's host checks people in here."))
    now = now or timezone.now()
    _check_open(site.meeting, now)
    return _mark(actor, participant, CheckIn.HOST, site, now)


def site_token(site: Site) -> str:
    """The token of the site's QR code (valid as long as check-in is open)."""
    return signing.dumps({"m": site.meeting_id, "s": site.pk}, salt=QR_SALT)


def site_from_token(token: str) -> tuple[int, int]:
    """The (meeting, site) a QR token names; a changed or foreign token is refused."""
    try:
        data: dict[str, Any] = signing.loads(token, salt=QR_SALT, max_age=dt.timedelta(days=2))
    except signing.BadSignature as exc:
        raise InvalidInput(_("This QR code is not valid.")) from exc
    return int(data["m"]), int(data["s"])


@transaction.atomic
def check_in_by_qr(*, actor: Acting, site: Site, now: dt.datetime | None = None) -> Participant:
    """The invitee scanned the site's code: checked in at that site."""
    now = now or timezone.now()
    _check_open(site.meeting, now)
    row = _own_row(actor, site.meeting_id)
    if row is None:
        raise NotAllowed(_("You are not invited to this meeting."))
    row.meeting = site.meeting
    return _mark(actor, row, CheckIn.QR, site, now)


@cache
def _count_sql() -> str:
    """The count's UPDATE, compiled once: the ORM's `update()` with the meeting's guard
    costs more client CPU to build than the statement costs the database (ADR 0024, "The
    sites' counts, served lean")."""
    quote = connection.ops.quote_name
    return (
        f"UPDATE {quote(Site._meta.db_table)} SET {quote('reported_count')} = %s, "  # noqa: S608 (the models' names)
        f"{quote('reported_at')} = %s WHERE {quote('id')} = %s AND {quote('meeting_id')} IN "
        f"(SELECT {quote('id')} FROM {quote(Meeting._meta.db_table)} "
        f"WHERE {quote('closed_at')} IS NULL)"
    )


def _count_record(user: Any, site: Site, count: int) -> Site:
    """Where both ways of reporting a site's count end (the page's form and the host's lean
    route): the meeting still open, the count within bounds, one UPDATE that a close
    committed meanwhile turns into a refusal, and the audit event."""
    closed = _("The meeting is closed: its attendance can no longer change.")
    refuse_if_closed(site.meeting, closed)
    if count < 0:
        raise InvalidInput(_("A count cannot be negative."), field="count")
    if count > MAX_SITE_COUNT:
        raise InvalidInput(
            _("A site's count is at most %(most)s.")
            % {"most": number_format(MAX_SITE_COUNT, force_grouping=True)},
            field="count",
        )
    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(
            _count_sql(), [count, connection.ops.adapt_datetimefield_value(now), site.pk]
        )
        if cursor.rowcount != 1:
            raise NotAllowed(closed)
    site.reported_count, site.reported_at = count, now
    audit_log(
        actor=user,
        action="meetings.attendance.site_reported",
        target=site.meeting,
        organization_id=site.meeting.organization_id,
        details={"site": site.pk, "count": count},
    )
    return site


@transaction.atomic
def site_count_report(*, actor: Acting, site: Site, count: int) -> Site:
    """The host (or the chair, the secretary, an organizer) reports how many people attend
    at the site."""
    if not can_host(actor, site):
        raise NotAllowed(_("Only the site's host reports its count."))
    return _count_record(actor.user, site, count)


@transaction.atomic
def site_count_report_by_host(*, site_id: int, user_id: int, count: int) -> Site:
    """The site's host reports its count from the lean route (meetings/live.py), where no
    request built an actor: the same rules and the same write as `site_count_report`, for
    the site's host only (the others correct a count through the page's form), with the
    site, its meeting and the host read in one query."""
    try:
        site = Site.objects.select_related("meeting", "host__person").get(pk=site_id)
    except Site.DoesNotExist:
        site = None
    if site is None or site.host is None or site.host_id != user_id or not site.host.is_active:
        raise NotAllowed(_("Only the site's host reports its count."))
    return _count_record(site.host, site, count)


@transaction.atomic
def participant_exempt(*, actor: Acting, participant: Participant, exempted: bool) -> None:
    """Record that a member is exempted from Party activities (out of the quorum if absent)."""
    meeting = participant.meeting
    if not can_run_attendance(actor, meeting):
        raise NotAllowed(_("Only the chair, the secretary or an organizer may change this."))
    refuse_if_closed(meeting, _("The meeting is closed: its attendance can no longer change."))
    Participant.objects.filter(pk=participant.pk).update(exempted=exempted)
    audit_log(
        actor=actor.user,
        action="meetings.attendance.exempted",
        target=meeting,
        organization_id=meeting.organization_id,
        details={"participant": participant.pk, "exempted": exempted},
    )
