"""Aiken: a question, lettered options, then ANSWER: X. Plain text, single choice only."""

from __future__ import annotations

import re
from decimal import Decimal

from django.utils.translation import gettext as _

from partydesk.learning.formats import FULL, SINGLE, Answer, FormatError, Found, Item
from partydesk.learning.formats.checks import clean_item, from_plain, problems_of
from partydesk.learning.formats.text import MAX_QUESTIONS

_OPTION = re.compile(r"^([A-Z])\s*[.)]\s+(.*)$")
_ANSWER = re.compile(r"^ANSWER\s*:\s*(.*)$", re.IGNORECASE)


def _item(lines: list[str]) -> Item:
    text: list[str] = []
    options: list[tuple[str, str]] = []
    key = None
    for line in lines:
        option, answer = _OPTION.match(line.strip()), _ANSWER.match(line.strip())
        if key is not None:
            raise FormatError(_("Text after the ANSWER line: “%(t)s”.") % {"t": line.strip()})
        if answer:
            key = answer.group(1).strip().upper()
        elif option:
            options.append((option.group(1), option.group(2)))
        elif options:
            raise FormatError(
                _("A line among the options is not an option: “%(t)s”.") % {"t": line}
            )
        else:
            text.append(line)
    if key is None:
        raise FormatError(_("No ANSWER line: the correct option is not given."))
    letters = [letter for letter, _text in options]
    if key not in letters:
        raise FormatError(_("ANSWER %(key)s names no option.") % {"key": key or "?"})
    answers = tuple(
        Answer(from_plain(body), FULL if letter == key else Decimal(0)) for letter, body in options
    )
    return Item(SINGLE, from_plain("\n".join(text)), answers)


def read(text: str) -> list[Found]:
    """Every question of an Aiken text (questions separated by a blank line or an ANSWER)."""
    found: list[Found] = []
    lines: list[str] = []
    start = 0
    numbered = list(enumerate(text.split("\n"), start=1))
    for number, line in [*numbered, (len(numbered) + 1, "")]:
        if line.strip() and not lines:
            start = number
        if line.strip():
            lines.append(line)
        if lines and (not line.strip() or _ANSWER.match(line.strip())):
            if len(found) >= MAX_QUESTIONS:
                raise FormatError(_("A file holds at most %(n)s questions.") % {"n": MAX_QUESTIONS})
            entry = Found(start, " ".join(lines)[:80])
            try:
                entry.item = clean_item(_item(lines))
                entry.problems = problems_of(entry.item)
            except FormatError as error:
                entry.problems = [str(error)]
            found.append(entry)
            lines = []
    return found
