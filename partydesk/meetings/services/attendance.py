"""Attendance: check-in online, by a site's host, or by the QR code shown at a site (a
signed token naming the meeting and the site); each host's count of their site; who is
exempted. Every change is audited."""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Any, TypeVar

from django.contrib.auth import get_user_model
from django.core import signing
from django.db import connection, transaction
from django.db.models import Model
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
M = TypeVar("M", bound=Model)
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


def _host_models() -> tuple[type[Model], type[Model]]:
    """The user model and its person's model (the accounts app's, named through Django)."""
    user_model = get_user_model()
    person_model = user_model._meta.get_field("person").related_model
    assert isinstance(person_model, type) and issubclass(person_model, Model)
    return user_model, person_model


@cache
def _host_sql() -> str:
    """The site, its meeting and its host (with the host's person, for the audit's label),
    in one statement built once: the ORM's `select_related` cost this request more client
    CPU than everything else it does (ADR 0024, "The sites' counts, served lean")."""
    q = connection.ops.quote_name
    user_table, person_table = (model._meta.db_table for model in _host_models())
    return (
        f"SELECT s.{q('name')}, s.{q('meeting_id')}, m.{q('title')}, m.{q('organization_id')}, "  # noqa: S608 (the models' names)
        f"m.{q('closed_at')}, u.{q('username')}, u.{q('first_name')}, u.{q('last_name')}, "
        f"u.{q('is_active')}, u.{q('person_id')}, p.{q('full_name')} "
        f"FROM {q(Site._meta.db_table)} s JOIN {q(Meeting._meta.db_table)} m "
        f"ON m.{q('id')} = s.{q('meeting_id')} JOIN {q(user_table)} u "
        f"ON u.{q('id')} = s.{q('host_id')} LEFT JOIN {q(person_table)} p "
        f"ON p.{q('id')} = u.{q('person_id')} "
        f"WHERE s.{q('id')} = %s AND s.{q('host_id')} = %s"
    )


def _loaded(model: type[M], **values: Any) -> M:
    """An instance of `model` as if read from the database with only these fields (the
    others deferred), for rows read by hand."""
    names = [f.attname for f in model._meta.concrete_fields if f.attname in values]
    return model.from_db(connection.alias, names, [values[name] for name in names])


def _hosted_site(site_id: int, user_id: int) -> Site | None:
    """The site if `user_id` is its active host, with its meeting and host attached (only
    the fields the rules and the audit event read)."""
    with connection.cursor() as cursor:
        cursor.execute(_host_sql(), [site_id, user_id])
        row = cursor.fetchone()
    if row is None or not row[8]:
        return None
    name, meeting_id, title, organization_id, closed_at, *person_fields = row
    username, first_name, last_name, _active, person_id, full_name = person_fields
    user_model, person_model = _host_models()
    meeting = _loaded(Meeting, id=meeting_id, title=title, organization_id=organization_id,
                      closed_at=closed_at)  # fmt: skip
    host: Any = _loaded(user_model, id=user_id, username=username, first_name=first_name,
                        last_name=last_name, person_id=person_id)  # fmt: skip
    if person_id is not None:
        host.person = _loaded(person_model, id=person_id, full_name=full_name)
    site = _loaded(Site, id=site_id, name=name, meeting_id=meeting_id, host_id=user_id)
    site.meeting, site.host = meeting, host
    return site


@transaction.atomic
def site_count_report_by_host(*, site_id: int, user_id: int, count: int) -> Site:
    """The site's host reports its count from the lean route (meetings/live.py), where no
    request built an actor: the same rules and the same write as `site_count_report`, for
    the site's active host only (the others correct a count through the page's form), with
    the site, its meeting and the host read in one statement."""
    site = _hosted_site(site_id, user_id)
    if site is None:
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
