"""Automatic marking, pure: a question's options (text, weight in percent) and what the
taker chose give points between 0 and 1; essays give None (marked by hand).

Every type is floored at 0 per question: a penalty weight takes points away within the
question (a wrong tick in weighted multiple choice), never from the rest of the exam."""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal

from partydesk.learning import formats

ZERO, ONE, HUNDRED = Decimal(0), Decimal(1), Decimal(100)


def _clamp(value: Decimal) -> Decimal:
    return min(ONE, max(ZERO, value))


def normalize(text: str) -> str:
    """A short answer as compared: case, surrounding and repeated spaces ignored."""
    return " ".join(text.split()).casefold()


def short_matches(accepted: str, given: str) -> bool:
    """Moodle's rule: `*` in an accepted answer matches any run of characters."""
    pattern = ".*".join(re.escape(part) for part in normalize(accepted).split("*"))
    return re.fullmatch(pattern, normalize(given)) is not None


def mark(
    kind: str, options: Sequence[tuple[str, Decimal]], chosen: Sequence[int], text: str = ""
) -> Decimal | None:
    """Points for one answer: `chosen` are option positions, `text` a typed answer."""
    if kind == formats.ESSAY:
        return None
    if kind == formats.SHORT:
        weights = [w for accepted, w in options if text.strip() and short_matches(accepted, text)]
        return _clamp(max(weights, default=ZERO) / HUNDRED)
    picked = sorted({p for p in chosen if 0 <= p < len(options)})
    if kind in (formats.SINGLE, formats.TRUE_FALSE) and len(picked) > 1:
        return ZERO
    return _clamp(sum((options[p][1] for p in picked), ZERO) / HUNDRED)
