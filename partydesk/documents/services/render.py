"""Lay out a document written in the browser as a PDF in the Party format (Hướng dẫn
36-HD/VPTW; State layout of ND30 Phụ lục I for organizations numbering the State way).

A4, margins 20/20/30/15 mm, a Unicode serif (DejaVu Serif Condensed, whose width is close to
Times New Roman; else DejaVu Serif or Liberation Serif): header "ĐẢNG CỘNG SẢN VIỆT NAM",
the issuing body block (superior body, issuing body, "*") and the number, the place/date
line, the type and subject, the body, the signing block and the recipients ("Nơi nhận").
"""

from __future__ import annotations

import datetime as dt
import html
import logging
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import nh3
from django.utils.translation import gettext as _
from fpdf import FPDF

from partydesk.core.errors import DomainError
from partydesk.documents.services.formfields import (
    COSIGNER_FIELD,
    DATE_FIELD,
    NUMBER_FIELD,
    SIGNATURE_FIELD,
    Slot,
    with_fields,
)

# The personal signature widget of the signatures app: 170 x 112 pt.
SIGNATURE_W, SIGNATURE_H = 60.0, 39.5

FONT_DIRS = [
    Path("/usr/share/fonts/truetype/dejavu"),
    Path("/usr/share/fonts/truetype/liberation"),
    Path("/usr/share/fonts/truetype/liberation2"),
]
FONT_FILES = {
    "liberation": {
        "": "LiberationSerif-Regular.ttf",
        "B": "LiberationSerif-Bold.ttf",
        "I": "LiberationSerif-Italic.ttf",
    },
    "dejavu-condensed": {
        "": "DejaVuSerifCondensed.ttf",
        "B": "DejaVuSerifCondensed-Bold.ttf",
        "I": "DejaVuSerifCondensed-Italic.ttf",
    },
    "dejavu": {
        "": "DejaVuSerif.ttf",
        "B": "DejaVuSerif-Bold.ttf",
        "I": "DejaVuSerif-Italic.ttf",
    },
}
# fontTools logs every subsetting step at INFO.
logging.getLogger("fontTools").setLevel(logging.WARNING)

# The body (nội dung): 14 pt on 7 mm lines, 2 mm between paragraphs, and the first line of
# each paragraph indented 1.27 cm, one default tab (ND30 Phụ lục I II.6.e: 1 cm to 1.27 cm;
# Party documents are set the same way).
BODY_SIZE, BODY_LINE, PARAGRAPH_SPACE = 14, 7.0, 2.0
FIRST_LINE_INDENT = 12.7

PARTY_HEADER = "ĐẢNG CỘNG SẢN VIỆT NAM"
STATE_HEADER = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
STATE_MOTTO = "Độc lập - Tự do - Hạnh phúc"


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text or "")


def clean_body(text: str) -> list[str]:
    """Paragraphs from what was typed or pasted: any HTML is stripped (nh3), one paragraph
    per non-empty line."""
    stripped = html.unescape(nh3.clean(text or "", tags=set()))
    return [" ".join(line.split()) for line in nfc(stripped).splitlines() if line.strip()]


def place_date_line(place: str, day: dt.date | None, year_hint: int | None = None) -> str:
    """'Nghệ An, ngày 05 tháng 02 năm 2027': day < 10 and months 1-2 take a leading zero
    (ND30 Phụ lục I; the same in 36-HD samples). Without a date, blanks for the pen."""
    place = nfc(place).strip() or "..."
    if day is None:
        year = year_hint or dt.date.today().year
        return f"{place}, ngày      tháng      năm {year}"
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


@dataclass
class Layout:
    """Everything printed on the document, already in the words to print."""

    system: str
    superior: str
    issuer: str
    number_line: str
    place_date: str
    type_name: str
    subject: str
    paragraphs: list[str]
    is_letter: bool = False
    signing_form: str = ""
    signing_collective: str = ""
    signer_position: str = ""
    signer_name: str = ""
    recipients: list[str] = field(default_factory=list)
    archive_line: str = "Lưu Văn phòng."
    secrecy_mark: str = ""
    urgency_mark: str = ""
    draft: bool = False
    joint_with: str = ""
    # The final layout signed before numbering leaves the number line and the place-and-date
    # line as form fields the office fills at issue, and the signature as an empty field
    # between the position and the name (domain rules §3.2).
    number_slot: bool = False
    date_slot: bool = False
    signature_slot: bool = False
    # A second signing block on the left instead of the recipients (the minutes: the
    # secretary on the left, the chair on the right); with `signature_slot`, its empty field
    # is the first co-signer's.
    left_signer_position: str = ""
    left_signer_name: str = ""


@lru_cache(maxsize=1)
def font_files() -> dict[str, str]:
    # DejaVu Serif first: every Vietnamese precomposed letter is in it (some Liberation
    # builds lack Ả, Ộ, ệ ...).
    for family in ("dejavu-condensed", "dejavu", "liberation"):
        files = FONT_FILES[family]
        for directory in FONT_DIRS:
            paths = {style: directory / name for style, name in files.items()}
            if all(p.is_file() for p in paths.values()):
                return {style: str(p) for style, p in paths.items()}
    raise DomainError(
        _(
            "No Vietnamese serif font is installed (fonts-liberation or fonts-dejavu-core); "
            "ask the administrator to run scripts/system-deps.sh."
        )
    )


class _Pdf(FPDF):
    def __init__(self) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.set_margins(left=30, top=20, right=15)
        self.set_auto_page_break(auto=True, margin=20)
        for style, path in font_files().items():
            self.add_font("serif", style, path)
        self.set_font("serif", size=14)
        self.alias_nb_pages()

    def footer(self) -> None:
        if self.page_no() > 1:
            self.set_y(-15)
            self.set_font("serif", size=12)
            self.cell(0, 6, str(self.page_no()), align="C")


def _centered(
    pdf: _Pdf, x: float, width: float, text: str, *, size: float, style: str = ""
) -> None:
    pdf.set_font("serif", style, size)
    pdf.set_x(x)
    pdf.multi_cell(width, size * 0.45, text, align="C", new_x="LMARGIN", new_y="NEXT")


def _slot_line(pdf: _Pdf, x: float, width: float, name: str, *, size: float) -> Slot:
    """A line left empty for a form field the office fills (the number, the date)."""
    height = size * 0.45
    slot = Slot(name, page=pdf.page_no() - 1, box=(x, pdf.get_y(), width, height))
    pdf.set_xy(pdf.l_margin, pdf.get_y() + height)
    return slot


def _signing_block(
    pdf: _Pdf,
    layout: Layout,
    slots: list[Slot],
    x: float,
    width: float,
    field_name: str,
    position: str,
    name: str,
) -> None:
    """A position, the signature's place and the printed name, centred in one column."""
    if position:
        _centered(pdf, x, width, nfc(position).upper(), size=13, style="B")
    if layout.signature_slot:
        # The personal signature's widget (image over name, position and time) goes here,
        # between the position and the printed name; the seal then overlaps its left third.
        top = pdf.get_y() + 2
        box = (x + (width - SIGNATURE_W) / 2, top, SIGNATURE_W, SIGNATURE_H)
        slots.append(Slot(field_name, page=pdf.page_no() - 1, box=box))
        pdf.set_y(top + SIGNATURE_H + 2)
    else:
        pdf.set_y(pdf.get_y() + 24)
    if name:
        _centered(pdf, x, width, nfc(name), size=14, style="B")


def _body(pdf: _Pdf, paragraphs: list[str]) -> None:
    """The body: justified paragraphs, each first line indented by a tab's width (not by
    spaces, which justification stretches line by line), page after page."""
    pdf.set_font("serif", "", BODY_SIZE)
    pdf.set_x(pdf.l_margin)
    with pdf.text_columns(text_align="J", line_height=BODY_LINE / pdf.font_size) as body:
        for paragraph in paragraphs:
            with body.paragraph(
                first_line_indent=FIRST_LINE_INDENT, bottom_margin=PARAGRAPH_SPACE
            ) as part:
                part.write(paragraph)


def render_pdf(layout: Layout) -> bytes:
    """The PDF bytes of `layout` (text stays extractable: fonts are embedded with maps)."""
    pdf = _Pdf()
    pdf.set_title(nfc(f"{layout.type_name} {layout.subject}")[:200])
    pdf.set_creator("partydesk")
    pdf.add_page()
    left_w, right_w = 86.0, 84.0
    left_x, right_x = pdf.l_margin - 12, pdf.w - pdf.r_margin - right_w
    top = pdf.get_y()
    # Left block: superior body, issuing body, star, number.
    if layout.superior:
        _centered(pdf, left_x, left_w, nfc(layout.superior).upper(), size=13)
    _centered(pdf, left_x, left_w, nfc(layout.issuer).upper(), size=13, style="B")
    if layout.joint_with:
        _centered(pdf, left_x, left_w, nfc(layout.joint_with).upper(), size=13, style="B")
    if layout.system == "party":
        _centered(pdf, left_x, left_w, "*", size=13)
    slots: list[Slot] = []
    if layout.number_slot:
        slots.append(_slot_line(pdf, left_x, left_w, NUMBER_FIELD, size=13))
    else:
        _centered(pdf, left_x, left_w, nfc(layout.number_line), size=13)
    if layout.is_letter and layout.subject:
        _centered(pdf, left_x, left_w, nfc(layout.subject), size=12, style="I")
    for mark in (layout.secrecy_mark, layout.urgency_mark):
        if mark:
            _centered(pdf, left_x, left_w, nfc(mark), size=13, style="B")
    left_bottom = pdf.get_y()
    # Right block: national/Party title with its rule, then the place and date.
    pdf.set_y(top)
    if layout.system == "party":
        _centered(pdf, right_x, right_w, PARTY_HEADER, size=14, style="B")
        rule = pdf.get_string_width(PARTY_HEADER)
    else:
        _centered(pdf, right_x, right_w, STATE_HEADER, size=12, style="B")
        _centered(pdf, right_x, right_w, STATE_MOTTO, size=13, style="B")
        rule = pdf.get_string_width(STATE_MOTTO)
    y = pdf.get_y() + 0.5
    centre = right_x + right_w / 2
    pdf.line(centre - rule / 2, y, centre + rule / 2, y)
    pdf.set_y(y + 5)
    if layout.date_slot:
        slots.append(_slot_line(pdf, right_x, right_w, DATE_FIELD, size=13))
    else:
        _centered(pdf, right_x, right_w, nfc(layout.place_date), size=13, style="I")
    pdf.set_y(max(left_bottom, pdf.get_y()) + 8)
    if layout.draft:
        _centered(pdf, pdf.l_margin, pdf.epw, "DỰ THẢO", size=12, style="B")
    # Type and subject (a letter carries its subject under the number instead).
    if not layout.is_letter:
        _centered(pdf, pdf.l_margin, pdf.epw, nfc(layout.type_name).upper(), size=15, style="B")
        _centered(pdf, pdf.l_margin, pdf.epw, nfc(layout.subject), size=14, style="B")
        # A short rule under the subject (drawn, so it is not read as text).
        y = pdf.get_y() + 2
        centre = pdf.l_margin + pdf.epw / 2
        pdf.line(centre - 12, y, centre + 12, y)
        pdf.set_y(y + 2)
    pdf.ln(4)
    _body(pdf, layout.paragraphs)
    pdf.ln(6)
    if pdf.get_y() > pdf.h - (95 if layout.signature_slot else 80):
        pdf.add_page()
    # Recipients on the left, signing block on the right, side by side.
    block_top = pdf.get_y()
    half = pdf.epw / 2
    sign_x = pdf.l_margin + half
    if layout.left_signer_position:
        _signing_block(pdf, layout, slots, pdf.l_margin, half, COSIGNER_FIELD,
                       layout.left_signer_position, layout.left_signer_name)  # fmt: skip
    else:
        pdf.set_font("serif", "BU", 13)
        pdf.set_x(pdf.l_margin)
        pdf.cell(half, 6, "Nơi nhận:", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("serif", "", 11)
        for line in [*layout.recipients, layout.archive_line]:
            pdf.set_x(pdf.l_margin)
            pdf.multi_cell(half - 4, 5, "- " + nfc(line), new_x="LMARGIN", new_y="NEXT")
    recipients_bottom = pdf.get_y()
    pdf.set_y(block_top)
    heading = " ".join(p for p in (layout.signing_form, layout.signing_collective) if p)
    if heading:
        _centered(pdf, sign_x, half, nfc(heading).upper(), size=13, style="B")
    _signing_block(pdf, layout, slots, sign_x, half, SIGNATURE_FIELD, layout.signer_position,
                   layout.signer_name)  # fmt: skip
    pdf.set_y(max(recipients_bottom, pdf.get_y()))
    data = bytes(pdf.output())
    return with_fields(data, slots, page_height=pdf.h) if slots else data
