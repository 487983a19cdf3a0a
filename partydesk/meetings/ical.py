"""iCalendar (RFC 5545) text for a meeting invitation, written by hand: one VEVENT with
the attendees, folded at 75 octets, CRLF line ends. Pure: plain values in, text out."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

PRODID = "-//partydesk//meetings//VI"


@dataclass(frozen=True)
class Event:
    uid: str
    sequence: int
    starts_at: dt.datetime
    ends_at: dt.datetime
    summary: str
    location: str = ""
    description: str = ""
    url: str = ""
    organizer: tuple[str, str] | None = None  # (name, email)
    attendees: tuple[tuple[str, str], ...] = ()
    cancelled: bool = False


def _escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def _param(text: str) -> str:
    # A parameter value may not hold DQUOTE; quote it when it holds ; : or ,.
    cleaned = text.replace('"', "'")
    return f'"{cleaned}"' if any(c in cleaned for c in ";:,") else cleaned


def _utc(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def _fold(line: str) -> Iterable[str]:
    """Split a content line into chunks of at most 75 octets, never inside a character."""
    chunk, size, limit = "", 0, 75
    for char in line:
        width = len(char.encode())
        if size + width > limit:
            yield chunk
            chunk, size, limit = " ", 1, 75
        chunk += char
        size += width
    yield chunk


def calendar_text(event: Event, *, now: dt.datetime) -> str:
    """An iCalendar object with METHOD:REQUEST (or CANCEL) for one meeting."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        f"METHOD:{'CANCEL' if event.cancelled else 'REQUEST'}",
        "BEGIN:VEVENT",
        f"UID:{event.uid}",
        f"SEQUENCE:{event.sequence}",
        f"DTSTAMP:{_utc(now)}",
        f"DTSTART:{_utc(event.starts_at)}",
        f"DTEND:{_utc(event.ends_at)}",
        f"SUMMARY:{_escape(event.summary)}",
        f"STATUS:{'CANCELLED' if event.cancelled else 'CONFIRMED'}",
    ]
    if event.location:
        lines.append(f"LOCATION:{_escape(event.location)}")
    if event.description:
        lines.append(f"DESCRIPTION:{_escape(event.description)}")
    if event.url:
        lines.append(f"URL:{event.url}")
    if event.organizer is not None:
        name, email = event.organizer
        lines.append(f"ORGANIZER;CN={_param(name)}:mailto:{email}")
    for name, email in event.attendees:
        lines.append(
            f"ATTENDEE;CN={_param(name)};ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE"
            f":mailto:{email}"
        )
    lines += ["END:VEVENT", "END:VCALENDAR"]
    return "".join(part + "\r\n" for line in lines for part in _fold(line))
