"""A conference's members, a page at a time: the chair finds a member by name without
diacritics or by state and marks them exempted, coming back to the same page; a host checks
someone in by typing or picking their name from the one list the page holds."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from partydesk.accounts.tests.factories import make_user
from partydesk.conftest import logged_in
from partydesk.meetings.models import CheckIn, Participant, Role
from partydesk.meetings.selectors.attendance import PAGE_SIZE
from partydesk.meetings.tests.test_attendance import now_meeting

pytestmark = pytest.mark.django_db


def add_members(meeting, tree, n: int) -> None:  # type: ignore[no-untyped-def]
    for i in range(n):
        user = make_user(f"dv{i:03d}", organization=tree.committee_a)
        Participant.objects.create(meeting=meeting, user=user, role=Role.MEMBER)


def test_the_members_page_finds_pages_and_marks_exempted(tree, alice, bob, eve):
    meeting = now_meeting(tree, chair=alice, members=[bob])
    add_members(meeting, tree, 60)
    url = reverse("meetings:attendance_members", args=[meeting.pk])
    chair = logged_in(alice)
    first = chair.get(url).content.decode()
    assert first.count('name="exempted"') == PAGE_SIZE and "Page 1 of 2" in first
    # The attendance page links to it instead of listing every member with a form.
    attendance = chair.get(reverse("meetings:attendance", args=[meeting.pk])).content.decode()
    assert f'href="{url}"' in attendance and 'name="exempted"' not in attendance
    found = chair.get(url, {"q": "dv007"}).content.decode()
    assert "dv007" in found and "dv008" not in found and "1 item" in found
    target = Participant.objects.get(meeting=meeting, user__username="dv007")
    back = f"{url}?q=dv007"
    answer = chair.post(
        reverse("meetings:exempt", args=[meeting.pk, target.pk]),
        {"exempted": "1", "back": back},
    )
    assert answer.status_code == 302 and answer["Location"] == back
    target.refresh_from_db()
    assert target.exempted
    exempted = chair.get(url, {"state": "exempted"}).content.decode()
    assert "dv007" in exempted and "dv008" not in exempted
    # A "back" that is not this list's own address is not followed.
    elsewhere = chair.post(
        reverse("meetings:exempt", args=[meeting.pk, target.pk]),
        {"exempted": "0", "back": "https://example.org/?x"},
    )
    assert elsewhere["Location"] == url
    assert logged_in(eve).get(url).status_code == 404  # another organization
    assert chair.get(url, {"q": "không có ai"}).content.decode().count("No member matches.") == 1


def test_members_page_is_for_those_who_run_attendance(tree, alice, bob):
    meeting = now_meeting(tree, chair=alice, members=[bob])
    url = reverse("meetings:attendance_members", args=[meeting.pk])
    assert logged_in(bob).get(url).status_code == 403


def test_a_host_checks_in_by_the_name_picked_from_the_list(tree, alice, bob):
    meeting = now_meeting(tree, chair=alice, members=[bob])
    add_members(meeting, tree, 3)
    site = meeting.sites.get(is_main=True)
    chair = logged_in(alice)
    page = chair.get(reverse("meetings:attendance", args=[meeting.pk])).content.decode()
    target = Participant.objects.get(meeting=meeting, user__username="dv001")
    assert f'<option value="{target.user}">' in page
    check_in = reverse("meetings:host_check_in", args=[meeting.pk, site.pk])
    chair.post(check_in, {"who": str(target.user)})
    target.refresh_from_db()
    assert target.check_in == CheckIn.HOST
    # Checked in, they leave the list; the login alone is accepted too.
    page = chair.get(reverse("meetings:attendance", args=[meeting.pk])).content.decode()
    assert f'<option value="{target.user}">' not in page
    chair.post(check_in, {"who": "DV002"})
    assert Participant.objects.get(meeting=meeting, user__username="dv002").checked_in_at
    # A name nobody has is refused with a sentence, and no one is checked in.
    answer = chair.post(check_in, {"who": "Người lạ (nobody)"}, follow=True)
    said = [str(m) for m in get_messages(answer.wsgi_request)]
    assert any("Người lạ (nobody)" in m and "pick a name" in m for m in said)
    assert Participant.objects.filter(meeting=meeting, checked_in_at__isnull=False).count() == 2
