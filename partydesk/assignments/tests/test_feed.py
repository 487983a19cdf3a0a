"""Deadlines in a calendar client: the calendar page's list as an .ics file, and a private
subscribable address that shows what the page shows, until it is replaced or stopped."""

from __future__ import annotations

import datetime as dt

import icalendar
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from partydesk.accounts.models import RoleGrant
from partydesk.accounts.tests.factories import verified_client
from partydesk.assignments.models import CalendarFeed
from partydesk.assignments.selectors.feeds import feed_token
from partydesk.assignments.services.feeds import calendar_feed_issue
from partydesk.assignments.tests.factories import act, give
from partydesk.core.models import AuditEvent

LONG = (
    "Tổng hợp, báo cáo kết quả thực hiện Nghị quyết Đại hội đại biểu Đảng bộ Khối lần thứ"
    " nhất, nhiệm kỳ 2025-2030; đề xuất nhiệm vụ trọng tâm năm 2027"
)


def _events(content: bytes) -> dict[str, icalendar.Event]:
    text = content.decode()
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    calendar = icalendar.Calendar.from_ical(text)
    return {str(e["SUMMARY"]): e for e in calendar.walk("VEVENT")}


def test_the_calendar_page_downloads_its_list_as_ics(office_a, office_b):
    due = timezone.localdate() + dt.timedelta(days=5)
    mine = give(office_a.secretary, title=LONG, lead_user=office_a.specialist, deadline=due)
    give(office_a.secretary, title="Của người khác", lead_user=office_a.head)
    give(office_b.secretary, title="Tỉnh khác", lead_user=office_b.specialist)
    client = verified_client(office_a.specialist)
    response = client.get(reverse("assignments:calendar_ics"), {"view": "mine"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    events = _events(response.content)
    assert list(events) == [LONG]
    event = events[LONG]
    assert event.decoded("DTSTART") == due  # an all-day event on the deadline
    assert event.decoded("DTEND") == due + dt.timedelta(days=1)
    assert str(event["URL"]).endswith(reverse("assignments:detail", args=[mine.pk]))
    # the page's filters apply
    filtered = client.get(reverse("assignments:calendar_ics"), {"view": "mine", "q": "không có"})
    assert _events(filtered.content) == {}


def test_a_private_address_shows_the_list_without_login_until_replaced_or_stopped(office_a):
    give(office_a.secretary, title="Báo cáo quý", lead_user=office_a.specialist)
    give(office_a.secretary, title="Việc mật", lead_user=office_a.specialist, restricted=True)
    client = verified_client(office_a.specialist)
    response = client.post(reverse("assignments:feed_issue"), {"view": "mine"})
    assert response.status_code == 302
    page = client.get(reverse("assignments:calendar"), {"view": "mine"})
    address = page.context["feed_url"]
    assert "/assignments/feed/" in address
    path = address.split("://", 1)[1].split("/", 1)[1]
    fetched = Client().get("/" + path)  # a calendar program, not logged in
    assert fetched.status_code == 200
    summaries = set(_events(fetched.content))
    assert "Báo cáo quý" in summaries and "Việc mật" not in summaries
    assert any(s.startswith("Việc hạn chế") or "Restricted" in s for s in summaries)
    # A new address stops the old one; stopping it stops the new one.
    client.post(reverse("assignments:feed_issue"), {"view": "mine"})
    assert Client().get("/" + path).status_code == 404
    newer = client.get(reverse("assignments:calendar")).context["feed_url"]
    newer_path = "/" + newer.split("://", 1)[1].split("/", 1)[1]
    assert Client().get(newer_path).status_code == 200
    client.post(reverse("assignments:feed_revoke"), {"view": "mine"})
    assert Client().get(newer_path).status_code == 404
    actions = sorted(
        AuditEvent.objects.filter(action__startswith="assignments.feed.").values_list(
            "action", flat=True
        )
    )
    assert actions == [
        "assignments.feed.issued",
        "assignments.feed.issued",
        "assignments.feed.revoked",
    ]


def test_forged_tokens_and_lost_roles_are_404(office_a):
    give(office_a.secretary, title="Việc của ban", lead_unit=office_a.organization)
    feed = calendar_feed_issue(actor=act(office_a.head), view="unit")
    url = reverse("assignments:feed", args=[feed_token(feed)])
    assert "Việc của ban" in _events(Client().get(url).content)
    forged = reverse("assignments:feed", args=[feed_token(feed)[:-2] + "xx"])
    assert Client().get(forged).status_code == 404
    other = CalendarFeed(pk=feed.pk, nonce="guessed")
    assert Client().get(reverse("assignments:feed", args=[feed_token(other)])).status_code == 404
    assert Client().get(reverse("assignments:feed", args=["junk"])).status_code == 404
    # The head leaves the post: the unit's feed stops answering.
    RoleGrant.objects.filter(user=office_a.head).update(
        valid_to=timezone.localdate() - dt.timedelta(days=1)
    )
    assert Client().get(url).status_code == 404


def test_a_unit_feed_needs_the_unit_view(office_a):
    client = verified_client(office_a.specialist)
    response = client.post(reverse("assignments:feed_issue"), {"view": "unit"})
    assert response.status_code == 302 and CalendarFeed.objects.count() == 0
    page = client.get(reverse("assignments:calendar"))
    assert "not allow" in " ".join(str(m) for m in page.context["messages"])
