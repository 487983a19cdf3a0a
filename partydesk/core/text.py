"""Folding Vietnamese text for search that ignores diacritics, case and Unicode form."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
_D_MAP = str.maketrans({"đ": "d", "Đ": "d"})


def fold(text: str | None) -> str:
    """Lower-case, strip diacritics (đ -> d) and collapse spaces: 'Nguyễn  Văn' -> 'nguyen van'.

    Works the same on NFC and NFD input, because it decomposes first.
    """
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFD", text.translate(_D_MAP))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped.translate(_D_MAP).lower()).strip()


# Vietnamese alphabetical order: ă and â after a, đ after d, ê after e, ô and ơ after o, ư after
# u; the foreign letters f, j, w, z where Latin puts them. Tones only break ties, in the order
# of dictionaries: none, huyền, sắc, hỏi, ngã, nặng.
_ALPHABET = [
    "a",
    "ă",
    "â",
    "b",
    "c",
    "d",
    "đ",
    "e",
    "ê",
    "f",
    "g",
    "h",
    "i",
    "j",
    "k",
    "l",
    "m",
    "n",
    "o",
    "ô",
    "ơ",
    "p",
    "q",
    "r",
    "s",
    "t",
    "u",
    "ư",
    "v",
    "w",
    "x",
    "y",
    "z",
]
_SHAPES = frozenset("\u0306\u0302\u031b")  # breve, circumflex, horn: part of the letter
_TONES = {"\u0300": 1, "\u0301": 2, "\u0309": 3, "\u0303": 4, "\u0323": 5}
_WORD_GAP, _FIRST_DIGIT, _FIRST_LETTER = 1, 2, 12
_LETTER_CODE = {
    unicodedata.normalize("NFD", letter): _FIRST_LETTER + i for i, letter in enumerate(_ALPHABET)
}
_NUMBER_WIDTH = 6
_SORT_KEY_LENGTH = 1024


def _code(index: int) -> str:
    """Two lower-case ASCII letters per symbol: every collation (C, en_US, SQLite's binary)
    orders such strings the same way, so the key sorts alike on both databases."""
    return chr(97 + index // 26) + chr(97 + index % 26)


def vn_sort_key(text: str | None) -> str:
    """A key whose plain string order is Vietnamese alphabetical order of `text`.

    'Ban Tổ chức' < 'Ban Tuyên giáo' (ô is a letter of its own, after o and before u),
    'Liên đoàn' < 'Liên minh' (đ comes after d, before m), 'Đào' after 'Duy', 'Chi bộ 2' <
    'Chi bộ 10' (numbers by value). Letters first, then tones to break ties; case and
    punctuation are ignored. Stored in `sort_key` columns that lists order by."""
    if not text:
        return ""
    letters: list[str] = []
    tones: list[str] = []
    decomposed = unicodedata.normalize("NFD", text.lower())
    run = ""

    def flush_number() -> None:
        nonlocal run
        if run:
            digits = run.lstrip("0").rjust(_NUMBER_WIDTH, "0")
            letters.extend(_code(_FIRST_DIGIT + int(d)) for d in digits)
            run = ""

    i = 0
    while i < len(decomposed):
        ch = decomposed[i]
        i += 1
        if ch.isdigit() and ch.isascii():
            run += ch
            continue
        flush_number()
        if ch.isspace() or not ch.isalnum():
            if letters and letters[-1] != _code(_WORD_GAP):
                letters.append(_code(_WORD_GAP))
            continue
        base, tone = ch, 0
        while i < len(decomposed) and unicodedata.combining(decomposed[i]):
            mark = decomposed[i]
            i += 1
            if mark in _SHAPES:
                base += mark
            elif mark in _TONES:
                tone = _TONES[mark]
        code = _LETTER_CODE.get(base) or _LETTER_CODE.get(base[:1])
        if code is None:
            continue  # a letter of another script: no place in this order
        letters.append(_code(code))
        tones.append(chr(97 + tone))
    flush_number()
    while letters and letters[-1] == _code(_WORD_GAP):
        letters.pop()
    if not letters:
        return ""
    return ("".join(letters) + _code(0) + "".join(tones))[:_SORT_KEY_LENGTH]
