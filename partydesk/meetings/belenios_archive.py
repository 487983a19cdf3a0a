"""Appending ballots to a Belenios record without belenios-tool, part of the Belenios adapter
(ADR 0024, "The cast at 500 voters").

A Belenios 2.0 record (`<uuid>.bel`) is a tar archive whose members are appended one after
the other, with no end-of-archive blocks: a `BELENIOS` header, then for each event its
data (`<sha256 of the data>.data.json`) and the event itself (`<sha256 of the event>.event.json`,
`{"parent": <the previous event's sha256>, "height": n, "type": ..., "payload": <the data's
sha256>}`). `belenios-tool archive add-event` writes every member with the archive's own
timestamp, mode 0644, owner 0 and the old (pre-POSIX) header. Writing a ballot's two members
here, byte for byte as the tool does (tested against the tool's own output), lets a cast add
a few kilobytes instead of having the tool read and rewrite the whole record; the ballot
itself is still checked by belenios-tool first (`belenios.check_ballot`), and the record so
built is what `belenios-tool election verify` checks at the count.
"""

from __future__ import annotations

import hashlib
import io
import json
import tarfile
from dataclasses import dataclass

from partydesk.meetings.belenios import BeleniosError

BLOCK = 512


@dataclass(frozen=True)
class Head:
    """The record's last event: the parent of the next one."""

    height: int
    event: str  # sha256 (hex) of the event member's content


def _header(name: str, size: int, mtime: int) -> bytes:
    header = bytearray(BLOCK)
    header[0:100] = name.encode().ljust(100, b"\0")
    header[100:124] = b"0000644\x000000000\x000000000\x00"
    header[124:136] = b"%011o\x00" % size
    header[136:148] = b"%011o\x00" % mtime
    header[148:156] = b" " * 8  # the checksum counts its own field as spaces
    header[156:157] = b"0"  # a regular file
    header[148:156] = b"%06o\x00 " % sum(header)
    return bytes(header)


def _member(name: str, data: bytes, mtime: int) -> bytes:
    return _header(name, len(data), mtime) + data + b"\0" * (-len(data) % BLOCK)


def _timestamp(record: bytes) -> int:
    """The archive's timestamp, on its first member (the BELENIOS header)."""
    try:
        return int(record[136:147], 8)
    except ValueError as error:
        raise BeleniosError("not a Belenios record") from error


def head_of(record: bytes) -> Head:
    """The last event of a stored record."""
    last: Head | None = None
    with tarfile.open(fileobj=io.BytesIO(record)) as archive:
        for member in archive:
            if member.name.endswith(".event.json"):
                content = archive.extractfile(member).read()  # type: ignore[union-attr]
                last = Head(int(json.loads(content)["height"]), member.name.split(".", 1)[0])
    if last is None:
        raise BeleniosError("the record has no event")
    return last


def ballot_members(record: bytes, ballot: str, parent: Head) -> tuple[bytes, Head]:
    """The two members that append `ballot` after the event `parent` (a Ballot event of the
    next height), and the new head."""
    data = ballot.encode()
    payload = hashlib.sha256(data).hexdigest()
    event = json.dumps(
        {"parent": parent.event, "height": parent.height + 1, "type": "Ballot",
         "payload": payload},
        separators=(",", ":"),
    ).encode()  # fmt: skip
    event_hash = hashlib.sha256(event).hexdigest()
    mtime = _timestamp(record)
    members = _member(f"{payload}.data.json", data, mtime)
    members += _member(f"{event_hash}.event.json", event, mtime)
    return members, Head(parent.height + 1, event_hash)
