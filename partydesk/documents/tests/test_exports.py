"""The printed registers (ND30 Phụ lục IV) as the clerk gets them: every date on one line,
no text over other text, all of it on the landscape A4 page; read back with pdftotext's
word boxes."""

from __future__ import annotations

import io
import re

import pytest
from openpyxl import load_workbook

from partydesk.documents.models import Direction
from partydesk.documents.selectors.registers import (
    INCOMING_COLUMNS,
    OUTGOING_COLUMNS,
    TITLES,
    Register,
)
from partydesk.documents.services.exports import WIDTHS, register_pdf, register_xlsx
from partydesk.documents.tests.test_render import word_boxes

MM = 72 / 25.4  # points in a millimetre
DATE = re.compile(r"\d\d/\d\d/\d{4}")
PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">')
WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
)
SUBJECT = "Công văn: Về việc báo cáo sơ kết công tác quý I năm 2026 và triển khai nhiệm vụ quý II"
INCOMING_ROW = [
    "08/12/2026",
    "1234",
    "Văn phòng Trung ương Đảng",
    "1234-CV/VPTW",
    "31/12/2025",
    SUBJECT,
    "Ban Tuyên giáo Tỉnh ủy",
    "09/12/2026",
    "",
    "Khẩn; Mật",
]
OUTGOING_ROW = [
    "15-CV/TU",
    "28/02/2026",
    SUBJECT,
    "Phó Bí thư Thường trực Nguyễn Văn An",
    "Các huyện ủy, thành ủy; Ban Tổ chức Trung ương; Văn phòng Trung ương Đảng",
    "Văn phòng Tỉnh ủy (lưu)",
    "12",
    "10/12/2026",
    "",
    "Khẩn",
]
Box = tuple[float, float, float, float]


def _register(direction: str) -> Register:
    incoming = direction == Direction.INCOMING
    return Register(
        direction=direction,
        year=2026,
        organization_name="Tỉnh ủy Bắc Ninh",
        title=TITLES[direction],
        columns=INCOMING_COLUMNS if incoming else OUTGOING_COLUMNS,
        rows=[INCOMING_ROW if incoming else OUTGOING_ROW] * 4,
        ids=[1, 2, 3, 4],
    )


def _pages(data: bytes) -> list[tuple[float, float, list[tuple[Box, str]]]]:
    """(width, height, [(box, word)]) of every page, in points."""
    out = word_boxes(data)
    pages = []
    for text in out.split("<page ")[1:]:
        size = PAGE.search("<page " + text)
        assert size is not None
        words = [
            ((float(a), float(b), float(c), float(d)), w) for a, b, c, d, w in WORD.findall(text)
        ]
        pages.append((float(size[1]), float(size[2]), words))
    return pages


def _overlap(a: Box, b: Box) -> bool:
    # a hair of slack: pdftotext's boxes of neighbouring words on one line may touch
    return min(a[2], b[2]) - max(a[0], b[0]) > 0.3 and min(a[3], b[3]) - max(a[1], b[1]) > 0.3


@pytest.mark.parametrize("direction", [Direction.INCOMING, Direction.OUTGOING])
def test_the_printed_register_keeps_each_date_on_one_line_and_inside_the_page(direction):
    register = _register(direction)
    pages = _pages(register_pdf(register))
    words = [(box, word) for _w, _h, page in pages for box, word in page]
    expected = [cell for row in register.rows for cell in row if DATE.fullmatch(cell)]
    # each date is one word dd/mm/yyyy, none cut into "08/12/202" and "6"
    assert sorted(w for _box, w in words if DATE.fullmatch(w)) == sorted(expected), [
        w for _box, w in words if "/" in w
    ]
    assert not [w for _box, w in words if re.fullmatch(r"\d\d/\d\d/\d{0,3}", w)]
    for width, height, page in pages:
        assert (width, height) == pytest.approx((297 * MM, 210 * MM), abs=1)  # landscape A4
        for box, word in page:
            # inside the 10 mm side margins (the table is 277 mm wide) and on the sheet
            assert box[0] >= 9.5 * MM and box[2] <= width - 9.5 * MM, word
            assert box[1] >= 0 and box[3] <= height, word
        for n, (box, word) in enumerate(page):
            clash = [other for other_box, other in page[n + 1 :] if _overlap(box, other_box)]
            assert not clash, (word, clash)


def test_both_registers_share_out_the_same_width_and_the_xlsx_takes_it_by_heading():
    for columns in (INCOMING_COLUMNS, OUTGOING_COLUMNS):
        assert sum(WIDTHS[c] for c in columns) == 177
    book = load_workbook(io.BytesIO(register_xlsx(_register(Direction.OUTGOING))))
    sheet = book.worksheets[0]
    assert sheet.column_dimensions["B"].width == WIDTHS["Ngày tháng văn bản"] == 12
    assert sheet.column_dimensions["C"].width == WIDTHS["Tên loại và trích yếu nội dung"]
