"""The body of a document as printed: each paragraph's first line indented by one tab's
width (1.27 cm), the lines after it at the margin, page after page; read back with
pdftotext's word boxes."""

from __future__ import annotations

import re
import subprocess

from partydesk.documents.services.render import Layout, render_pdf

MM = 72 / 25.4  # points in a millimetre
CLAUSE = (
    "Các chi bộ trực thuộc tổ chức rà soát, đánh giá kết quả thực hiện nhiệm vụ chính trị, "
    "công tác xây dựng Đảng trong nhiệm kỳ; xác định phương hướng, mục tiêu và giải pháp."
)
LINE = re.compile(r'<line xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>\s*<word[^>]*>([^<]*)</word>')


def _layout(paragraphs: list[str]) -> Layout:
    return Layout(
        system="party",
        superior="Đảng bộ tỉnh Nghệ An",
        issuer="Đảng ủy Khối các cơ quan tỉnh",
        number_line="Số 12-HD/ĐUK",
        place_date="Nghệ An, ngày 05 tháng 3 năm 2027",
        type_name="Hướng dẫn",
        subject="về tổ chức đại hội chi bộ",
        paragraphs=paragraphs,
        signer_position="Bí thư",
        signer_name="Nguyễn Thị Hường",
    )


def word_boxes(data: bytes) -> str:
    """pdftotext's XHTML of a PDF: pages, lines and words, each with its box in points."""
    return subprocess.run(
        ["pdftotext", "-bbox-layout", "-enc", "UTF-8", "-", "-"],
        input=data,
        capture_output=True,
        check=True,
    ).stdout.decode("utf-8")


def _lines(data: bytes) -> list[tuple[int, float, str]]:
    """(page, left edge in points, first word) of every line of text."""
    out = word_boxes(data)
    found = []
    for page, text in enumerate(out.split("<page ")[1:], start=1):
        found += [(page, float(x), word) for x, _y, word in LINE.findall(text)]
    return found


def test_every_paragraph_starts_one_tab_in_and_its_other_lines_at_the_margin():
    paragraphs = [f"Đoạn{n} {CLAUSE}" for n in range(1, 4)]
    lines = _lines(render_pdf(_layout(paragraphs)))
    margin = 31 * MM  # the 30 mm left margin and the cell's 1 mm
    starts = [n for n, (_p, _x, word) in enumerate(lines) if word.startswith("Đoạn")]
    assert len(starts) == 3
    # each first line begins 12.7 mm in, all alike (not spaces stretched by justifying)
    assert all(abs(lines[n][1] - margin - 12.7 * MM) < 0.5 for n in starts), lines
    # and the line under it at the margin
    assert all(abs(lines[n + 1][1] - margin) < 0.5 for n in starts), lines


def test_a_long_body_runs_onto_more_pages_with_every_paragraph_and_the_signature():
    paragraphs = [f"Đoạn{n} {CLAUSE} {CLAUSE}" for n in range(1, 31)]
    lines = _lines(render_pdf(_layout(paragraphs)))
    pages = {page for page, _x, _w in lines}
    assert len(pages) >= 3
    assert [w for _p, _x, w in lines if w.startswith("Đoạn")] == [f"Đoạn{n}" for n in range(1, 31)]
    # the first line of a page that continues a paragraph stays at the margin
    starts = [min((x, w) for p, x, w in lines if p == page and w) for page in sorted(pages)[1:]]
    assert all(x < 31 * MM + 0.5 for x, _w in starts)
    assert max(p for p, _x, w in lines if w == "Nguyễn") == max(pages)
