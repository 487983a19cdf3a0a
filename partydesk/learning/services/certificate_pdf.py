"""Lay out a certificate (giấy chứng nhận) as a one-page A4 landscape PDF in Vietnamese:
the issuing body block and "ĐẢNG CỘNG SẢN VIỆT NAM", the title, the learner's name, the
course, class and result, the place-and-date line above the signing block where the seal
goes, and bottom left the serial with a QR code of the public verification address.

`render_paper` is the frame any sealed certificate shares (the header, the title, the body
lines given, the signing block, the serial and QR code; the contests' prize certificates
use it); `render_certificate` fills it with a course's lines. Pure: plain values in, bytes
out. The fonts are the documents app's (every Vietnamese precomposed letter); the QR code
is drawn as vector squares, so it stays sharp in print.
"""

from __future__ import annotations

from dataclasses import dataclass

import qrcode
from fpdf import FPDF

from partydesk.documents.services.render import PARTY_HEADER, font_files, nfc

TITLE = "GIẤY CHỨNG NHẬN"
QR_SIZE = 30.0  # mm
# The seal goes where the signatures app puts a seal with no signature before it: over
# the bottom right of the last page (A4 landscape: about 200-240 mm across, 140-180 mm
# down). The signing block is centred above it, so the seal sits under its title.
SIGN_X, SIGN_W = 170.0, 100.0
SIGN_Y = 129.0  # the place-and-date line; the body ends above it
BODY_GAP = 3.0
SMALLEST = 0.6  # the body's type is made smaller, down to this, rather than overprinted


@dataclass(frozen=True)
class CertificateLayout:
    """What a certificate says, already in the words to print."""

    superior: str
    issuer: str
    learner_name: str
    course_title: str  # empty for an exam outside any course
    class_line: str
    exam_title: str
    result_line: str
    place_date: str
    serial: str
    verify_url: str


@dataclass(frozen=True)
class BodyLine:
    """A centred line of a certificate's body: its text, size, style and the space above."""

    text: str
    size: float
    style: str = ""
    space_before: float = 0.0


@dataclass(frozen=True)
class PaperLayout:
    """A sealed certificate's page: the issuing body, the title, the body lines, the
    place-and-date line and the serial with its verification address."""

    superior: str
    issuer: str
    title: str
    body: tuple[BodyLine, ...]
    place_date: str
    serial: str
    verify_url: str


def qr_matrix(text: str) -> list[list[bool]]:
    """The modules of a QR code for `text` (medium error correction, no quiet zone)."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
    code.add_data(text)
    code.make(fit=True)
    return [list(row) for row in code.get_matrix()]


class _Pdf(FPDF):
    def __init__(self) -> None:
        super().__init__(orientation="L", unit="mm", format="A4")
        self.set_margins(left=20, top=18, right=20)
        self.set_auto_page_break(auto=False)
        for style, path in font_files().items():
            self.add_font("serif", style, path)


def _line(pdf: _Pdf, x: float, w: float, text: str, *, size: float, style: str = "") -> None:
    pdf.set_font("serif", style, size)
    pdf.set_x(x)
    pdf.multi_cell(w, size * 0.5, nfc(text), align="C", new_x="LMARGIN", new_y="NEXT")


def _border(pdf: _Pdf) -> None:
    pdf.set_draw_color(170, 20, 20)
    pdf.set_line_width(1.2)
    pdf.rect(8, 8, pdf.w - 16, pdf.h - 16)
    pdf.set_line_width(0.3)
    pdf.rect(11, 11, pdf.w - 22, pdf.h - 22)
    pdf.set_draw_color(0, 0, 0)


def _qr(pdf: _Pdf, x: float, y: float, size: float, text: str) -> None:
    matrix = qr_matrix(text)
    cell = size / len(matrix)
    pdf.set_fill_color(0, 0, 0)
    for r, row in enumerate(matrix):
        for c, dark in enumerate(row):
            if dark:
                pdf.rect(x + c * cell, y + r * cell, cell, cell, style="F")


def _body_height(pdf: _Pdf, w: float, body: tuple[BodyLine, ...], scale: float) -> float:
    """How tall the body prints at `scale` times its sizes (its lines wrapped in `w`)."""
    height = 0.0
    for line in body:
        size = line.size * scale
        pdf.set_font("serif", line.style, size)
        text = nfc(line.text)
        rows = pdf.multi_cell(w, size * 0.5, text, align="C", dry_run=True, output="LINES")
        assert isinstance(rows, list)  # output="LINES": the wrapped lines
        height += line.space_before * scale + len(rows) * size * 0.5
    return height


def body_scale(pdf: _Pdf, w: float, body: tuple[BodyLine, ...], room: float) -> float:
    """The largest scale (1 down to SMALLEST, by twentieths) at which the body fits `room`:
    a long course or contest name wraps, and the lines below it must not run into the
    place-and-date line and the seal, whose place is fixed."""
    scale = 1.0
    while scale > SMALLEST and _body_height(pdf, w, body, scale) > room:
        scale = round(scale - 0.05, 2)
    return scale


def render_certificate(layout: CertificateLayout) -> bytes:
    """The PDF bytes of `layout` (text extractable: embedded fonts with Unicode maps)."""
    body = [
        BodyLine(f"{layout.issuer} chứng nhận đồng chí", 15, space_before=3),
        BodyLine(layout.learner_name, 24, "B", space_before=2),
    ]
    if layout.course_title:
        body.append(BodyLine(f"Đã hoàn thành khóa học: {layout.course_title}", 15, space_before=3))
        if layout.class_line:
            body.append(BodyLine(layout.class_line, 14, "I"))
        body.append(BodyLine(f"Bài kiểm tra: {layout.exam_title}", 14))
    else:  # an exam outside any course
        body.append(
            BodyLine(f"Đã hoàn thành bài kiểm tra: {layout.exam_title}", 15, space_before=3)
        )
    body.append(BodyLine(layout.result_line, 15, "B"))
    paper = PaperLayout(
        superior=layout.superior,
        issuer=layout.issuer,
        title=TITLE,
        body=tuple(body),
        place_date=layout.place_date,
        serial=layout.serial,
        verify_url=layout.verify_url,
    )
    return render_paper(paper)


def render_paper(layout: PaperLayout) -> bytes:
    """The PDF bytes of a certificate's page (text extractable: embedded fonts with Unicode
    maps), the seal to come on its signing block."""
    pdf = _Pdf()
    pdf.set_title(nfc(f"{layout.title} {layout.serial}"))
    pdf.set_creator("partydesk")
    pdf.add_page()
    _border(pdf)
    # Header: the issuing body on the left, the Party's name on the right.
    left_x, left_w, right_w = 20.0, 110.0, 110.0
    right_x = pdf.w - 20 - right_w
    pdf.set_y(20)
    if layout.superior:
        _line(pdf, left_x, left_w, layout.superior.upper(), size=13)
    _line(pdf, left_x, left_w, layout.issuer.upper(), size=13, style="B")
    _line(pdf, left_x, left_w, "*", size=13)
    pdf.set_y(20)
    _line(pdf, right_x, right_w, PARTY_HEADER, size=14, style="B")
    y = pdf.get_y() + 0.5
    pdf.set_line_width(0.3)
    pdf.line(right_x + 25, y, right_x + right_w - 25, y)
    # Title and body, centred.
    body_x, body_w = 25.0, pdf.w - 50
    pdf.set_y(52)
    pdf.set_text_color(170, 20, 20)
    _line(pdf, body_x, body_w, layout.title, size=30, style="B")
    pdf.set_text_color(0, 0, 0)
    scale = body_scale(pdf, body_w, layout.body, SIGN_Y - BODY_GAP - pdf.get_y())
    for line in layout.body:
        if line.space_before:
            pdf.ln(line.space_before * scale)
        _line(pdf, body_x, body_w, line.text, size=line.size * scale, style=line.style)
    # Signing block (the seal comes on it when the organization signs).
    pdf.set_y(SIGN_Y)
    _line(pdf, SIGN_X, SIGN_W, layout.place_date, size=13, style="I")
    _line(pdf, SIGN_X, SIGN_W, f"TM. {layout.issuer}".upper(), size=13, style="B")
    # Serial and verification, bottom left.
    qr_y = pdf.h - 20 - QR_SIZE
    _qr(pdf, 22, qr_y, QR_SIZE, layout.verify_url)
    pdf.set_font("serif", "", 11)
    pdf.set_xy(22 + QR_SIZE + 4, qr_y + 6)
    pdf.cell(0, 6, nfc(f"Số: {layout.serial}"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("serif", "I", 9)
    pdf.set_x(22 + QR_SIZE + 4)
    pdf.cell(0, 5, "Kiểm tra giấy chứng nhận tại:", new_x="LMARGIN", new_y="NEXT")
    pdf.set_x(22 + QR_SIZE + 4)
    pdf.cell(0, 5, layout.verify_url, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
