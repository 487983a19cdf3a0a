"""Number-and-symbol text: render it the way each rulebook prints it, and parse what a clerk
types from a received document (pure functions, no database).

Party (36-HD/VPTW 1.3.1): "Số 10-NQ/ĐUK" — "Số" without a colon, number, hyphen, type,
slash, issuer. State (ND30 Phụ lục I): "Số: 15/QĐ-UBND"; a letter has no type code:
"Số: 05/UBND-VP" (issuer-drafting unit). Numbers below 10 take a leading zero.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from partydesk.core.text import fold

_DASHES = str.maketrans({"–": "-", "—": "-", "‐": "-", "−": "-", "‑": "-"})
_PREFIX = re.compile(r"^\s*(?:s[ốoóòỏõọôồổỗộ]\s*[:.]?\s*)", re.IGNORECASE)
_PARTY = re.compile(r"^(\d{1,6})\s*-\s*([^\s/-][^\s/]*)\s*/\s*(\S+)$")
_STATE = re.compile(r"^(\d{1,6})\s*/\s*(?:(\d{4})\s*/\s*)?([^\s/]+)$")


def pad(number: int) -> str:
    """01 … 09, then 10, 11, …"""
    return f"{number:02d}"


def party_notation(type_abbreviation: str, issuer_abbreviation: str) -> str:
    return f"{type_abbreviation}/{issuer_abbreviation}"


def state_notation(
    type_abbreviation: str, issuer_abbreviation: str, *, is_letter: bool, drafting_unit: str = ""
) -> str:
    if is_letter:
        return f"{issuer_abbreviation}-{drafting_unit}" if drafting_unit else issuer_abbreviation
    return f"{type_abbreviation}-{issuer_abbreviation}"


def render_party(number: int, type_abbreviation: str, issuer_abbreviation: str) -> str:
    """'Số 10-NQ/ĐUK'."""
    return f"Số {pad(number)}-{party_notation(type_abbreviation, issuer_abbreviation)}"


def render_state(
    number: int,
    type_abbreviation: str,
    issuer_abbreviation: str,
    *,
    is_letter: bool = False,
    drafting_unit: str = "",
) -> str:
    """'Số: 15/QĐ-UBND', or 'Số: 05/UBND-VP' for a letter."""
    notation = state_notation(
        type_abbreviation, issuer_abbreviation, is_letter=is_letter, drafting_unit=drafting_unit
    )
    return f"Số: {pad(number)}/{notation}"


@dataclass(frozen=True)
class ParsedSymbol:
    """What a typed number-and-symbol says."""

    system: str  # "party" | "state"
    number: str  # as printed, leading zeros kept: "05"
    notation: str  # "NQ/ĐUK", "QĐ-UBND", "2020/NĐ-CP"
    type_abbreviation: str  # "" for a State letter
    issuer_abbreviation: str

    @property
    def canonical(self) -> str:
        sep = "/" if self.system == "state" else "-"
        return f"{self.number}{sep}{self.notation}"


def normalize(text: str) -> str:
    """NFC, one kind of hyphen, no spaces around separators, no leading "Số"."""
    cleaned = unicodedata.normalize("NFC", text or "").translate(_DASHES).strip()
    cleaned = _PREFIX.sub("", cleaned)
    return re.sub(r"\s*([/-])\s*", r"\1", cleaned).strip()


def parse_symbol(text: str, known_types: Iterable[str] = ()) -> ParsedSymbol | None:
    """Read "Số 10-NQ/ĐUK", "15/QĐ-UBND", "05/UBND-VP", "30/2020/NĐ-CP"; None if neither form.

    `known_types` are the type abbreviations in use: for "X-Y" after a slash, X is the type
    when it is one of them, otherwise the document is a State letter from X's unit Y.
    """
    cleaned = normalize(text)
    if not cleaned:
        return None
    match = _PARTY.match(cleaned)
    if match:
        number, type_abbr, issuer = match.groups()
        return ParsedSymbol("party", number, f"{type_abbr}/{issuer}", type_abbr, issuer)
    match = _STATE.match(cleaned)
    if match:
        number, year, notation = match.groups()
        head, _sep, tail = notation.partition("-")
        known = {fold(t) for t in known_types}
        if tail and fold(head) in known:
            type_abbr, issuer = head, tail
        elif tail:
            type_abbr, issuer = "", head
        else:
            type_abbr, issuer = "", notation
        full = f"{year}/{notation}" if year else notation
        return ParsedSymbol("state", number, full, type_abbr, issuer)
    return None


def symbol_key(text: str) -> str:
    """A comparison key that ignores "Số", spacing, case, diacritics and leading zeros."""
    cleaned = fold(normalize(text)).replace(" ", "")
    return re.sub(r"^0+(?=\d)", "", cleaned)
