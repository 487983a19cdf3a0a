"""iCalendar (RFC 5545) text, written by hand: a meeting's invitation (one VEVENT with
METHOD:REQUEST or CANCEL) and a published feed of many events (a person's deadlines).

Pure: plain values in, text out. Times are written in UTC ("Z"); a `date` is an all-day
event (VALUE=DATE). TEXT values are escaped (backslash, semicolon, comma, newline; other
control characters dropped), parameter values quoted, and every content line folded at 75
octets without splitting a UTF-8 character, with CRLF line ends.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

PRODID = "-//partydesk//partydesk//VI"
LINE_OCTETS = 75
# Control characters a TEXT value may not hold (HTAB and the newlines escaped below may).
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class Event:
    """One VEVENT. `starts_at` as a `date` makes an all-day event; `ends_at` defaults to
    the next day for those, and is required for timed ones."""

    uid: str
    starts_at: dt.datetime | dt.date
    summary: str
    ends_at: dt.datetime | dt.date | None = None
    sequence: int = 0
    location: str = ""
    description: str = ""
    url: str = ""
    organizer: tuple[str, str] | None = None  # (name, email)
    attendees: tuple[tuple[str, str], ...] = ()
    cancelled: bool = False
    categories: tuple[str, ...] = ()


def escape_text(text: str) -> str:
    """A TEXT value (RFC 5545 §3.3.11)."""
    return (
        _CONTROLS.sub("", text)
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\r", "\\n")
        .replace("\n", "\\n")
    )


def _param(text: str) -> str:
    # A parameter value may hold neither DQUOTE nor control characters; quote it when it
    # holds ; : or ,.
    cleaned = _CONTROLS.sub("", text).replace('"', "'").replace("\r", " ").replace("\n", " ")
    return f'"{cleaned}"' if any(c in cleaned for c in ";:,") else cleaned


def _uri(text: str) -> str:
    return re.sub(r"[\x00-\x20\x7f]", "", text)


def utc_stamp(moment: dt.datetime) -> str:
    """A DATE-TIME in UTC; a naive time is refused (it would be read as the server's)."""
    if moment.tzinfo is None:
        raise ValueError("iCalendar times must be timezone-aware")
    return moment.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def _when(name: str, value: dt.datetime | dt.date) -> str:
    if isinstance(value, dt.datetime):
        return f"{name}:{utc_stamp(value)}"
    return f"{name};VALUE=DATE:{value:%Y%m%d}"


def fold_line(line: str) -> Iterator[str]:
    """Split a content line into chunks of at most 75 octets, never inside a character;
    each chunk after the first starts with the space that marks a continuation."""
    chunk, size = "", 0
    for char in line:
        width = len(char.encode())
        if size + width > LINE_OCTETS:
            yield chunk
            chunk, size = " ", 1
        chunk += char
        size += width
    yield chunk


def _event_lines(event: Event, now: dt.datetime) -> list[str]:
    ends_at = event.ends_at
    if ends_at is None:
        if isinstance(event.starts_at, dt.datetime):
            raise ValueError("a timed event needs its end")
        ends_at = event.starts_at + dt.timedelta(days=1)
    lines = [
        "BEGIN:VEVENT",
        f"UID:{escape_text(event.uid)}",
        f"SEQUENCE:{event.sequence}",
        f"DTSTAMP:{utc_stamp(now)}",
        _when("DTSTART", event.starts_at),
        _when("DTEND", ends_at),
        f"SUMMARY:{escape_text(event.summary)}",
        f"STATUS:{'CANCELLED' if event.cancelled else 'CONFIRMED'}",
    ]
    if event.location:
        lines.append(f"LOCATION:{escape_text(event.location)}")
    if event.description:
        lines.append(f"DESCRIPTION:{escape_text(event.description)}")
    if event.categories:
        lines.append("CATEGORIES:" + ",".join(escape_text(c) for c in event.categories))
    if event.url:
        lines.append(f"URL:{_uri(event.url)}")
    if event.organizer is not None:
        name, email = event.organizer
        lines.append(f"ORGANIZER;CN={_param(name)}:mailto:{_uri(email)}")
    for name, email in event.attendees:
        lines.append(
            f"ATTENDEE;CN={_param(name)};ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE"
            f":mailto:{_uri(email)}"
        )
    lines.append("END:VEVENT")
    return lines


def _calendar(head: Iterable[str], events: Iterable[Event], now: dt.datetime) -> str:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN"]
    lines += head
    for event in events:
        lines += _event_lines(event, now)
    lines.append("END:VCALENDAR")
    return "".join(part + "\r\n" for line in lines for part in fold_line(line))


def invitation_text(event: Event, *, now: dt.datetime) -> str:
    """An invitation to one event: METHOD:REQUEST, or CANCEL when it is cancelled."""
    return _calendar([f"METHOD:{'CANCEL' if event.cancelled else 'REQUEST'}"], [event], now)


def feed_text(events: Sequence[Event], *, name: str, now: dt.datetime) -> str:
    """A published calendar (METHOD:PUBLISH) that a client shows, or subscribes to, under
    `name`; subscribers are asked to fetch it again every few hours."""
    head = [
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
        f"NAME:{escape_text(name)}",
        "REFRESH-INTERVAL;VALUE=DURATION:PT4H",
        "X-PUBLISHED-TTL:PT4H",
    ]
    return _calendar(head, events, now)
