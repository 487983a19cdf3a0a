"""Lay out an evaluation's form as an A4 PDF in Vietnamese (Hướng dẫn 43-HD/BTCTW): the
individual self-assessment on form 2A, 2B or 2C by kind of person, or the collective's
report on form 01, with the record behind the proposal, the self-assessment, the advisory
body's proposal and the decision as far as the procedure has gone, and two signing blocks
at the foot of the last page: the person (or the collective's head) on the left, the
deciding body on the right, where the signatures app's personal signatures go (`SELF_BOX`,
and its default box, bottom right).

`render_form` is pure: plain values in, bytes out. The fonts, the Party header and the
place-and-date line are the documents app's (every Vietnamese precomposed letter)."""

from __future__ import annotations

from dataclasses import dataclass

from fpdf import FPDF

from partydesk.documents.services.render import PARTY_HEADER, font_files, nfc

MM = 72 / 25.4  # PDF points per millimetre
# The personal signature of the person evaluated: bottom left, above a 25 mm margin, the
# size of the signatures app's personal widget (170 x 112 pt); the deciding body signs in
# that app's default place, bottom right.
SELF_BOX = (20 * MM, 25 * MM, 20 * MM + 170.0, 25 * MM + 112.0)
# The signing blocks' titles sit above the widgets (about 232-272 mm down the page).
SIGN_TOP = 212.0  # mm from the top

TITLES = {
    "2A": (
        "BẢN TỰ KIỂM ĐIỂM, ĐÁNH GIÁ, XẾP LOẠI CHẤT LƯỢNG",
        "Mẫu 2A: dùng cho cán bộ giữ chức vụ lãnh đạo, quản lý",
    ),
    "2B": (
        "BẢN TỰ KIỂM ĐIỂM, ĐÁNH GIÁ, XẾP LOẠI CHẤT LƯỢNG",
        "Mẫu 2B: dùng cho cán bộ, công chức không giữ chức vụ lãnh đạo, quản lý",
    ),
    "2C": (
        "BẢN TỰ KIỂM ĐIỂM, ĐÁNH GIÁ, XẾP LOẠI CHẤT LƯỢNG",
        "Mẫu 2C: dùng cho đảng viên",
    ),
    "01": (
        "BÁO CÁO KIỂM ĐIỂM, ĐÁNH GIÁ, XẾP LOẠI CHẤT LƯỢNG TẬP THỂ",
        "Mẫu 01: dùng cho tập thể (phòng, ban, tổ chức cơ sở)",
    ),
}


@dataclass(frozen=True)
class FormLayout:
    """What the form says, already in the words to print (Vietnamese)."""

    form_kind: str
    superior: str  # the organization above the agency, if any
    agency: str
    period: str  # "NĂM 2026"
    place_date: str
    facts: tuple[tuple[str, str], ...]  # (label, value): name, post, unit
    record: tuple[tuple[str, str], ...]  # the counts and the proposed score and class
    self_class: str
    self_text: str
    advised: tuple[tuple[str, str], ...]
    decided: tuple[tuple[str, str], ...]
    self_title: str  # "NGƯỜI TỰ KIỂM ĐIỂM" or "TM. <the unit>"
    self_name: str


class _Pdf(FPDF):
    def __init__(self) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.set_margins(left=20, top=15, right=15)
        self.set_auto_page_break(auto=True, margin=20)
        for style, path in font_files().items():
            self.add_font("serif", style, path)


def _centred(pdf: _Pdf, x: float, w: float, text: str, size: float, style: str = "") -> None:
    pdf.set_font("serif", style, size)
    pdf.set_x(x)
    pdf.multi_cell(w, size * 0.5, nfc(text), align="C", new_x="LMARGIN", new_y="NEXT")


def _heading(pdf: _Pdf, text: str) -> None:
    pdf.ln(2)
    pdf.set_font("serif", "B", 12)
    pdf.multi_cell(0, 6, nfc(text), new_x="LMARGIN", new_y="NEXT")


def _pairs(pdf: _Pdf, pairs: tuple[tuple[str, str], ...]) -> None:
    for label, value in pairs:
        pdf.set_font("serif", "", 12)
        pdf.multi_cell(0, 6, nfc(f"{label}: {value}"), new_x="LMARGIN", new_y="NEXT")


def _paragraphs(pdf: _Pdf, text: str, empty: str) -> None:
    pdf.set_font("serif", "" if text else "I", 12)
    for paragraph in (text or empty).splitlines() or [empty]:
        if paragraph.strip():
            pdf.multi_cell(0, 6, nfc(paragraph.strip()), new_x="LMARGIN", new_y="NEXT")


def _header(pdf: _Pdf, layout: FormLayout) -> None:
    left_x, col_w = 15.0, 90.0
    right_x = pdf.w - 15 - col_w
    pdf.set_y(15)
    if layout.superior:
        _centred(pdf, left_x, col_w, layout.superior.upper(), 12)
    _centred(pdf, left_x, col_w, layout.agency.upper(), 12, "B")
    _centred(pdf, left_x, col_w, "*", 12)
    end_left = pdf.get_y()
    pdf.set_y(15)
    _centred(pdf, right_x, col_w, PARTY_HEADER, 13, "B")
    y = pdf.get_y() + 0.5
    pdf.line(right_x + 20, y, right_x + col_w - 20, y)
    pdf.set_y(y + 2)
    _centred(pdf, right_x, col_w, layout.place_date, 12, "I")
    pdf.set_y(max(end_left, pdf.get_y()) + 6)


def _signing_blocks(pdf: _Pdf, layout: FormLayout) -> None:
    """The two blocks above the signature widgets, on the last page (a new one when the
    text reaches down to them)."""
    if pdf.get_y() > SIGN_TOP - 4:
        pdf.add_page()
    col_w = 85.0
    pdf.set_y(SIGN_TOP)
    _centred(pdf, 15, col_w, layout.self_title.upper(), 12, "B")
    _centred(pdf, 15, col_w, "(Ký, ghi rõ họ tên)", 11, "I")
    pdf.set_y(SIGN_TOP)
    _centred(pdf, pdf.w - 15 - col_w, col_w, f"TM. {layout.agency}".upper(), 12, "B")
    _centred(pdf, pdf.w - 15 - col_w, col_w, "CẤP CÓ THẨM QUYỀN QUYẾT ĐỊNH", 11, "I")
    pdf.set_auto_page_break(auto=False)
    pdf.set_y(pdf.h - 20)
    _centred(pdf, 15, col_w, layout.self_name, 12, "B")


def render_form(layout: FormLayout) -> bytes:
    """The PDF bytes of `layout` (text extractable: embedded fonts with Unicode maps)."""
    title, subtitle = TITLES[layout.form_kind]
    pdf = _Pdf()
    pdf.set_title(nfc(f"{title} {layout.period}"))
    pdf.set_creator("partydesk")
    pdf.add_page()
    _header(pdf, layout)
    body_x, body_w = 15.0, pdf.w - 30
    _centred(pdf, body_x, body_w, f"{title} {layout.period}", 14, "B")
    _centred(pdf, body_x, body_w, f"({subtitle})", 12, "I")
    pdf.ln(4)
    _pairs(pdf, layout.facts)
    _heading(pdf, "I. KẾT QUẢ THỰC HIỆN NHIỆM VỤ ĐƯỢC GIAO")
    _pairs(pdf, layout.record)
    _heading(pdf, "II. TỰ NHẬN XÉT: ƯU ĐIỂM, HẠN CHẾ, KHUYẾT ĐIỂM")
    _paragraphs(pdf, layout.self_text, "(Chưa tự đánh giá)")
    _heading(pdf, "III. TỰ XẾP LOẠI CHẤT LƯỢNG")
    _paragraphs(pdf, layout.self_class, "(Chưa tự xếp loại)")
    _heading(pdf, "IV. ĐỀ XUẤT CỦA CƠ QUAN THAM MƯU")
    if layout.advised:
        _pairs(pdf, layout.advised)
    else:
        _paragraphs(pdf, "", "(Chưa đề xuất)")
    _heading(pdf, "V. QUYẾT ĐỊNH XẾP LOẠI CỦA CẤP CÓ THẨM QUYỀN")
    if layout.decided:
        _pairs(pdf, layout.decided)
    else:
        _paragraphs(pdf, "", "(Chưa quyết định)")
    _signing_blocks(pdf, layout)
    return bytes(pdf.output())
