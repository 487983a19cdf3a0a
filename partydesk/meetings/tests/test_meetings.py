"""Scheduling, invitations with their calendar file, answers and reminders."""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest
from django.core import mail
from django.utils import timezone

from partydesk.core.errors import InvalidInput, NotAllowed
from partydesk.core.http import SYSTEM
from partydesk.core.models import AuditEvent, Notification
from partydesk.core.services.outbox import outbox_deliver
from partydesk.meetings.kinds import DEFAULT_KINDS
from partydesk.meetings.models import MeetingKind, Participant, Response, Role
from partydesk.meetings.services.invitations import (
    invitation_answer,
    meeting_calendar,
    meeting_invite,
    meetings_remind,
)
from partydesk.meetings.tests.conftest import schedule

pytestmark = pytest.mark.django_db


class As:
    """A person acting on their own behalf (no organization needed to answer)."""

    def __init__(self, user) -> None:  # type: ignore[no-untyped-def]
        self.user, self.scope = user, None

    def can(self, capability: str, on=None) -> bool:  # type: ignore[no-untyped-def]
        return False


def test_the_default_kinds_are_data():
    codes = set(MeetingKind.objects.filter(organization=None).values_list("code", flat=True))
    assert codes == {k.code for k in DEFAULT_KINDS}
    committee = MeetingKind.objects.get(code="committee")
    assert (committee.quorum_numerator, committee.quorum_denominator) == (2, 3)
    assert committee.confidential


def test_scheduling_makes_sites_and_composition(tree, alice, bob, eve):
    meeting = schedule(
        tree.committee_a,
        sites=["Điểm cầu Chi bộ 1", "Điểm cầu Chi bộ 2", "", "Hội trường tầng 3"],
        chair=alice,
        members=[bob],
        guests=[eve, bob],
    )
    assert [s.name for s in meeting.sites.all()] == [
        "Hội trường tầng 3",
        "Điểm cầu Chi bộ 1",
        "Điểm cầu Chi bộ 2",
    ]
    roles = dict(Participant.objects.filter(meeting=meeting).values_list("user__username", "role"))
    assert roles == {"alice": Role.MEMBER, "bob": Role.MEMBER, "eve": Role.GUEST}
    assert meeting.confidential  # the committee kind's default
    assert AuditEvent.objects.filter(action="meetings.meeting.created").count() == 1


def test_bad_input_and_another_organization_are_refused(tree, organizer):
    from partydesk.accounts.selectors import actor_for

    with pytest.raises(InvalidInput):
        schedule(tree.committee_a, main_site="  ")
    start = timezone.now()
    with pytest.raises(InvalidInput):
        schedule(tree.committee_a, starts_at=start, ends_at=start)
    from partydesk.meetings.services.meetings import meeting_create
    from partydesk.meetings.tests.conftest import kind

    with pytest.raises(NotAllowed):
        meeting_create(
            actor=actor_for(organizer),
            organization=tree.committee_b,
            kind=kind("committee"),
            title="x",
            starts_at=start,
            ends_at=start + dt.timedelta(hours=1),
            main_site="Hall",
        )


def test_invitations_go_under_the_bell_and_by_email_with_a_calendar_file(
    tree, alice, bob, settings
):
    settings.EMAIL_HOST = "smtp.example.test"
    settings.PARTYDESK_EMAIL_ENABLED = True
    meeting = schedule(tree.committee_a, chair=alice, members=[bob], description="Nghị quyết; số 5")
    assert meeting_invite(actor=SYSTEM, meeting=meeting) == 2
    assert Notification.objects.filter(kind="meetings.invitation").count() == 2
    outbox_deliver(limit=50)
    assert sorted(m.to[0] for m in mail.outbox) == ["alice@example.test", "bob@example.test"]
    name, content, mimetype = mail.outbox[0].attachments[0]
    assert name == "meeting.ics" and mimetype.startswith("text/calendar")
    event = icalendar.Calendar.from_ical(content).walk("VEVENT")[0]
    assert str(event["SUMMARY"]) == meeting.title
    assert str(event["DESCRIPTION"]) == "Nghị quyết; số 5"
    assert event.decoded("DTSTART") == meeting.starts_at
    assert len(event["ATTENDEE"]) == 2 and event["SEQUENCE"] == 0
    # Sending again after a change raises SEQUENCE so calendars update the same event.
    meeting_invite(actor=SYSTEM, meeting=meeting)
    meeting.refresh_from_db()
    again = icalendar.Calendar.from_ical(meeting_calendar(meeting)).walk("VEVENT")[0]
    assert again["SEQUENCE"] == 1 and again["UID"] == event["UID"]


def test_an_invitee_confirms_or_apologizes_with_a_reason(tree, alice, eve):
    meeting = schedule(tree.committee_a, members=[alice])
    with pytest.raises(InvalidInput):
        invitation_answer(actor=As(alice), meeting=meeting, attend=False, reason=" ")
    row = invitation_answer(actor=As(alice), meeting=meeting, attend=False, reason="Đi công tác")
    assert row.response == Response.APOLOGY and row.apology_reason == "Đi công tác"
    row = invitation_answer(actor=As(alice), meeting=meeting, attend=True)
    assert row.response == Response.ACCEPTED and row.apology_reason == ""
    with pytest.raises(NotAllowed):
        invitation_answer(actor=As(eve), meeting=meeting, attend=True)


def test_reminders_go_once_to_those_without_an_apology(tree, alice, bob):
    soon = schedule(tree.committee_a, days=0, members=[alice, bob])
    soon.starts_at = timezone.now() + dt.timedelta(hours=5)
    soon.ends_at = soon.starts_at + dt.timedelta(hours=2)
    soon.save()
    later = schedule(tree.committee_a, days=5, members=[alice])
    for meeting in (soon, later):
        meeting_invite(actor=SYSTEM, meeting=meeting)
    invitation_answer(actor=As(bob), meeting=soon, attend=False, reason="Ốm")
    assert meetings_remind() == 1
    assert meetings_remind() == 0
    reminded = Notification.objects.filter(kind="meetings.reminder")
    assert [n.recipient.username for n in reminded] == ["alice"]
