"""Question formats (GIFT, Aiken) as pure codecs: text in, plain values out, and back.

Nothing here reads or writes the database (an import-linter contract holds it): the bank's
services turn these values into categories, questions and versions."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

SINGLE = "single"
MULTIPLE = "multiple"
TRUE_FALSE = "truefalse"
SHORT = "short"
ESSAY = "essay"
KINDS = (SINGLE, MULTIPLE, TRUE_FALSE, SHORT, ESSAY)
TRUE_TEXT = "true"
FALSE_TEXT = "false"
FULL = Decimal(100)


@dataclass(frozen=True)
class Answer:
    """One option (or accepted answer) with its weight in percent, -100 to 100."""

    text: str
    weight: Decimal
    feedback: str = ""


@dataclass(frozen=True)
class Item:
    """A question as a format carries it. `text`, answers and feedback are HTML."""

    kind: str
    text: str
    answers: tuple[Answer, ...] = ()
    name: str = ""
    feedback: str = ""
    category: tuple[str, ...] = ()
    shuffle: bool = True
    tags: tuple[str, ...] = ()


@dataclass
class Found:
    """One question of a file: where it starts, the item when it could be read, and the
    problems that keep it out (an unsupported type is `skipped`, anything else an error)."""

    line: int
    title: str
    item: Item | None = None
    problems: list[str] = field(default_factory=list)
    skipped: bool = False

    @property
    def ok(self) -> bool:
        return self.item is not None and not self.problems


class FormatError(ValueError):
    """The file as a whole cannot be read (wrong encoding, too large, not this format)."""
