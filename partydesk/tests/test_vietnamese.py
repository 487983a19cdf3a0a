"""The Vietnamese catalogues: every string translated, its placeholders kept, and the words
a native reader flagged read as a Vietnamese office says them."""

from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext, pgettext

ROOT = Path(settings.BASE_DIR)
CATALOGUES = sorted(
    [
        *ROOT.glob("partydesk/*/locale/vi/LC_MESSAGES/django.po"),
        ROOT / "locale/vi/LC_MESSAGES/django.po",
    ]
)
PLACEHOLDER = re.compile(r"%\(\w+\)[sdf]|\{\w*\}")


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_string_is_translated_and_keeps_its_placeholders(path: Path):
    catalogue = polib.pofile(str(path))
    msgids = [(entry.msgctxt, entry.msgid) for entry in catalogue]
    assert len(msgids) == len(set(msgids)), "a msgid appears twice"
    problems = []
    for entry in catalogue:
        if entry.obsolete:
            continue
        translations = list(entry.msgstr_plural.values()) or [entry.msgstr]
        source = entry.msgid_plural or entry.msgid
        for text in translations:
            if not text.strip():
                problems.append(f"untranslated: {entry.msgid!r}")
            elif sorted(set(PLACEHOLDER.findall(text))) != sorted(set(PLACEHOLDER.findall(source))):
                problems.append(f"placeholders differ: {entry.msgid!r} -> {text!r}")
    assert problems == []


def test_the_words_a_native_reader_flagged():
    with translation.override("vi"):
        # "File" the verb (the filing button) is to put into the records, not the noun "Tệp".
        assert pgettext("verb: put the document into the records", "File") == "Lưu hồ sơ"
        assert gettext("File") == "Tệp"  # the noun, in the versions table, stays
        # "Pass on" an assignment is to hand it on for handling, not "to communicate".
        assert gettext("Pass on") == "Chuyển xử lý"
        assert gettext("— Choose —") == "— Chọn —"


def test_a_word_without_context_reads_the_same_in_every_catalogue():
    """Django merges the catalogues, so two translations of one msgid mean that one app's
    pages show the other's word; a word meant differently takes a context (below)."""
    seen: dict[str, dict[str, str]] = {}
    for path in CATALOGUES:
        for entry in polib.pofile(str(path)):
            if not entry.msgctxt and entry.msgstr and not entry.obsolete:
                seen.setdefault(entry.msgid, {})[str(path.relative_to(ROOT))] = entry.msgstr
    differ = {msgid: found for msgid, found in seen.items() if len(set(found.values())) > 1}
    assert differ == {}


# A msgid without a context is one entry for the whole installation: Django merges the apps'
# catalogues and the first app in INSTALLED_APPS wins. A word that means something else in
# another app carries a context there, or that app's pages show the other app's word.
CONTEXTUAL = [
    ("certificate", "subject", "chủ thể"),
    ("certificate", "issuer", "tổ chức cấp"),
    ("signature check", "Valid", "Hợp lệ"),
    ("position", "title", "chức vụ"),
    ("order", "position", "thứ tự"),
    ("restructuring", "Created", "Thành lập"),
    ("organization", "recipient", "nơi nhận"),
    ("vote", "Question", "Vấn đề biểu quyết"),
    ("vote", "Passed", "Được thông qua"),
    ("meeting", "Members", "Thành phần dự họp"),
    ("election", "Round", "Lần bầu"),
    ("contest", "Round", "Đợt thi"),
    ("contest", "Units", "Đơn vị"),
    ("exam", "Open", "Thời gian mở"),
    ("question", "Type", "Loại"),
    ("attempt", "In progress", "Đang làm bài"),
    ("document", "Issued by", "Cơ quan ban hành"),
    ("document", "Date", "Ngày ban hành"),
    ("evaluation", "Class", "Xếp loại"),
    ("record", "Counted", "Số liệu"),
    ("assignments", "Timeline", "Tiến độ theo thời gian"),
    ("identifier", "Assign", "Cấp mã"),
    ("identifier", "Assigned by", "Người cấp"),
    ("pagination", "Pages", "Phân trang"),
]


@pytest.mark.parametrize(("context", "word", "meant"), CONTEXTUAL, ids=lambda v: str(v))
def test_a_word_of_one_app_is_not_read_as_another_apps(context: str, word: str, meant: str):
    with translation.override("vi"):
        assert pgettext(context, word) == meant
        assert gettext(word) != meant  # the plain word is the other meaning
