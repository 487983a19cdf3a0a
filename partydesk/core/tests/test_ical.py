"""The iCalendar writer: escaping, folding at 75 octets, UTC times, all-day events; each
file is read back by the `icalendar` package, someone else's parser."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import icalendar
import pytest

from partydesk.core.ical import Event, escape_text, feed_text, fold_line, invitation_text

START = dt.datetime(2026, 12, 10, 1, 0, tzinfo=dt.UTC)
TITLE = (
    "Hội nghị quán triệt, triển khai thực hiện Nghị quyết Đại hội đại biểu toàn quốc"
    " lần thứ XIV của Đảng"
)


def _lines(text: str) -> list[str]:
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    return text.split("\r\n")[:-1]


def test_long_vietnamese_lines_fold_within_75_octets_and_parse_back():
    text = invitation_text(
        Event(uid="x@y", starts_at=START, ends_at=START + dt.timedelta(hours=2), summary=TITLE),
        now=START,
    )
    lines = _lines(text)
    assert all(len(line.encode()) <= 75 for line in lines)
    assert any(line.startswith(" ") for line in lines)  # the summary did fold
    parsed = icalendar.Calendar.from_ical(text).walk("VEVENT")[0]
    assert str(parsed["SUMMARY"]) == TITLE


def test_folding_never_splits_a_character_and_marks_continuations():
    line = "SUMMARY:" + "ệ" * 60  # three octets each
    parts = list(fold_line(line))
    assert "".join(p.removeprefix(" ") if i else p for i, p in enumerate(parts)) == line
    assert all(len(p.encode()) <= 75 for p in parts)
    assert all(p.startswith(" ") for p in parts[1:])
    assert all(p.encode().decode() == p for p in parts)
    assert list(fold_line("A" * 75)) == ["A" * 75]
    assert list(fold_line("A" * 76)) == ["A" * 75, " A"]


def test_text_values_are_escaped_and_controls_dropped():
    assert escape_text("a\\b;c,d\r\ne\nf\x07") == "a\\\\b\\;c\\,d\\ne\\nf"
    description = "Nghị quyết; số 5, mục 2\nHạn: 10/12\\2026"
    text = invitation_text(
        Event(
            uid="m-1@h",
            starts_at=START,
            ends_at=START + dt.timedelta(hours=1),
            summary="Họp, bàn; quyết",
            description=description,
            organizer=('Nguyễn "Văn" A, Bí thư', "a@example.test"),
            attendees=(("B: khách", "b@example.test"),),
        ),
        now=START,
    )
    event = icalendar.Calendar.from_ical(text).walk("VEVENT")[0]
    assert str(event["SUMMARY"]) == "Họp, bàn; quyết"
    assert str(event["DESCRIPTION"]) == description
    assert event["ORGANIZER"].params["CN"] == "Nguyễn 'Văn' A, Bí thư"
    assert str(event["ATTENDEE"]) == "mailto:b@example.test"


def test_times_are_written_in_utc_and_naive_ones_refused():
    hanoi = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
    local = dt.datetime(2026, 12, 10, 8, 0, tzinfo=hanoi)
    text = invitation_text(
        Event(uid="u", starts_at=local, ends_at=local + dt.timedelta(hours=1), summary="x"),
        now=START,
    )
    assert "DTSTART:20261210T010000Z" in _lines(text)
    assert "METHOD:REQUEST" in _lines(text)
    event = icalendar.Calendar.from_ical(text).walk("VEVENT")[0]
    assert event.decoded("DTSTART") == local
    with pytest.raises(ValueError):
        invitation_text(
            Event(uid="u", starts_at=START.replace(tzinfo=None), ends_at=START, summary="x"),
            now=START,
        )
    with pytest.raises(ValueError):
        invitation_text(Event(uid="u", starts_at=START, summary="x"), now=START)


def test_a_cancelled_invitation_says_cancel():
    text = invitation_text(
        Event(uid="u", starts_at=START, ends_at=START, summary="x", cancelled=True), now=START
    )
    assert "METHOD:CANCEL" in _lines(text) and "STATUS:CANCELLED" in _lines(text)


def test_a_feed_holds_all_day_events_under_its_name():
    day = dt.date(2026, 12, 31)
    text = feed_text(
        [
            Event(uid="a-1@h", starts_at=day, summary="Báo cáo quý", categories=("Quá hạn",)),
            Event(uid="a-2@h", starts_at=dt.date(2027, 1, 4), summary="Kế hoạch, năm 2027"),
        ],
        name="Hạn việc của tôi",
        now=START,
    )
    lines = _lines(text)
    assert "METHOD:PUBLISH" in lines
    assert "DTSTART;VALUE=DATE:20261231" in lines and "DTEND;VALUE=DATE:20270101" in lines
    calendar = icalendar.Calendar.from_ical(text)
    assert str(calendar["X-WR-CALNAME"]) == "Hạn việc của tôi"
    events = calendar.walk("VEVENT")
    assert [e.decoded("DTSTART") for e in events] == [day, dt.date(2027, 1, 4)]
    assert str(events[1]["SUMMARY"]) == "Kế hoạch, năm 2027"
    assert events[0]["CATEGORIES"].cats == ["Quá hạn"]
    empty = icalendar.Calendar.from_ical(feed_text([], name="x", now=START))
    assert empty.walk("VEVENT") == []
