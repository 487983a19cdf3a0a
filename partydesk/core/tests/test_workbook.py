"""The one writer of downloaded workbooks: what a person opening the file finds."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.test import override_settings
from openpyxl import load_workbook

from partydesk.core import workbook


@override_settings(TIME_ZONE="Asia/Ho_Chi_Minh")
def test_times_are_local_text_stays_text_and_every_row_is_under_the_filter(monkeypatch):
    # given rows past the ones measured for widths, a time in UTC and a text like a formula
    monkeypatch.setattr(workbook, "MEASURED_ROWS", 2)
    at = dt.datetime(2026, 3, 1, 2, 40, tzinfo=ZoneInfo("UTC"))
    rows: list[list[object]] = [["=SUM(A1:A9)", at, 1.5], ["b", None, 2], ["c" * 200, None, 3]]
    # when they are written
    content = workbook.rows_workbook("Một tên trang tính dài hơn ba mươi mốt ký tự", "ABC", rows)
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    # then the time is the local one, shown as a date and time
    assert sheet["B2"].value == dt.datetime(2026, 3, 1, 9, 40)
    assert sheet["B2"].number_format == "DD/MM/YYYY HH:MM"
    # and the text is the text, never a formula
    assert sheet["A2"].value == "=SUM(A1:A9)" and sheet["A2"].data_type == "s"
    # and the filter covers every row, also those past the measured ones
    assert sheet.auto_filter.ref == "A1:C4" and sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["A"].width == len("=SUM(A1:A9)") + 2  # the measured rows
    assert sheet.title == "Một tên trang tính dài hơn ba m"


def test_a_percentage_is_a_percent_cell_without_zeros_that_say_nothing():
    rows = [[workbook.Percent(Decimal(v))] for v in ("100.00", "87.50", "73.33")]
    sheet = load_workbook(io.BytesIO(workbook.rows_workbook("%", ["%"], rows))).worksheets[0]
    cells = [sheet.cell(row=n, column=1) for n in (2, 3, 4)]
    assert [c.value for c in cells] == [1, pytest.approx(0.875), pytest.approx(0.7333)]
    assert [c.number_format for c in cells] == ["0%", "0.0%", "0.00%"]  # 100%, 87.5%, 73.33%


def test_sheet_titles_are_what_excel_accepts_and_unique_in_their_book():
    # given titles Excel refuses: its forbidden characters, apostrophes at the ends, none at
    # all, and titles alike in their first 31 characters (one differing only in case)
    long = "Vòng 1: Tìm hiểu Luật Phòng, chống tham nhũng"
    titles = ["[Q1] a/b*c?d\\e", "'Trích dẫn'", "", "  ", long, long + "?", long.upper()]
    # when each is written as a sheet of one book
    book = workbook.book_new()
    for title in titles:
        workbook.sheet_write(book, title, ["A"], [["x"]])
    names = load_workbook(io.BytesIO(workbook.book_bytes(book))).sheetnames
    # then Excel opens every one, under a title that tells the sheets apart
    assert names == [
        "Q1 - a - b - c - d - e",
        "Trích dẫn",
        "Sheet",
        "Sheet (2)",
        "Vòng 1 - Tìm hiểu Luật Phòng, c",
        "Vòng 1 - Tìm hiểu Luật Phòn (2)",
        "VÒNG 1 - TÌM HIỂU LUẬT PHÒN (3)",
    ]
    assert all(len(name) <= 31 for name in names)
