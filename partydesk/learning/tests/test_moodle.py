# ruff: noqa: E501  (the XML samples read best one element a line)
"""Moodle XML: what it reads (images, weights, shuffle, feedback, tags), what it refuses
before looking inside (DTDs, entities, broken XML), and the round trip through the bank."""

from __future__ import annotations

import base64
from decimal import Decimal

import pytest

from partydesk.core.errors import InvalidInput
from partydesk.core.http import SYSTEM
from partydesk.learning.formats import MULTIPLE, SINGLE, TRUE_FALSE, FormatError, moodle
from partydesk.learning.models import Question
from partydesk.learning.selectors.bank import bank_items
from partydesk.learning.services.bank_import import bank_export, bank_import

PNG = base64.b64encode(b"\x89PNG\r\n\x1a\n" + b"\x00" * 16).decode()

XML = f"""<?xml version="1.0" encoding="UTF-8"?>
<quiz>
  <question type="category"><category><text>$course$/top/Điều lệ Đảng/Chương I</text></category></question>
  <question type="multichoice">
    <name><text>Đảng viên</text></name>
    <questiontext format="html"><text><![CDATA[<p>Hình: <img src="@@PLUGINFILE@@/co%20dang.png"></p>]]></text>
      <file name="co dang.png" path="/" encoding="base64">{PNG}</file></questiontext>
    <generalfeedback format="html"><text>Xem Điều 1.</text></generalfeedback>
    <single>false</single>
    <shuffleanswers>0</shuffleanswers>
    <answer fraction="50" format="html"><text>Tuổi đời từ 18</text><feedback format="html"><text>Đúng</text></feedback></answer>
    <answer fraction="50" format="html"><text>Tán thành Cương lĩnh</text></answer>
    <answer fraction="-100" format="html"><text>Không cần lý lịch</text></answer>
    <tags><tag><text>điều lệ</text></tag></tags>
  </question>
  <question type="truefalse">
    <name><text>Đúng sai</text></name>
    <questiontext format="moodle_auto_format"><text>Đảng ra đời năm 1930.</text></questiontext>
    <answer fraction="100" format="moodle_auto_format"><text>true</text><feedback><text>Chính xác</text></feedback></answer>
    <answer fraction="0" format="moodle_auto_format"><text>false</text><feedback><text>Sai</text></feedback></answer>
  </question>
  <question type="matching"><name><text>Ghép</text></name></question>
  <question type="multichoice">
    <name><text>Một đáp án</text></name>
    <questiontext format="plain_text"><text>Chọn &lt;b&gt;một&lt;/b&gt;</text></questiontext>
    <single>true</single>
    <answer fraction="100"><text>A</text></answer>
    <answer fraction="0"><text>B</text></answer>
  </question>
</quiz>
""".encode()


def test_moodle_reads_images_weights_shuffle_feedback_and_tags():
    found = moodle.read(XML)
    assert [(e.title, e.skipped, e.problems) for e in found if not e.ok] == [
        ("Ghép", True, ["Question type not supported: matching."])
    ]
    first, true_false, _skipped, single = (entry.item for entry in found)
    assert first is not None and first.kind == MULTIPLE
    assert first.category == ("Điều lệ Đảng", "Chương I")
    assert f'<img src="data:image/png;base64,{PNG}">' in first.text
    assert [a.weight for a in first.answers] == [Decimal(50), Decimal(50), Decimal(-100)]
    assert (first.shuffle, first.tags, first.feedback) == (False, ("điều lệ",), "Xem Điều 1.")
    assert true_false is not None and true_false.kind == TRUE_FALSE
    assert single is not None and single.kind == SINGLE
    assert single.text == "Chọn &lt;b&gt;một&lt;/b&gt;"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            b'<?xml version="1.0"?><!DOCTYPE quiz [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            b"<quiz><question type='essay'><questiontext><text>&x;</text></questiontext>"
            b"</question></quiz>",
            "declares a DTD",
        ),
        (
            b'<!DOCTYPE quiz [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]><quiz>&b;</quiz>',
            "declares a DTD",
        ),
        (b'<!DOCTYPE quiz SYSTEM "http://example.invalid/q.dtd"><quiz/>', "declares a DTD"),
        (b"<quiz><question type='essay'>", "not well-formed XML"),
        (b"<html><body/></html>", "not Moodle XML"),
        (b"not xml at all", "not well-formed XML"),
    ],
)
def test_hostile_or_broken_xml_is_refused_whole(data, message):
    with pytest.raises(FormatError, match=message):
        moodle.read(data)


def _one(body: str) -> list[str]:
    (entry,) = moodle.read(f"<quiz>{body}</quiz>".encode())
    return entry.problems


def test_a_question_with_a_bad_image_or_no_correct_answer_names_its_problem():
    text = '<questiontext format="html"><text><![CDATA[Hỏi <img src="@@PLUGINFILE@@/{n}">]]></text>{f}</questiontext>'
    answers = (
        '<answer fraction="100"><text>A</text></answer><answer fraction="0"><text>B</text></answer>'
    )
    essay = '<question type="essay">{t}</question>'
    assert _one(essay.format(t=text.format(n="x.svg", f='<file name="x.svg">PHN2Zz4=</file>'))) == [
        "The embedded file “x.svg” is not an image."
    ]
    assert _one(essay.format(t=text.format(n="x.png", f='<file name="x.png">@@@</file>'))) == [
        "The embedded file “x.png” is damaged."
    ]
    assert _one(essay.format(t=text.format(n="y.png", f=""))) == [
        "The text refers to a file the question does not carry."
    ]
    wrong = answers.replace('fraction="100"', 'fraction="0"')
    assert _one(
        f'<question type="multichoice"><questiontext><text>Hỏi</text></questiontext>'
        f"<single>true</single>{wrong}</question>"
    ) == ["No answer is marked correct."]


def test_a_bad_moodle_file_writes_nothing(tree):
    bad = XML.replace(b'fraction="100" format="moodle_auto_format"', b'fraction="0"')
    with pytest.raises(InvalidInput, match="nothing was imported"):
        bank_import(actor=SYSTEM, organization=tree.committee_a, data=bad, fmt="moodle")
    assert not Question.objects.exists()


def assert_round_trip(tree, fmt: str) -> None:  # type: ignore[no-untyped-def]
    """The sample, exported from committee A in `fmt` and imported into B, is the same bank."""
    bank_import(actor=SYSTEM, organization=tree.committee_a, data=XML, fmt="moodle")
    data = bank_export(actor=SYSTEM, organization=tree.committee_a, fmt=fmt)
    again = bank_import(actor=SYSTEM, organization=tree.committee_b, data=data, fmt=fmt)
    assert again.created == 3
    assert bank_items(tree.committee_b) == bank_items(tree.committee_a)


def test_moodle_export_then_import_gives_the_same_questions(tree):
    assert_round_trip(tree, "moodle")
    assert bank_items(tree.committee_b)[0].tags == ("điều lệ",)


def test_moodle_and_gift_carry_the_same_questions(tree):
    bank_import(actor=SYSTEM, organization=tree.committee_a, data=XML, fmt="moodle")
    gift = bank_export(actor=SYSTEM, organization=tree.committee_a, fmt="gift")
    bank_import(actor=SYSTEM, organization=tree.committee_b, data=gift, fmt="gift")
    strip = [(i.kind, i.text, i.answers, i.name, i.feedback) for i in bank_items(tree.committee_a)]
    again = [(i.kind, i.text, i.answers, i.name, i.feedback) for i in bank_items(tree.committee_b)]
    assert again == strip


def test_the_import_command_reads_moodle_xml_by_its_suffix(tree, tmp_path, capsys):
    from django.core.management import call_command

    source = tmp_path / "bank.xml"
    source.write_bytes(XML)
    call_command("bank_import", str(source), "--org", tree.committee_a.code)
    out = capsys.readouterr().out
    assert "-- skipped: Question type not supported: matching." in out
    assert "imported 3 question(s)" in out
