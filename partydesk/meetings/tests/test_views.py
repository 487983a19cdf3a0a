"""The meetings pages: each with success, another organization's 404, and bad input."""

from __future__ import annotations

import icalendar
import pytest
from django.urls import reverse

from partydesk.conftest import logged_in
from partydesk.meetings.models import Meeting, Participant, Response
from partydesk.meetings.tests.conftest import kind, schedule

pytestmark = pytest.mark.django_db


def test_the_organizer_schedules_a_meeting_with_connected_sites(tree, organizer, alice, bob):
    client = logged_in(organizer)
    assert client.get(reverse("meetings:new")).status_code == 200
    page = client.post(
        reverse("meetings:new"),
        {
            "title": "Hội nghị học tập Nghị quyết",
            "kind": kind("conference").pk,
            "starts_at": "2030-03-02T08:00",
            "ends_at": "2030-03-02T11:00",
            "main_site": "Hội trường A",
            "sites": "Điểm cầu 1\nĐiểm cầu 2",
            "chair": alice.pk,
            "members": [bob.pk],
        },
    )
    meeting = Meeting.objects.get()
    assert page.status_code == 302 and page["Location"] == reverse(
        "meetings:detail", args=[meeting.pk]
    )
    assert meeting.sites.count() == 3 and meeting.participants.count() == 2
    assert client.post(reverse("meetings:invite", args=[meeting.pk])).status_code == 302
    body = client.get(reverse("meetings:list")).content.decode()
    assert "Hội nghị học tập Nghị quyết" in body


def test_bad_input_keeps_what_was_typed(tree, organizer):
    page = logged_in(organizer).post(
        reverse("meetings:new"),
        {
            "title": "Họp thường kỳ",
            "kind": kind("committee").pk,
            "starts_at": "2030-03-02T08:00",
            "ends_at": "2030-03-02T07:00",
            "main_site": "Phòng họp",
        },
    )
    assert page.status_code == 400 and "Họp thường kỳ" in page.content.decode()
    assert not Meeting.objects.exists()


def test_a_member_without_the_capability_cannot_schedule(tree, alice):
    assert logged_in(alice).get(reverse("meetings:new")).status_code == 403


def test_another_organizations_meeting_is_404_on_every_route(tree, organizer, organizer_b):
    meeting = schedule(tree.committee_b, code="conference")
    client = logged_in(organizer)
    for name in ("detail", "ics"):
        assert client.get(reverse(f"meetings:{name}", args=[meeting.pk])).status_code == 404
    for name in ("invite", "answer"):
        assert client.post(reverse(f"meetings:{name}", args=[meeting.pk])).status_code == 404
    assert (
        logged_in(organizer_b).get(reverse("meetings:detail", args=[meeting.pk])).status_code == 200
    )
    assert "Hội nghị Ban Chấp hành" not in client.get(reverse("meetings:list")).content.decode()


def test_a_confidential_meeting_shows_only_to_its_composition(tree, organizer, alice, bob):
    meeting = schedule(tree.committee_a, code="committee", members=[alice])
    assert meeting.confidential
    url = reverse("meetings:detail", args=[meeting.pk])
    assert logged_in(alice).get(url).status_code == 200
    assert logged_in(bob).get(url).status_code == 404
    assert logged_in(organizer).get(url).status_code == 404
    open_one = schedule(tree.committee_a, code="conference")
    assert logged_in(bob).get(reverse("meetings:detail", args=[open_one.pk])).status_code == 200


def test_an_invitee_answers_from_the_page_and_downloads_the_calendar(tree, alice):
    meeting = schedule(tree.committee_a, members=[alice])
    client = logged_in(alice)
    answer = reverse("meetings:answer", args=[meeting.pk])
    refused = client.post(answer, {"attend": "0", "reason": ""})
    assert refused.status_code == 400
    assert client.post(answer, {"attend": "0", "reason": "Đi học"}).status_code == 302
    row = Participant.objects.get(meeting=meeting, user=alice)
    assert row.response == Response.APOLOGY and row.apology_reason == "Đi học"
    ics = client.get(reverse("meetings:ics", args=[meeting.pk]))
    assert ics["Content-Type"].startswith("text/calendar")
    assert icalendar.Calendar.from_ical(ics.content).walk("VEVENT")[0]["SUMMARY"] == meeting.title


def test_the_calendar_file_is_a_download_named_after_the_meeting(tree, alice):
    meeting = schedule(tree.committee_a, members=[alice], title='Họp chi bộ "tháng 12"')
    ics = logged_in(alice).get(reverse("meetings:ics", args=[meeting.pk]))
    assert ics["Content-Type"] == "text/calendar; charset=utf-8"
    assert ics["Content-Disposition"] == f'attachment; filename="meeting-{meeting.pk}.ics"'


def test_the_dashboard_shows_upcoming_meetings(tree, alice, django_assert_max_num_queries):
    schedule(tree.committee_a, members=[alice], title="Họp chi bộ tháng 12")
    client = logged_in(alice)
    page = client.get(reverse("core:dashboard"))
    assert "Họp chi bộ tháng 12" in page.content.decode()
    with django_assert_max_num_queries(12):
        client.get(reverse("meetings:list"))
