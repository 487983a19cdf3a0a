"""The meetings API: the list, one meeting, its agenda, attendance and votes read through the
pages' selectors (a meeting the user may not see is a 404), and a named vote cast through
the same service; a refused rule is a JSON 403, a malformed value a 422, never a 500."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from partydesk.accounts.services.tokens import api_token_create
from partydesk.core.http import SYSTEM
from partydesk.core.models import AuditEvent
from partydesk.meetings.models import Cast
from partydesk.meetings.services.agenda import agenda_item_add
from partydesk.meetings.services.attendance import check_in_online
from partydesk.meetings.services.votes import vote_open
from partydesk.meetings.tests.test_attendance import now_meeting
from partydesk.meetings.tests.test_meetings import As

pytestmark = pytest.mark.django_db


def _client(user):  # type: ignore[no-untyped-def]
    _token, key = api_token_create(user=user, name="script")
    return Client(headers={"Authorization": f"Bearer {key}"})


def test_a_member_reads_the_meeting_and_votes_from_a_script(tree, alice, bob, eve):
    meeting = now_meeting(tree, chair=alice, members=[alice, bob], guests=[eve])
    item = agenda_item_add(actor=SYSTEM, meeting=meeting, title="Thông qua Nghị quyết")
    vote = vote_open(actor=SYSTEM, item=item, question="Thông qua dự thảo?", method="electronic")
    check_in_online(actor=As(bob), meeting=meeting)
    chair, member, guest = _client(alice), _client(bob), _client(eve)
    base = f"/api/v1/meetings/{meeting.pk}"

    listed = member.get("/api/v1/meetings").json()
    assert [row["id"] for row in listed["items"]] == [meeting.pk]
    assert member.get("/api/v1/meetings?when=past").json()["items"] == []
    detail = member.get(base).json()
    assert (detail["title"], detail["kind"], detail["sites_total"]) == (
        meeting.title,
        "cell_monthly",
        meeting.sites.count(),
    )
    assert "sites" not in detail  # listed a page at a time, below
    main = meeting.sites.get(is_main=True)
    assert detail["main_site"]["id"] == main.pk
    assert [s["id"] for s in member.get(f"{base}/sites").json()["items"]] == [
        s.pk for s in meeting.sites.order_by("-is_main", "sort_key", "pk")
    ]
    agenda = member.get(f"{base}/agenda").json()
    assert [i["title"] for i in agenda["items"]] == ["Thông qua Nghị quyết"]

    cast = member.post(
        f"{base}/votes/{vote.pk}/cast", {"choice": "for"}, content_type="application/json"
    )
    assert cast.status_code == 200 and cast.json()["for_count"] == 1
    assert Cast.objects.get(vote=vote).user == bob
    assert AuditEvent.objects.filter(action__startswith="meetings.vote.").exists()
    votes = chair.get(f"{base}/votes").json()
    assert [(v["id"], v["for_count"], v["needed"]) for v in votes] == [(vote.pk, 1, 2)]

    refused = guest.post(
        f"{base}/votes/{vote.pk}/cast", {"choice": "for"}, content_type="application/json"
    )
    assert refused.status_code == 403 and "detail" in refused.json()
    malformed = member.post(
        f"{base}/votes/{vote.pk}/cast", {"choice": "maybe"}, content_type="application/json"
    )
    assert malformed.status_code == 422 and "detail" in malformed.json()
    assert (
        member.post(
            f"{base}/votes/{10**9}/cast", {"choice": "for"}, content_type="application/json"
        ).status_code
        == 404
    )

    assert member.get(f"{base}/attendance").status_code == 403
    attendance = chair.get(f"{base}/attendance").json()
    assert attendance["checked_in_total"] == 1
    assert attendance["quorum"] == {"counted": 2, "present": 1, "needed": 2, "met": False}


def test_a_meeting_the_user_may_not_see_is_a_404_on_every_route(tree, alice, eve):
    meeting = now_meeting(tree, members=[alice])
    item = agenda_item_add(actor=SYSTEM, meeting=meeting, title="Mục")
    vote = vote_open(actor=SYSTEM, item=item, question="?", method="electronic")
    stranger = _client(eve)
    base = f"/api/v1/meetings/{meeting.pk}"
    assert stranger.get("/api/v1/meetings").json()["items"] == []
    for path in (
        base, f"{base}/sites", f"{base}/agenda", f"{base}/attendance",
        f"{base}/attendance/sites", f"{base}/votes",
    ):  # fmt: skip
        response = stranger.get(path)
        assert response.status_code == 404 and "detail" in response.json(), path
    cast = stranger.post(
        f"{base}/votes/{vote.pk}/cast", {"choice": "for"}, content_type="application/json"
    )
    assert cast.status_code == 404
    assert not Cast.objects.exists()


def test_the_sites_of_a_large_conference_come_a_page_at_a_time(tree, alice, bob):
    from partydesk.meetings.models import Site
    from partydesk.meetings.services.attendance import site_count_report
    from partydesk.meetings.services.meetings import site_names

    meeting = now_meeting(tree, chair=alice, members=[alice, bob])
    Site.objects.bulk_create(
        Site(meeting=meeting, **site_names(f"Điểm cầu xã số {i}")) for i in range(1, 251)
    )
    hosted = Site.objects.create(meeting=meeting, host=bob, **site_names("Đà Nẵng"))
    site_count_report(actor=As(bob), site=hosted, count=7)
    base = f"/api/v1/meetings/{meeting.pk}/attendance"
    chair = _client(alice)
    figures = chair.get(base).json()
    assert (figures["sites_total"], figures["sites_reported"], figures["reported_total"]) == (
        252,
        1,
        7,
    )
    assert "sites" not in figures  # the sites are paged, below
    first = chair.get(f"{base}/sites").json()
    assert first["count"] == 252 and len(first["items"]) == 100
    assert first["items"][0]["is_main"] is True
    last = chair.get(f"{base}/sites", {"offset": 200}).json()
    assert len(last["items"]) == 52
    found = chair.get(f"{base}/sites", {"q": "da nang"}).json()
    assert [s["name"] for s in found["items"]] == ["Đà Nẵng"]
    assert found["items"][0] == {
        "site_id": hosted.pk, "name": "Đà Nẵng", "is_main": False,
        "checked_in": 0, "reported": 7, "expected": 0,
    }  # fmt: skip
    reported = chair.get(f"{base}/sites", {"state": "reported"}).json()
    assert [s["name"] for s in reported["items"]] == ["Đà Nẵng"]
    assert chair.get(f"{base}/sites", {"state": "maybe"}).status_code == 422
    assert chair.get(f"{base}/sites", {"limit": 1000}).status_code == 422
    # A host who does not run the meeting reads their own site only.
    own = _client(bob).get(f"{base}/sites").json()
    assert [s["name"] for s in own["items"]] == ["Đà Nẵng"]
    # The meeting itself counts its sites and names the main one; anyone who sees the
    # meeting lists them a page at a time, in the same order, found without diacritics.
    detail = f"/api/v1/meetings/{meeting.pk}"
    with CaptureQueriesContext(connection) as read:
        shown = _client(bob).get(detail).json()
    assert (shown["sites_total"], shown["main_site"]["is_main"]) == (252, True)
    assert len(read) < 20  # not one per site
    listed = _client(bob).get(f"{detail}/sites").json()
    assert listed["count"] == 252 and len(listed["items"]) == 100
    assert listed["items"][0]["is_main"] is True
    named = _client(bob).get(f"{detail}/sites", {"q": "da nang"}).json()
    assert named["items"] == [
        {"id": hosted.pk, "name": "Đà Nẵng", "is_main": False, "host_id": bob.pk,
         "reported_count": 7}
    ]  # fmt: skip
