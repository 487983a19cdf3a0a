"""How text becomes tokens and a search becomes terms; the same for both engines."""

from __future__ import annotations

import unicodedata

from partydesk.search.terms import (
    Term,
    document_tokens,
    fts5_query,
    parse,
    tokens,
    tsquery_literal,
    tsvector_literal,
)


def test_tokens_ignore_diacritics_case_unicode_form_and_punctuation() -> None:
    text = "Nghị quyết số 12-NQ/ĐU của Đảng ủy"
    expected = ["nghi", "quyet", "so", "12", "nq", "du", "cua", "dang", "uy"]
    assert tokens(text) == expected
    assert tokens(unicodedata.normalize("NFD", text)) == expected


def test_noise_longer_than_a_word_is_not_indexed() -> None:
    assert tokens("ok " + "x" * 65) == ["ok"]


def test_a_document_is_its_title_then_its_body() -> None:
    assert document_tokens("Kế hoạch", "thực hiện") == ["ke", "hoach", "thuc", "hien"]


def test_the_last_bare_word_is_a_prefix_when_long_enough() -> None:
    assert parse("ke hoach thu") == [Term(("ke",)), Term(("hoach",)), Term(("thu",), prefix=True)]
    # two letters are a whole Vietnamese word far more often than a prefix
    assert parse("chi bo") == [Term(("chi",)), Term(("bo",))]
    # numbers are typed whole: document numbers, codes
    assert parse("cong van 474") == [Term(("cong",)), Term(("van",)), Term(("474",))]
    assert parse("so 12 nq") == [Term(("so",)), Term(("12",)), Term(("nq",))]


def test_quoted_words_are_a_phrase_and_never_a_prefix() -> None:
    assert parse('"nghị quyết" đảng ủy') == [
        Term(("nghi", "quyet")),
        Term(("dang",)),
        Term(("uy",)),
    ]
    assert parse('đảng "chi bộ"') == [Term(("dang",)), Term(("chi", "bo"))]


def test_repeated_words_count_once_and_empty_text_has_no_terms() -> None:
    assert parse("uy ban uy") == [Term(("uy",)), Term(("ban",))]
    assert parse(" ,;- ") == []
    assert parse('""') == []


def test_engine_queries_say_the_same_thing() -> None:
    terms = parse('"nghi quyet" dang thuc')
    assert tsquery_literal(terms) == "('nghi' <-> 'quyet') & 'dang' & 'thuc':*"
    assert fts5_query(terms) == '"nghi quyet" "dang" "thuc"*'


def test_tsvector_literal_keeps_positions_for_phrases() -> None:
    assert tsvector_literal(["chi", "bo", "chi"]) == "'chi':1,3 'bo':2"
