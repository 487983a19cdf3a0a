"""Party congresses, owned by the meetings app (ADR 0011 "Owners", ADR 0024).

A congress's documents share one number sequence across types, from its opening day
(36-HD, 1.3.1). The congress itself is a meeting of the Party organization, so the meetings
app keeps it; documents sits below meetings and may not import it. Meetings registers a
congress book here in its `ready()` (the pattern of `keeper.py`), and documents keeps only a
congress's id on a document (`Document.congress_id`) and reads it as a `CongressRef` value.
Without a book (meetings not installed) no congress is offered and none is found.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class CongressRef:
    """A congress as documents sees it: enough to offer it and to number its documents."""

    pk: int
    organization_id: int
    name: str
    opens_on: dt.date
    closes_on: dt.date


@dataclass(frozen=True)
class CongressBook:
    """What the owner of congresses answers (plain reads, in the caller's transaction)."""

    # The congresses of an organization that have not closed before a day, latest first.
    open_for: Callable[[int, dt.date], list[CongressRef]]
    # One congress by id (None if there is no such congress).
    get: Callable[[int], CongressRef | None]


_books: list[CongressBook] = []


def congress_book_register(book: CongressBook) -> CongressBook:
    """The app that owns congresses (there is one: the meetings app)."""
    _books[:] = [book]
    return book


def congresses_open_for(organization_id: int, day: dt.date) -> list[CongressRef]:
    """The congresses a drafter of `organization_id` may choose on `day`."""
    return _books[0].open_for(organization_id, day) if _books else []


def congress_get(pk: int | None) -> CongressRef | None:
    """The congress of a document (None for none, or without an owner of congresses)."""
    if pk is None or not _books:
        return None
    return _books[0].get(pk)
