"""The GIFT and Aiken codecs: what they read, what they refuse, and the round trip."""

from __future__ import annotations

from decimal import Decimal

import pytest

from partydesk.learning.formats import (
    ESSAY,
    MULTIPLE,
    SHORT,
    SINGLE,
    TRUE_FALSE,
    FormatError,
    aiken,
    gift,
)
from partydesk.learning.formats.text import MAX_BYTES, decode

GIFT = r"""// Ngân hàng câu hỏi mẫu
$CATEGORY: $course$/top/Lịch sử Đảng/Thành lập

::Năm thành lập::Đảng Cộng sản Việt Nam được thành lập năm nào?{
  =1930#Đúng: ngày 3/2/1930.
  ~1945#Đó là năm Cách mạng Tháng Tám.
  ~%-50%1954
  ####Hội nghị hợp nhất tại Hồng Kông.
}

::Đúng sai::[html]<p>Đảng ra đời <b>năm 1930</b>.</p>{T#Sai rồi#Chính xác}

Chọn các nguyên tắc tổ chức của Đảng {~%50%Tập trung dân chủ ~%50%Tự phê bình
~%-100%Tam quyền phân lập}

Nêu cảm nghĩ về tư tưởng Hồ Chí Minh. {}

Người sáng lập Đảng là ai? {=Nguyễn Ái Quốc =%50%Hồ Chí Minh}

Bao nhiêu năm? {#95:1}

Ghép đôi {=a -> 1 =b -> 2}

Ký tự đặc biệt \{ \} \= \~ \# a\: b {=x\=y\#z ~w}
"""


def test_gift_reads_each_type_with_weights_feedback_and_categories():
    found = gift.read(GIFT)
    kinds = [entry.item.kind if entry.item else None for entry in found]
    assert kinds == [SINGLE, TRUE_FALSE, MULTIPLE, ESSAY, SHORT, None, None, SINGLE]
    first = found[0].item
    assert first is not None and first.category == ("Lịch sử Đảng", "Thành lập")
    assert first.name == "Năm thành lập"
    assert [(a.text, a.weight) for a in first.answers] == [
        ("1930", Decimal(100)),
        ("1945", Decimal(0)),
        ("1954", Decimal(-50)),
    ]
    assert first.answers[0].feedback == "Đúng: ngày 3/2/1930."
    assert first.feedback == "Hội nghị hợp nhất tại Hồng Kông."
    assert found[1].item.text == "<p>Đảng ra đời <b>năm 1930</b>.</p>"  # type: ignore[union-attr]
    assert found[7].item.text == "Ký tự đặc biệt { } = ~ # a: b"  # type: ignore[union-attr]
    assert found[7].item.answers[0].text == "x=y#z"  # type: ignore[union-attr]


def test_gift_skips_unsupported_types_by_name():
    found = gift.read(GIFT)
    assert [(e.line, e.skipped, e.problems) for e in found if e.item is None] == [
        (20, True, ["Question type not supported: numerical."]),
        (22, True, ["Question type not supported: matching."]),
    ]


@pytest.mark.parametrize(
    ("source", "problem"),
    [
        ("Không đáp án đúng {~a ~b}", "No answer is marked correct."),
        ("Chưa đóng {=a ~b", "The answer block is not closed with }."),
        ("::Tiêu đề chưa đóng {=a ~b}", "The title is not closed with ::."),
        ("Trọng số sai {~%abc%a =b}", "“abc” is not a weight in percent."),
        ("Quá trọng số {=a ~%150%b}", "A weight is outside -100% to 100%."),
        ("Tổng sai {~%50%a ~%20%b}", "The positive weights add up to 70%, not 100%."),
        ("Một đáp án {=a ~}", "An answer is empty."),
        ("Chữ thừa {lạ =a ~b}", "Text before the first answer: “lạ”."),
    ],
)
def test_gift_names_the_problem_of_a_broken_question(source, problem):
    (entry,) = gift.read(source)
    assert not entry.ok and not entry.skipped
    assert problem in entry.problems


def test_gift_text_is_sanitized():
    (entry,) = gift.read(
        '[html]<p onclick\\="x()">Hỏi<script>alert(1)</script>'
        '<img src\\="javascript:alert(1)"></p>{=<i>đúng</i> ~sai}'
    )
    assert entry.item is not None
    assert entry.item.text == "<p>Hỏi<img></p>"
    assert entry.item.answers[0].text == "<i>đúng</i>"


def test_plain_gift_text_is_escaped_not_interpreted():
    (entry,) = gift.read("[plain]<b>in đậm</b>?{=a ~b}")
    assert entry.item is not None and entry.item.text == "&lt;b&gt;in đậm&lt;/b&gt;?"


def test_gift_round_trip_gives_the_same_questions():
    items = [entry.item for entry in gift.read(GIFT) if entry.ok]
    again = gift.read(gift.write(items))  # type: ignore[arg-type]
    assert [entry.item for entry in again] == items
    assert all(entry.ok for entry in again)


def test_aiken_reads_questions_and_names_problems():
    text = (
        "Đảng Cộng sản Việt Nam ra đời năm nào?\nA. 1925\nB) 1930\nC. 1945\nANSWER: B\n\n"
        "Thiếu đáp án\nA. x\nB. y\n\nSai chữ\nA. x\nB. y\nANSWER: D\n"
    )
    found = aiken.read(text)
    assert found[0].ok and found[0].item is not None
    assert [a.weight for a in found[0].item.answers] == [0, 100, 0]
    assert found[1].problems == ["No ANSWER line: the correct option is not given."]
    assert found[2].problems == ["ANSWER D names no option."]
    assert [entry.line for entry in found] == [1, 7, 11]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\xff\xfe\x00h", "This is not a text file."),
        (b"C\xe2u h\xe1i", "The file is not UTF-8 text (byte 1)."),
        (b"x" * (MAX_BYTES + 1), "The file is larger than 2 MB."),
    ],
)
def test_a_file_that_is_not_utf8_text_is_refused_whole(data, message):
    with pytest.raises(FormatError, match=message.replace("(", r"\(").replace(")", r"\)")):
        decode(data)
