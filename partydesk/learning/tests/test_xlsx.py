"""The .xlsx template: what it reads, what it refuses, no formulas out, and round trips."""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

from partydesk.learning.formats import ESSAY, MULTIPLE, SINGLE, FormatError, Item, xlsx
from partydesk.learning.tests.test_moodle import assert_round_trip

HEADER = ["Category", "Type", "Title", "Question", "Feedback", "Tags", "Shuffle"]


def workbook(*rows: list[object], header: list[str] | None = None) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(
        (header or HEADER) + ["Answer 1", "Weight 1", "Feedback 1", "Answer 2", "Weight 2"]
    )
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_the_template_reads_each_row_as_a_question():
    data = workbook(
        ["Lịch sử/Thành lập", "single", "Năm", "Năm thành lập Đảng?", "", "lịch sử, mốc", "no",
         "1930", 100, "Đúng", "1945", "0"],
        ["", "multiple", "", "Chọn hai", "", "", "", "A", "50%", "", "B", 50],
        ["", "essay", "", "Cảm nghĩ?"],
        [],
        ["", "matching", "", "Ghép đôi"],
    )  # fmt: skip
    found = xlsx.read(data)
    assert [(e.line, e.ok, e.skipped) for e in found] == [
        (2, True, False),
        (3, True, False),
        (4, True, False),
        (6, False, True),
    ]
    first = found[0].item
    assert first is not None and first.kind == SINGLE
    assert (first.category, first.tags, first.shuffle) == (
        ("Lịch sử", "Thành lập"),
        ("lịch sử", "mốc"),
        False,
    )
    assert [(a.text, a.weight, a.feedback) for a in first.answers] == [
        ("1930", Decimal(100), "Đúng"),
        ("1945", Decimal(0), ""),
    ]
    assert found[1].item.kind == MULTIPLE and found[2].item.kind == ESSAY  # type: ignore[union-attr]
    assert found[3].problems == ["Question type not supported: matching."]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"PK\x03\x04 not really", "not an Excel workbook"),
        (b"plain text", "not an Excel workbook"),
        (workbook(header=["Category", "Kind"]), "lacks the column"),
    ],
)
def test_a_file_that_is_not_the_template_is_refused_whole(data, message):
    with pytest.raises(FormatError, match=message):
        xlsx.read(data)


def test_a_zip_bomb_is_refused_before_it_is_opened():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (xlsx.MAX_UNPACKED_BYTES + 1))
    with pytest.raises(FormatError, match="unpacks to more than 100 MB"):
        xlsx.read(out.getvalue())


def test_a_row_with_a_bad_weight_names_its_problem():
    (entry,) = xlsx.read(workbook(["", "single", "", "Hỏi?", "", "", "", "A", "nhiều", "", "B"]))
    assert entry.problems == ["“nhiều” is not a weight in percent."]


def test_export_writes_text_never_formulas_and_reads_back_the_same(tree):
    assert_round_trip(tree, "xlsx")
    formula = xlsx.write([Item(ESSAY, '=HYPERLINK("http://x")', name="=1+1")])
    sheet = load_workbook(io.BytesIO(formula)).worksheets[0]
    row = [cell for cell in sheet[2] if cell.value]
    assert [cell.value for cell in row] == ["essay", "=1+1", '=HYPERLINK("http://x")', "yes"]
    assert {cell.data_type for cell in row} == {"s"}


def test_the_exported_template_is_written_as_every_download_and_keeps_its_columns(tree):
    # given a question with answers, when the bank exports it as the template
    item = Item(SINGLE, "Hỏi?", name="Câu 1", category=("Điều lệ Đảng", "Chương I"), tags=("a",))
    data = xlsx.write([item])
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    # then the columns are the documented template's, in its order
    header = [cell.value for cell in sheet[1]]
    answers = [f"{c} {n}" for n in range(1, 5) for c in ("answer", "weight", "feedback")]
    assert header == xlsx.FIXED + answers and sheet.title == "Questions"
    # and the sheet is core's: the header styled, frozen and under the filter
    assert sheet["A1"].font.b and sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:S2"
    # and the file reads back as the same question
    (found,) = xlsx.read(data)
    assert found.item is not None and found.item.text == "Hỏi?"
    assert found.item.category == ("Điều lệ Đảng", "Chương I") and found.item.tags == ("a",)
