"""Turning text into index tokens and a search string into query terms, the same for both engines.

Both engines receive tokens we made ourselves (fold, then runs of letters and digits), never
their own parsers' idea of a word: PostgreSQL gets a tsvector/tsquery literal, SQLite's FTS5
gets the tokens joined by spaces. That is what makes the two return the same rows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from partydesk.core.text import fold

_TOKEN = re.compile(r"[^\W_]+")
_PHRASE = re.compile(r'"([^"]*)"')

MAX_TOKEN_LENGTH = 64  # longer runs are hashes, base64 or OCR noise, never typed in a search
MAX_INDEXED_TOKENS = 100_000  # ~250 pages of text; past that a PDF is an annex, not prose
MAX_QUERY_TERMS = 12
PREFIX_MIN_LENGTH = 3  # "chi bo" must not turn into "bo*" (bon, boi, ...); "quyet" as "quy" may
# PostgreSQL keeps at most 256 positions per lexeme and clamps positions at 16383.
_PG_MAX_POSITIONS = 256
_PG_MAX_POSITION = 16383
_POSITION_TEXT = [str(i) for i in range(_PG_MAX_POSITION + 1)]


def tokens(text: str | None) -> list[str]:
    """Folded words of `text`: 'Nghị quyết 12-NQ/ĐU' -> ['nghi', 'quyet', '12', 'nq', 'du']."""
    return [t for t in _TOKEN.findall(fold(text)) if len(t) <= MAX_TOKEN_LENGTH]


def document_tokens(title: str, body: str) -> list[str]:
    """The tokens we index for one object: its title, then its body, capped."""
    return (tokens(title) + tokens(body))[:MAX_INDEXED_TOKENS]


def tsvector_literal(words: list[str]) -> str:
    """A PostgreSQL tsvector literal with positions, bypassing the text parser."""
    positions: dict[str, list[str]] = {}
    for index, word in enumerate(words[:_PG_MAX_POSITION], start=1):
        seen = positions.get(word)
        if seen is None:
            positions[word] = [_POSITION_TEXT[index]]
        elif len(seen) < _PG_MAX_POSITIONS:
            seen.append(_POSITION_TEXT[index])
    last = _POSITION_TEXT[_PG_MAX_POSITION]
    for word in words[_PG_MAX_POSITION:]:  # PostgreSQL clamps later positions to the last one
        seen = positions.setdefault(word, [])
        if len(seen) < _PG_MAX_POSITIONS and (not seen or seen[-1] != last):
            seen.append(last)
    return " ".join([f"'{w}':{','.join(p)}" for w, p in positions.items()])


@dataclass(frozen=True)
class Term:
    """One required term: a word, a phrase (words in this order), or a word prefix."""

    words: tuple[str, ...]
    prefix: bool = False


def parse(text: str | None) -> list[Term]:
    """Terms that must all match. Quoted parts are phrases; the last bare word is a prefix.

    '"nghi quyet" dang uy' -> [phrase(nghi quyet), word(dang), word(uy)]
    'cong van 474' -> [cong, van, 474] (numbers are never prefixes)
    'ke hoach thuc' -> [ke, hoach, prefix(thuc)]
    """
    if not text:
        return []
    terms: list[Term] = []
    seen: set[tuple[str, ...]] = set()
    last_bare: Term | None = None
    position = 0
    for match in [*_PHRASE.finditer(text), None]:
        bare_end = match.start() if match else len(text)
        for word in tokens(text[position:bare_end]):
            last_bare = Term((word,))
            if last_bare.words not in seen:
                seen.add(last_bare.words)
                terms.append(last_bare)
        if match is None:
            break
        phrase = tuple(tokens(match.group(1)))
        position = match.end()
        last_bare = None
        if phrase and phrase not in seen:
            seen.add(phrase)
            terms.append(Term(phrase))
    ends_with_bare_word = last_bare is not None and not text.rstrip().endswith('"')
    if (
        ends_with_bare_word
        and terms
        and terms[-1] == last_bare
        and len(last_bare.words[0]) >= PREFIX_MIN_LENGTH
        # numbers are typed whole (document numbers, codes); "474" must not find "4747931"
        and not last_bare.words[0].isdigit()
    ):
        terms[-1] = Term(last_bare.words, prefix=True)
    return terms[:MAX_QUERY_TERMS]


def tsquery_literal(terms: list[Term]) -> str:
    """PostgreSQL tsquery literal: all terms AND-ed, phrases with <->, prefixes with :*."""
    parts = []
    for term in terms:
        lexemes = [f"'{w}'" for w in term.words]
        if term.prefix:
            lexemes[-1] += ":*"
        parts.append(lexemes[0] if len(lexemes) == 1 else "(" + " <-> ".join(lexemes) + ")")
    return " & ".join(parts)


def fts5_query(terms: list[Term]) -> str:
    """SQLite FTS5 query: quoted strings are phrases, juxtaposition is AND, * is a prefix."""
    parts = []
    for term in terms:
        quoted = '"' + " ".join(term.words) + '"'
        parts.append(quoted + "*" if term.prefix else quoted)
    return " ".join(parts)
