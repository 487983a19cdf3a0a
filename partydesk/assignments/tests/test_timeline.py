"""The timeline draws each assignment of the quarter as a bar over its days (clipped to
the quarter), marks overdue work in words as well as colour, and keeps the list's scope."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from partydesk.accounts.tests.factories import verified_client
from partydesk.assignments.selectors.timeline import Quarter, quarter_months
from partydesk.assignments.tests.factories import give


def test_quarters_parse_shift_and_split_into_month_columns():
    q = Quarter.parse("2026-Q4", dt.date(2026, 1, 1))
    assert (q.first, q.last, q.key) == (dt.date(2026, 10, 1), dt.date(2026, 12, 31), "2026-Q4")
    assert q.shifted(1) == Quarter(2027, 1) and q.shifted(-4) == Quarter(2025, 4)
    assert Quarter.parse("junk", dt.date(2026, 5, 3)) == Quarter(2026, 2)
    assert Quarter.parse("2026-Q5", dt.date(2026, 5, 3)) == Quarter(2026, 2)
    months = quarter_months(q)
    assert [(m.start, m.end) for m in months] == [(1, 32), (32, 62), (62, 93)]


def test_the_bars_span_their_days_and_overdue_work_is_said(office_a, office_b):
    today = timezone.localdate()
    q = Quarter.of(today)
    inside = give(
        office_a.secretary,
        title="Trong quý",
        lead_user=office_a.specialist,
        start_date=q.first,
        deadline=q.first + dt.timedelta(days=9),
    )
    give(office_b.secretary, title="Của tỉnh khác", lead_user=office_b.specialist)
    client = verified_client(office_a.specialist)
    page = client.get(reverse("assignments:timeline"), {"quarter": q.key})
    assert page.status_code == 200
    bars = page.context["bars"]
    assert [b.assignment.pk for b in bars] == [inside.pk]
    assert (bars[0].start, bars[0].end) == (1, 11)
    html = page.content.decode()
    assert "tl-s-1 tl-e-11" in html and "Của tỉnh khác" not in html
    assert inside.deadline is not None
    assert bars[0].overdue == (inside.deadline < today)
    if bars[0].overdue:
        assert "tl-overdue" in html
    later = client.get(reverse("assignments:timeline"), {"quarter": q.shifted(1).key})
    assert later.context["bars"] == []
    unit = client.get(reverse("assignments:timeline"), {"view": "unit"})
    assert unit.status_code == 403


def test_the_timeline_and_evaluations_speak_vietnamese(office_a):
    client = verified_client(office_a.secretary)
    page = client.get(reverse("assignments:timeline"), HTTP_ACCEPT_LANGUAGE="vi")
    assert "Tiến độ theo thời gian, quý" in page.content.decode()
    page = client.get(reverse("assignments:evaluations"), HTTP_ACCEPT_LANGUAGE="vi")
    assert "Đề xuất từ kết quả thực hiện nhiệm vụ trong năm" in page.content.decode()


def test_the_calendar_puts_each_deadline_on_its_day(office_a, office_b):
    today = timezone.localdate()
    first = today.replace(day=1)
    due = give(
        office_a.secretary,
        title="Hạn trong tháng",
        lead_user=office_a.specialist,
        start_date=first,
        deadline=first + dt.timedelta(days=2),
    )
    give(office_b.secretary, title="Của tỉnh khác", lead_user=office_b.specialist)
    client = verified_client(office_a.specialist)
    page = client.get(reverse("assignments:calendar"), {"month": first.strftime("%Y-%m")})
    assert page.status_code == 200
    days = [d for week in page.context["weeks"] for d in week]
    assert all(len(week) == 7 for week in page.context["weeks"])
    assert days[0].day.weekday() == 0 and days[-1].day.weekday() == 6
    holding = [d.day for d in days if d.rows]
    assert holding == [due.deadline]
    assert "Của tỉnh khác" not in page.content.decode()
    junk = client.get(reverse("assignments:calendar"), {"month": "2026-13"})
    assert junk.status_code == 200 and junk.context["first"] == first
