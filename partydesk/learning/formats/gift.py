"""GIFT (Moodle's text format): categories, titles, [html], weights, feedback and escapes.

Reading keeps going after a bad question: each one gets its own problems, and a question
type the bank does not hold (numerical, matching, description) is skipped by name."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from django.utils.translation import gettext as _

from partydesk.learning.formats import (
    ESSAY,
    FULL,
    MULTIPLE,
    SHORT,
    SINGLE,
    TRUE_FALSE,
    TRUE_TEXT,
    Answer,
    FormatError,
    Found,
    Item,
)
from partydesk.learning.formats.checks import clean_item, from_plain, problems_of, true_false
from partydesk.learning.formats.text import (
    MAX_QUESTIONS,
    category_path,
    escape,
    find_unescaped,
    percent,
    split_unescaped,
    unescape,
    weight_text,
)

_FORMAT = re.compile(r"^\s*\[(html|moodle|plain|markdown)\]", re.IGNORECASE)
_WEIGHT = re.compile(r"^\s*%([^%]*)%")
_TRUE = {"T", "TRUE"}
_FALSE = {"F", "FALSE"}


class _Skip(Exception):
    """A question of a type the bank does not hold."""


def _chunks(text: str) -> Iterator[tuple[int, list[str]]]:
    """Questions as (first line number, lines): blank lines separate, // lines are comments."""
    start = 0
    lines: list[str] = []
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip().startswith("//"):
            continue
        if not line.strip():
            if lines:
                yield start, lines
            lines = []
            continue
        if not lines:
            start = number
        lines.append(line)
    if lines:
        yield start, lines


def _html(text: str, kind: str) -> str:
    return from_plain(text) if kind in ("plain", "markdown") else text.strip().replace("\n", "<br>")


def _answer(part: str, marker: str, markup: str) -> Answer:
    weight = FULL if marker == "=" else Decimal(0)
    found = _WEIGHT.match(part)
    if found:
        weight = percent(found.group(1))
        part = part[found.end() :]
    text, *feedback = split_unescaped(part, "#")
    return Answer(
        _html(unescape(text), markup),
        weight,
        _html(unescape("#".join(feedback)), markup),
    )


def _answers(block: str, markup: str) -> tuple[str, tuple[Answer, ...]]:
    """The kind and answers of an answer block (without its general feedback)."""
    marks = [at for at in range(len(block)) if block[at] in "=~" and _free(block, at)]
    head = block[: marks[0]] if marks else block
    if marks and head.strip():
        raise FormatError(_("Text before the first answer: “%(t)s”.") % {"t": head.strip()})
    if not marks:
        raise FormatError(_("The answer block has no answer marked with = or ~."))
    parts = [block[at + 1 : end] for at, end in zip(marks, [*marks[1:], len(block)], strict=True)]
    if any("->" in part for part in parts):
        raise _Skip(_("matching"))
    answers = tuple(_answer(part, block[at], markup) for at, part in zip(marks, parts, strict=True))
    tildes = any(block[at] == "~" for at in marks)
    if not tildes:
        return SHORT, answers
    return (SINGLE if any(block[at] == "=" for at in marks) else MULTIPLE), answers


def _free(text: str, at: int) -> bool:
    """True when the character at `at` is not escaped (an even run of backslashes before)."""
    slashes = 0
    while at - slashes - 1 >= 0 and text[at - slashes - 1] == "\\":
        slashes += 1
    return slashes % 2 == 0


def _block(block: str, markup: str) -> tuple[str, tuple[Answer, ...], str]:
    """Kind, answers and general feedback of the text between { and }."""
    block, *general = split_unescaped(block, "####")
    feedback = _html(unescape("####".join(general)), markup)
    stripped = block.strip()
    if not stripped:
        return ESSAY, (), feedback
    if stripped.startswith("#"):
        raise _Skip(_("numerical"))
    word, *marks = split_unescaped(stripped, "#")
    if word.strip().upper() in _TRUE | _FALSE:
        wrong = _html(unescape(marks[0]), markup) if marks else ""
        right = _html(unescape(marks[1]), markup) if len(marks) > 1 else ""
        return TRUE_FALSE, true_false(word.strip().upper() in _TRUE, right, wrong), feedback
    kind, answers = _answers(block, markup)
    return kind, answers, feedback


def _question(lines: list[str], category: tuple[str, ...]) -> Item:
    text = "\n".join(lines).strip()
    name = ""
    if text.startswith("::"):
        end = text.find("::", 2)
        while end > 0 and not _free(text, end):
            end = text.find("::", end + 1)
        if end < 0:
            raise FormatError(_("The title is not closed with ::."))
        name, text = unescape(text[2:end]).strip(), text[end + 2 :]
    markup = "moodle"
    found = _FORMAT.match(text)
    if found:
        markup, text = found.group(1).lower(), text[found.end() :]
    opening = find_unescaped(text, "{")
    if opening < 0:
        raise _Skip(_("description (no answers)"))
    closing = find_unescaped(text, "}", opening)
    if closing < 0:
        raise FormatError(_("The answer block is not closed with }."))
    after = text[closing + 1 :].strip()
    if find_unescaped(after, "{") >= 0:
        raise _Skip(_("embedded answers (cloze)"))
    kind, answers, feedback = _block(text[opening + 1 : closing], markup)
    body = unescape(text[:opening].strip()) + (f" _____ {unescape(after)}" if after else "")
    return Item(kind, _html(body, markup), answers, name, feedback, category)


def _title(lines: list[str]) -> str:
    return " ".join(lines)[:80]


def read(text: str) -> list[Found]:
    """Every question of a GIFT text, each with its item or its problems."""
    found: list[Found] = []
    category: tuple[str, ...] = ()
    for line, lines in _chunks(text):
        if lines[0].strip().upper().startswith("$CATEGORY:"):
            category = category_path(lines[0].split(":", 1)[1])
            lines, line = lines[1:], line + 1
            if not lines:
                continue
        if len(found) >= MAX_QUESTIONS:
            raise FormatError(_("A file holds at most %(n)s questions.") % {"n": MAX_QUESTIONS})
        entry = Found(line, _title(lines))
        try:
            entry.item = clean_item(_question(lines, category))
            entry.title = entry.item.name or entry.title
            entry.problems = problems_of(entry.item)
        except _Skip as skip:
            entry.skipped = True
            entry.problems = [_("Question type not supported: %(type)s.") % {"type": skip}]
        except FormatError as error:
            entry.problems = [str(error)]
        found.append(entry)
    return found


def _write_answers(item: Item) -> str:
    if item.kind == ESSAY:
        return ""
    if item.kind == TRUE_FALSE:
        correct = next(a for a in item.answers if a.weight == FULL)
        wrong = next(a for a in item.answers if a is not correct)
        word = "TRUE" if correct.text == TRUE_TEXT else "FALSE"
        return f"{word}#{escape(wrong.feedback)}#{escape(correct.feedback)}"
    lines = []
    for answer in item.answers:
        plain = item.kind == SINGLE and answer.weight == FULL
        marker = "=" if plain or item.kind == SHORT else "~"
        weight = "" if plain or answer.weight == 0 else f"%{weight_text(answer.weight)}%"
        if item.kind == SHORT and answer.weight == FULL:
            weight = ""
        feedback = f"#{escape(answer.feedback)}" if answer.feedback else ""
        lines.append(f"\t{marker}{weight}{escape(answer.text)}{feedback}")
    return "\n" + "\n".join(lines) + "\n"


def write_one(item: Item) -> str:
    """One question in GIFT, its text as [html] (no category line)."""
    general = f"####{escape(item.feedback)}" if item.feedback else ""
    name = f"::{escape(item.name)}::" if item.name else ""
    return f"{name}[html]{escape(item.text)}{{{_write_answers(item)}{general}}}\n"


def write(items: list[Item]) -> str:
    """GIFT text for the items, grouped under $CATEGORY lines, every text as [html]."""
    out: list[str] = []
    category: tuple[str, ...] | None = None
    for item in items:
        if item.category != category:
            category = item.category
            out.append("$CATEGORY: $course$/top/" + "/".join(category) + "\n")
        out.append(write_one(item))
    return "\n".join(out)
