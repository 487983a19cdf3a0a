"""Attendance: the quorum rule, check-in online, by host and by QR, hosts' counts, the
chair's live view."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from partydesk.accounts.tests.factories import make_user
from partydesk.conftest import logged_in
from partydesk.core.errors import InvalidInput, NotAllowed
from partydesk.core.http import SYSTEM
from partydesk.meetings.models import CheckIn, Participant, Site
from partydesk.meetings.quorum import Member, quorum_of
from partydesk.meetings.selectors.attendance import attendance_of, site_row, site_rows_found
from partydesk.meetings.services.attendance import (
    check_in_by_host,
    check_in_by_qr,
    check_in_online,
    participant_exempt,
    site_count_report,
    site_from_token,
    site_token,
)
from partydesk.meetings.tests.conftest import schedule
from partydesk.meetings.tests.test_meetings import As

pytestmark = pytest.mark.django_db


def members(present: int, absent: int, **flags: bool) -> list[Member]:
    return [Member(True, False, False, True)] * present + [
        Member(True, flags.get("exempted", False), flags.get("away", False), False)
    ] * absent


def test_quorum_counts_official_members_less_absent_exempted_and_away():
    # Nine official members, more than half needed: five.
    assert quorum_of(members(5, 4), numerator=1, denominator=2, strict=True).met
    assert not quorum_of(members(4, 5), numerator=1, denominator=2, strict=True).met
    # At least two thirds of nine: six.
    assert quorum_of(members(6, 3), numerator=2, denominator=3, strict=False).needed == 6
    # Three absent exempted members leave the count: 4 of 6 is enough at 2/3.
    rows = members(4, 2) + members(0, 3, exempted=True)
    q = quorum_of(rows, numerator=2, denominator=3, strict=False)
    assert (q.counted, q.present, q.needed, q.met) == (6, 4, 4, True)
    # Away members who attend count (in the denominator and as present).
    rows = [*members(3, 3), Member(True, False, True, True)]
    assert quorum_of(rows, numerator=1, denominator=2, strict=True).counted == 7
    # Candidates (not official) do not count; nobody counted is no quorum.
    assert not quorum_of(
        [Member(False, False, False, True)], numerator=1, denominator=2, strict=True
    ).met


def now_meeting(tree, **kw):  # type: ignore[no-untyped-def]
    meeting = schedule(tree.committee_a, code="cell_monthly", **kw)
    meeting.starts_at = timezone.now() - dt.timedelta(minutes=10)
    meeting.ends_at = meeting.starts_at + dt.timedelta(hours=2)
    meeting.save()
    return meeting


def test_check_in_online_by_host_and_by_qr_and_the_quorum(tree, alice, bob, eve):
    meeting = now_meeting(tree, members=[alice, bob, eve], sites=["Điểm cầu xã"])
    main, other = list(meeting.sites.all())
    other.host = eve
    other.save()
    check_in_online(actor=As(alice), meeting=meeting)
    bob_row = Participant.objects.get(meeting=meeting, user=bob)
    with pytest.raises(NotAllowed):
        check_in_by_host(actor=As(alice), site=other, participant=bob_row)
    check_in_by_host(actor=As(eve), site=other, participant=bob_row)
    token = site_token(other)
    assert site_from_token(token) == (meeting.pk, other.pk)
    with pytest.raises(InvalidInput):
        site_from_token(token[:-2] + "xx")
    check_in_by_qr(actor=As(eve), site=other)
    rows = dict(
        Participant.objects.filter(meeting=meeting).values_list("user__username", "check_in")
    )
    assert rows == {"alice": CheckIn.ONLINE, "bob": CheckIn.HOST, "eve": CheckIn.QR}
    site_count_report(actor=As(eve), site=other, count=40)
    data = attendance_of(meeting)
    assert data.quorum is not None and data.quorum.met and data.quorum.present == 3
    assert [
        (r.site.name, r.checked_in, r.reported)
        for r in map(site_row, site_rows_found(meeting)[:50])
    ] == [
        (main.name, 1, None),
        ("Điểm cầu xã", 2, 40),
    ]


def test_check_in_is_closed_outside_the_meeting(tree, alice):
    meeting = schedule(tree.committee_a, members=[alice], days=2)
    with pytest.raises(NotAllowed):
        check_in_online(actor=As(alice), meeting=meeting)


def test_exempted_absent_members_leave_the_denominator(tree, alice, bob, eve):
    meeting = now_meeting(tree, members=[alice, bob, eve])
    check_in_online(actor=As(alice), meeting=meeting)
    assert not attendance_of(meeting).quorum.met  # type: ignore[union-attr]
    for user in (bob,):
        participant_exempt(
            actor=SYSTEM,
            participant=Participant.objects.get(meeting=meeting, user=user),
            exempted=True,
        )
    q = attendance_of(meeting).quorum
    assert q is not None and (q.counted, q.present) == (2, 1) and not q.met
    participant_exempt(
        actor=SYSTEM, participant=Participant.objects.get(meeting=meeting, user=eve), exempted=True
    )
    assert attendance_of(meeting).quorum.met  # type: ignore[union-attr]


def test_the_chairs_live_view_polls_and_hosts_use_the_pages(tree, alice, bob, eve, organizer):
    meeting = now_meeting(tree, chair=alice, members=[bob])
    site = Site.objects.get(meeting=meeting)
    site.host = bob
    site.save()
    chair = logged_in(alice)
    page = chair.get(reverse("meetings:attendance", args=[meeting.pk]))
    assert page.status_code == 200 and 'hx-trigger="every 5s"' in page.content.decode()
    live = chair.get(reverse("meetings:attendance", args=[meeting.pk]), HTTP_HX_REQUEST="true")
    assert "<html" not in live.content.decode() and "attendance-live" in live.content.decode()
    host = logged_in(bob)
    assert (
        host.get(reverse("meetings:site_qr", args=[meeting.pk, site.pk]))["Content-Type"]
        == "image/svg+xml"
    )
    host.post(reverse("meetings:site_report", args=[meeting.pk, site.pk]), {"count": "12"})
    target = Participant.objects.get(meeting=meeting, user=alice)
    host.post(
        reverse("meetings:host_check_in", args=[meeting.pk, site.pk]), {"participant": target.pk}
    )
    site.refresh_from_db()
    target.refresh_from_db()
    assert site.reported_count == 12 and target.check_in == CheckIn.HOST
    qr = reverse("meetings:qr_check_in", args=[site_token(site)])
    assert host.get(qr).status_code == 200
    host.post(qr)
    assert Participant.objects.get(meeting=meeting, user=bob).check_in == CheckIn.QR
    # An organizer follows it too; a colleague who is neither chair nor host is refused.
    watch = reverse("meetings:attendance", args=[meeting.pk])
    assert logged_in(organizer).get(watch).status_code == 200
    colleague = make_user("carol", organization=tree.committee_a)
    assert logged_in(colleague).get(watch).status_code == 403
    foreign = logged_in(eve)
    for name, args in (("attendance", [meeting.pk]), ("site_qr", [meeting.pk, site.pk])):
        assert foreign.get(reverse(f"meetings:{name}", args=args)).status_code == 404
    for name, args in (
        ("check_in", [meeting.pk]),
        ("site_report", [meeting.pk, site.pk]),
        ("host_check_in", [meeting.pk, site.pk]),
        ("exempt", [meeting.pk, target.pk]),
    ):
        assert foreign.post(reverse(f"meetings:{name}", args=args)).status_code == 404
    assert foreign.get(qr).status_code == 404
