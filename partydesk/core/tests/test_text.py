"""Vietnamese alphabetical order as a plain string key (the same on SQLite and PostgreSQL)."""

from __future__ import annotations

import unicodedata

import pytest

from partydesk.core.text import vn_sort_key


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Ban Tổ chức", "Ban Tuyên giáo"),  # ô is its own letter, after o and before u
        ("Liên đoàn", "Liên minh"),  # đ after d, before m
        ("Duy", "Đào"),  # every D before Đ
        ("Anh", "Ăn"),  # a, then ă, then â
        ("Ăn", "Ân"),
        ("Uyên", "Ưng"),
        ("Ba", "Bà"),  # tones only break ties: none, huyền, sắc, hỏi, ngã, nặng
        ("Bà", "Bá"),
        ("Bả", "Bã"),
        ("Bã", "Bạ"),
        ("Bạ", "Ban"),  # letters come before tones
        ("Ban", "Ban Tổ chức"),  # a word before its longer phrase
        ("Chi bộ 2", "Chi bộ 10"),  # numbers by value
        ("Gia", "Giang"),
    ],
)
def test_vietnamese_order(first: str, second: str) -> None:
    assert vn_sort_key(first) < vn_sort_key(second)


def test_case_spacing_punctuation_and_unicode_form_do_not_matter() -> None:
    assert vn_sort_key("ĐẢNG  bộ,  Sở Y tế") == vn_sort_key("đảng bộ sở y tế")
    assert vn_sort_key(unicodedata.normalize("NFD", "Tổ chức")) == vn_sort_key("Tổ chức")
    assert vn_sort_key("") == vn_sort_key(None) == vn_sort_key("!!") == ""


def test_the_key_is_lower_case_ascii_so_every_collation_orders_it_alike() -> None:
    key = vn_sort_key("Đảng ủy Khối 3 – Ban Tổ chức")
    assert key.isascii() and key.isalpha() and key == key.lower()
