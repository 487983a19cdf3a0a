"""A document's text cut into passages a leader can pick: paragraphs and list items."""

from __future__ import annotations

import re

# "1.", "2)", "a)", "b.", "-", "•", "+", "I.", "IV." at the start of a line begin an item.
_ITEM = re.compile(r"^\s*(?:\d{1,3}[.)]|[a-zđ][.)]|[IVXL]{1,5}\.|[-•+*–])\s+", re.IGNORECASE)
MAX_PASSAGES = 300
MIN_CHARS = 12


def passages(text: str) -> list[str]:
    """Paragraphs (split at blank lines) and list items (split at their markers), with
    their wrapped lines joined; fragments too short to be work are left out."""
    found: list[str] = []
    current: list[str] = []

    def close() -> None:
        joined = " ".join(" ".join(current).split())
        if len(joined) >= MIN_CHARS:
            found.append(joined)
        current.clear()

    for line in text.replace("\r\n", "\n").split("\n"):
        if not line.strip():
            close()
            continue
        if _ITEM.match(line):
            close()
        current.append(line.strip())
        if len(found) >= MAX_PASSAGES:
            break
    close()
    return found[:MAX_PASSAGES]
