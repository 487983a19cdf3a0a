"""What every question must satisfy, whatever format it came in, and its sanitized text."""

from __future__ import annotations

import hashlib
import html
import json
from dataclasses import replace

import nh3
from django.utils.translation import gettext as _

from partydesk.learning.formats import (
    ESSAY,
    FALSE_TEXT,
    FULL,
    MULTIPLE,
    SHORT,
    SINGLE,
    TRUE_FALSE,
    TRUE_TEXT,
    Answer,
    Item,
)

MAX_TEXT = 20_000
MAX_ANSWER = 2_000
MAX_ANSWERS = 26
# Images and simple formatting; images only inline (data:) or from this site (relative).
TAGS = {
    "p", "br", "b", "strong", "i", "em", "u", "s", "sub", "sup", "ul", "ol", "li", "img",
    "span", "code", "pre", "blockquote", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ATTRIBUTES = {"img": {"src", "alt", "width", "height"}, "td": {"colspan"}, "th": {"colspan"}}


def sanitize(text: str) -> str:
    """HTML reduced to the formatting a question may hold; scripts and handlers removed."""
    return nh3.clean(text, tags=TAGS, attributes=ATTRIBUTES, url_schemes={"data"}).strip()


def from_plain(text: str) -> str:
    """Plain text as HTML: escaped, line breaks kept."""
    return "<br>".join(html.escape(line, quote=False) for line in text.strip().splitlines())


def clean_item(item: Item) -> Item:
    """The item with every text sanitized."""
    answers = tuple(
        replace(a, text=sanitize(a.text), feedback=sanitize(a.feedback)) for a in item.answers
    )
    return replace(
        item,
        text=sanitize(item.text),
        feedback=sanitize(item.feedback),
        name=item.name.strip()[:255],
        answers=answers,
    )


def _range(item: Item) -> list[str]:
    if any(not -FULL <= a.weight <= FULL for a in item.answers):
        return [_("A weight is outside -100% to 100%.")]
    return []


def _weights(item: Item) -> list[str]:
    problems = _range(item)
    positive = [a.weight for a in item.answers if a.weight > 0]
    if item.kind == SINGLE and [a for a in item.answers if a.weight == FULL] == []:
        problems.append(_("No answer is marked correct."))
    if item.kind == SINGLE and len([a for a in item.answers if a.weight == FULL]) > 1:
        problems.append(_("A single-choice question has one correct answer."))
    if item.kind == MULTIPLE and not positive:
        problems.append(_("No answer is marked correct."))
    elif item.kind == MULTIPLE and abs(sum(positive) - FULL) > 1:
        problems.append(
            _("The positive weights add up to %(total)s%%, not 100%%.") % {"total": sum(positive)}
        )
    return problems


def problems_of(item: Item) -> list[str]:
    """Why the (sanitized) item cannot go into the bank; empty when it can."""
    problems = []
    if not item.text:
        problems.append(_("The question has no text."))
    if len(item.text) > MAX_TEXT:
        problems.append(_("The question text is longer than %(n)s characters.") % {"n": MAX_TEXT})
    if any(len(a.text) > MAX_ANSWER or len(a.feedback) > MAX_ANSWER for a in item.answers):
        problems.append(_("An answer is longer than %(n)s characters.") % {"n": MAX_ANSWER})
    if len(item.answers) > MAX_ANSWERS:
        problems.append(_("A question has at most %(n)s answers.") % {"n": MAX_ANSWERS})
    if any(not a.text for a in item.answers):
        problems.append(_("An answer is empty."))
    if item.kind in (SINGLE, MULTIPLE):
        if len(item.answers) < 2:
            problems.append(_("A choice question needs at least two answers."))
        problems.extend(_weights(item))
    elif item.kind == TRUE_FALSE:
        texts = sorted(a.text for a in item.answers)
        correct = [a for a in item.answers if a.weight == FULL]
        if texts != [FALSE_TEXT, TRUE_TEXT] or len(correct) != 1:
            problems.append(_("A true/false question says which of the two is correct."))
    elif item.kind == SHORT:
        if not any(a.weight > 0 for a in item.answers):
            problems.append(_("No accepted answer is given."))
        problems.extend(_range(item))
    elif item.kind == ESSAY and item.answers:
        problems.append(_("An essay question has no answers; it is marked by hand."))
    return problems


def content_hash(item: Item) -> str:
    """SHA-256 of what the question asks and accepts (not its name or category): the same
    question imported twice has the same hash."""
    body = {
        "kind": item.kind,
        "text": item.text,
        "feedback": item.feedback,
        "answers": [[a.text, str(a.weight.normalize()), a.feedback] for a in item.answers],
    }
    encoded = json.dumps(body, ensure_ascii=False, sort_keys=True).encode()
    return hashlib.sha256(encoded).hexdigest()


def true_false(correct: bool, right: str = "", wrong: str = "") -> tuple[Answer, ...]:
    """The two answers of a true/false question; feedback goes with the chosen answer."""
    true = Answer(TRUE_TEXT, FULL if correct else 0 * FULL, right if correct else wrong)
    false = Answer(FALSE_TEXT, 0 * FULL if correct else FULL, wrong if correct else right)
    return (true, false)


def plain(text: str) -> str:
    """The HTML's text only, for titles and search."""
    return " ".join(html.unescape(nh3.clean(text, tags=set())).split())
