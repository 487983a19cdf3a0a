"""Invitations: sent under the bell and, when the installation has email, as an email with
the meeting's iCalendar file; answers (attend, or an apology with its reason); reminders."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from partydesk.core.audit import audit_log
from partydesk.core.errors import InvalidInput, NotAllowed
from partydesk.core.http import Acting
from partydesk.core.ical import Event, invitation_text
from partydesk.core.models import OutboxMessage
from partydesk.core.services.notifications import notify
from partydesk.core.services.outbox import outbox_enqueue, outbox_handler
from partydesk.meetings.models import Meeting, Participant, Response
from partydesk.meetings.selectors.meetings import meetings_due_reminder
from partydesk.meetings.services.meetings import meeting_check_organize, refuse_if_closed

INVITATION = "meetings.invitation"
REMINDER = "meetings.reminder"
EMAIL_KIND = "meetings.invitation_email"


def meeting_url(meeting: Meeting) -> str:
    return reverse("meetings:detail", args=[meeting.pk])


def meeting_calendar(meeting: Meeting, *, now: dt.datetime | None = None) -> str:
    """The meeting as an iCalendar object (RFC 5545) with every invitee who has an email."""
    host = settings.SITE_URL.split("://", 1)[1].split("/", 1)[0].split(":", 1)[0]
    main = meeting.sites.filter(is_main=True).values_list("name", flat=True).first() or ""
    people = [p.user for p in meeting.participants.all() if p.user.email]
    organizer = meeting.chair or meeting.secretary
    return invitation_text(
        Event(
            uid=f"meeting-{meeting.pk}@{host}",
            sequence=meeting.sequence,
            starts_at=meeting.starts_at,
            ends_at=meeting.ends_at,
            summary=meeting.title,
            location=main,
            description=meeting.description,
            url=f"{settings.SITE_URL}{meeting_url(meeting)}",
            organizer=(
                (organizer.display_name, organizer.email)
                if organizer is not None and organizer.email
                else None
            ),
            attendees=tuple((u.display_name, u.email) for u in people),
            cancelled=meeting.cancelled_at is not None,
        ),
        now=now or timezone.now(),
    )


def _recipients(meeting: Meeting, *, skip_apologies: bool = False) -> list[Any]:
    rows = Participant.objects.filter(meeting=meeting).select_related("user")
    if skip_apologies:
        rows = rows.exclude(response=Response.APOLOGY)
    return [row.user for row in rows]


@transaction.atomic
def meeting_invite(*, actor: Acting, meeting: Meeting) -> int:
    """Send the invitations (again, after a change); how many people were invited."""
    meeting_check_organize(actor, meeting.organization)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.cancelled_at is not None:
        raise NotAllowed(_("A cancelled meeting sends no invitations."))
    people = _recipients(meeting)
    if meeting.invited_at is not None:
        meeting.sequence += 1
    meeting.invited_at = timezone.now()
    meeting.reminded_at = None
    meeting.save(update_fields=["sequence", "invited_at", "reminded_at", "updated_at"])
    when = timezone.localtime(meeting.starts_at).strftime("%d/%m/%Y %H:%M")
    notify(
        recipients=people,
        kind=INVITATION,
        title=f"{meeting.title} ({when})",
        url=meeting_url(meeting),
        organization_id=meeting.organization_id,
        target=meeting,
        email=False,
    )
    if settings.PARTYDESK_EMAIL_ENABLED:
        for person in people:
            if person.email:
                outbox_enqueue(
                    kind=EMAIL_KIND,
                    payload={"meeting": meeting.pk, "user": person.pk},
                    idempotency_key=f"{EMAIL_KIND}:{meeting.pk}:{meeting.sequence}:{person.pk}",
                )
    audit_log(
        actor=actor.user,
        action="meetings.meeting.invited",
        target=meeting,
        organization_id=meeting.organization_id,
        details={"invited": len(people), "sequence": meeting.sequence},
    )
    return len(people)


@outbox_handler(EMAIL_KIND)
def _send_invitation(message: OutboxMessage) -> None:
    meeting = (
        Meeting.objects.filter(pk=message.payload["meeting"])
        .prefetch_related("participants__user__person")
        .select_related("chair__person", "secretary__person")
        .first()
    )
    row = Participant.objects.filter(
        meeting_id=message.payload["meeting"], user_id=message.payload["user"]
    ).select_related("user")
    participant = row.first()
    if meeting is None or participant is None:
        return
    person = participant.user
    with translation.override(getattr(person, "preferred_language", "") or settings.LANGUAGE_CODE):
        subject = _("[partydesk] Invitation: %(title)s") % {"title": meeting.title}
        body = _("You are invited to %(title)s. Answer here: %(url)s") % {
            "title": meeting.title,
            "url": f"{settings.SITE_URL}{meeting_url(meeting)}",
        }
    email = EmailMessage(subject[:200], body, None, [person.email])
    email.attach("meeting.ics", meeting_calendar(meeting), "text/calendar; method=REQUEST")
    email.send()


@transaction.atomic
def invitation_answer(
    *, actor: Acting, meeting: Meeting, attend: bool, reason: str = ""
) -> Participant:
    """The invitee says they will attend, or sends an apology with its reason."""
    user_id = getattr(actor.user, "pk", None)
    row = (
        Participant.objects.select_for_update().filter(meeting=meeting, user_id=user_id).first()
        if user_id is not None
        else None
    )
    if row is None:
        raise NotAllowed(_("You are not invited to this meeting."))
    refuse_if_closed(meeting, _("The meeting is closed: answers are no longer taken."))
    reason = reason.strip()
    if not attend and not reason:
        raise InvalidInput(_("Give the reason for your apology."), field="reason")
    row.response = Response.ACCEPTED if attend else Response.APOLOGY
    row.apology_reason = "" if attend else reason[:2000]
    row.responded_at = timezone.now()
    row.save(update_fields=["response", "apology_reason", "responded_at"])
    audit_log(
        actor=actor.user,
        action="meetings.invitation.accepted" if attend else "meetings.invitation.apologized",
        target=meeting,
        organization_id=meeting.organization_id,
    )
    return row


def meetings_remind(*, now: dt.datetime | None = None) -> int:
    """Remind those who have not sent an apology of each meeting starting within its kind's
    window, once per meeting (again after a new invitation); how many meetings."""
    now = now or timezone.now()
    done = 0
    for meeting in meetings_due_reminder(now):
        with transaction.atomic():
            claimed = Meeting.objects.filter(pk=meeting.pk, reminded_at__isnull=True).update(
                reminded_at=now
            )
            if not claimed:
                continue  # another worker reminded it
            when = timezone.localtime(meeting.starts_at).strftime("%d/%m/%Y %H:%M")
            notify(
                recipients=_recipients(meeting, skip_apologies=True),
                kind=REMINDER,
                title=f"{meeting.title} ({when})",
                url=meeting_url(meeting),
                organization_id=meeting.organization_id,
                target=meeting,
            )
            audit_log(
                actor=None,
                action="meetings.meeting.reminded",
                target=meeting,
                organization_id=meeting.organization_id,
            )
        done += 1
    return done
