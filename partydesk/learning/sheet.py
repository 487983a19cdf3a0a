"""An attempt's question sheet, rendered once per question version and language rather
than per page (issues 11 and 12, the synchronized start; ADR 0021 and 0026).

A version never changes once written (the bank writes a new one on edit), so the card a
taker sees for it (the answer form, the question, each option) is the same for every
attempt but for a few places: the attempt's answer URL, the slot and question number, the
CSRF input, which options are already chosen, the text typed so far, whether something is
saved, and the order of the options. The card is rendered once with markers in those places
(NUL characters, which PostgreSQL text and so the bank's questions cannot hold), split at
the options, and kept in this process (bounded); a page is then string joins in the
attempt's own order: no template work and no query for a version already seen.

Both apps use the card `learning/attempts/_card.html` (the markup learning's per-page
template gave): learning's page saves a typed answer while typing, contests' only on
change (`typing=""`).

The page around the sheet is built the same way (`frame_html`): its template rendered once
per page key and language with a marker for each value of one attempt (its token, times,
addresses, the CSRF token, the sheet), kept in this process, then filled per request.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.loader import render_to_string
from django.utils.html import escape, format_html
from django.utils.safestring import SafeData, SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from partydesk.learning.selectors.exams import draw_questions

CARD = "learning/attempts/_card.html"
URL = "\x00url\x00"
SLOT = "\x00slot\x00"
NUMBER = "\x00number\x00"
CSRF = "\x00csrf\x00"
SAVED = "\x00saved\x00"
TEXT = "\x00text\x00"
TYPING = "\x00typing\x00"
SAVE_WHILE_TYPING = ", keyup changed delay:2s"
SPLIT = "\x00|\x00"
MAX_CARDS = 4_096  # versions × languages kept; far above an exam's bank
MAX_FRAMES = 1_024  # page keys × languages kept
FIELD = re.compile("\x00f:([a-z_]+)\x00")
MARKER = re.compile("\x00([a-z]+[0-9]*)\x00")  # a card's markers, as URL or _checked(2)


def _checked(position: int) -> str:
    return f"\x00checked{position}\x00"


Parts = tuple[str, ...]  # markup split at the markers: every odd part names one


@dataclass(frozen=True)
class Card:
    """A version's card in one language: before the options, each option by its stored
    position, after them, each split at its markers."""

    head: Parts
    options: Mapping[int, Parts]
    tail: Parts


def _parts(html: str) -> Parts:
    return tuple(MARKER.split(html))


_cards: dict[tuple[int, str], Card] = {}
_frames: dict[tuple[Hashable, str], tuple[str, ...]] = {}


@receiver(setting_changed)
def _forget_cards(*, setting: str, **_kwargs: object) -> None:
    """Caches reconfigured (each test does, its database's ids starting again): forget
    the cards too."""
    if setting == "CACHES":
        _cards.clear()
        _frames.clear()


def _render(question: Any) -> Card:
    markers = {
        "url": URL,
        "slot": SLOT,
        "number": NUMBER,
        "csrf": CSRF,
        "saved": SAVED,
        "text": TEXT,
        "typing": TYPING,
        "split": SPLIT,
        "options": [(c, _checked(c.position)) for c in question.options],
    }
    html = render_to_string(CARD, {"q": question, "m": markers})
    if SPLIT not in html:  # a typed answer: its choices are the key, not shown
        return Card(_parts(html), {}, ())
    head, *options, tail = html.split(SPLIT)
    by_position = {
        c.position: _parts(part) for c, part in zip(question.options, options, strict=True)
    }
    return Card(_parts(head), by_position, _parts(tail))


def _cards_for(draw: Sequence[Sequence[Any]], language: str) -> dict[int, Card]:
    """The cards of the draw's versions, the missing ones rendered (two queries)."""
    cards = {}
    missing = []
    for version_id, order in draw:
        card = _cards.get((version_id, language))
        if card is None:
            missing.append([version_id, sorted(order)])  # a draw orders every option
        else:
            cards[version_id] = card
    if missing:
        if len(_cards) > MAX_CARDS:
            _cards.clear()
        for question in draw_questions(missing):
            card = _render(question)
            _cards[(question.version.pk, language)] = card
            cards[question.version.pk] = card
    return cards


def sheet_html(
    draw: Sequence[Sequence[Any]],
    chosen: Mapping[int, Sequence[int]],
    *,
    answer_url: str,
    csrf_token: str,
    typing: str = SAVE_WHILE_TYPING,
    texts: Mapping[int, str] | None = None,
    saved: Collection[int] | None = None,
) -> SafeString:
    """The attempt's question cards in its draw's order with its saved choices marked and
    typed texts filled in; `answer_url` holds `{slot}` where the slot goes. A slot shows
    "Saved" when it is in `saved` (by default: when something is chosen); `typing` is what
    a typed answer's form adds to its HTMX trigger."""
    cards = _cards_for(draw, get_language() or "")
    texts = texts or {}
    csrf = str(
        format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', csrf_token)
    )
    saved_mark = str(format_html('<span class="muted">{}</span>', _("Saved")))
    pages = []
    for slot, (version_id, order) in enumerate(draw):
        card = cards[version_id]
        picked = set(chosen.get(slot, ()))
        shown = slot in saved if saved is not None else bool(picked)
        values = {
            "url": answer_url.format(slot=slot),
            "slot": str(slot),
            "number": str(slot + 1),
            "csrf": csrf,
            "typing": typing,
            "saved": saved_mark if shown else "",
            "text": escape(texts.get(slot, "")),  # the taker's own, escaped
        }
        for position in card.options:
            values[f"checked{position}"] = " checked" if position in picked else ""
        pieces = [card.head, *(card.options[p] for p in order if p in card.options), card.tail]
        # Joined at the markers: a value (the taker's text) is never searched for markers.
        pages.append(
            "".join(
                values[part] if n % 2 else part for piece in pieces for n, part in enumerate(piece)
            )
        )
    return mark_safe("\n".join(pages))  # noqa: S308 - escaped when the card was rendered


def frame_html(
    template: str,
    key: Hashable,
    context: Mapping[str, object],
    fields: Mapping[str, object],
) -> str:
    """`template` rendered with `context` and `fields` as one attempt's page, the template
    rendered once per `key` and language (kept in this process, bounded) with a marker in
    place of each field, then filled with the fields' values: HTML-escaped, but for safe
    strings (the sheet). `key` must name everything in `context` the page shows (a round
    renamed is another key); the template must show a field as it is, never test or filter
    it, and use nothing of one attempt but the fields."""
    cache_key = (key, get_language() or "")
    parts = _frames.get(cache_key)
    if parts is None:
        markers = {name: f"\x00f:{name}\x00" for name in fields}
        parts = tuple(FIELD.split(render_to_string(template, {**context, **markers})))
        if len(_frames) >= MAX_FRAMES:
            _frames.clear()
        _frames[cache_key] = parts
    values = {
        name: str(value) if isinstance(value, SafeData) else escape(value)
        for name, value in fields.items()
    }
    # Split at the markers: odd parts name a field, so a value is never searched again.
    return "".join(values[part] if n % 2 else part for n, part in enumerate(parts))
