"""Registers exported as .xlsx (openpyxl) and as a landscape PDF (fpdf2), in the layout of
ND30 Phụ lục IV: title, organization, year, then the register's columns."""

from __future__ import annotations

import io
from typing import Protocol

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from partydesk.documents.services.render import font_files

# Each column's width in the .xlsx (characters) and its share of the PDF's 277 mm, by
# heading, so the two registers' different columns each get theirs. A date column takes a
# dd/mm/yyyy on one line of the PDF (12 of 177: 18.8 mm for its 15.5 mm at 8.5 pt, the
# cell's margins and rules); the subject, the widest free text, gives way. Each register's
# widths add up to 177.
WIDTHS: dict[str, int] = {
    "Ngày đến": 12,
    "Số đến": 8,
    "Tác giả": 22,
    "Số, ký hiệu văn bản": 16,
    "Ngày tháng văn bản": 12,
    "Tên loại và trích yếu nội dung": 44,
    "Đơn vị hoặc người nhận": 23,
    "Người ký": 18,
    "Nơi nhận văn bản": 23,
    "Đơn vị, người nhận bản lưu": 16,
    "Số lượng bản": 8,
    "Ngày chuyển": 12,
    "Ký nhận": 10,
    "Ghi chú": 18,
}


class RegisterLike(Protocol):
    """What an export needs of a register (selectors.registers.Register has it)."""

    @property
    def year(self) -> int: ...
    @property
    def organization_name(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def columns(self) -> list[str]: ...
    @property
    def rows(self) -> list[list[str]]: ...


def register_xlsx(register: RegisterLike) -> bytes:
    """The register as an Excel workbook: a title block, a header row, one row per entry."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = str(register.year)
    last = get_column_letter(len(register.columns))
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    sheet.append([register.organization_name.upper()])
    sheet.append([register.title])
    sheet.append([f"Năm {register.year}"])
    sheet.append([])
    for row in (1, 2, 3):
        sheet.merge_cells(f"A{row}:{last}{row}")
        sheet[f"A{row}"].alignment = Alignment(horizontal="center")
        sheet[f"A{row}"].font = Font(bold=row != 3, size=14 if row == 2 else 12)
    sheet.append(register.columns)
    header_row = sheet.max_row
    for head in sheet[header_row]:
        head.font = Font(bold=True)
        head.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        head.border = border
    sheet.append([f"({n})" for n in range(1, len(register.columns) + 1)])
    for numbered in sheet[sheet.max_row]:
        numbered.alignment = Alignment(horizontal="center")
        numbered.border = border
    for values in register.rows:
        sheet.append(values)
        for entry in sheet[sheet.max_row]:
            entry.alignment = Alignment(vertical="top", wrap_text=True)
            entry.border = border
    for index, column in enumerate(register.columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = WIDTHS[column]
    sheet.freeze_panes = f"A{header_row + 2}"
    sheet.print_options.gridLines = False
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.print_title_rows = f"{header_row}:{header_row}"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def register_pdf(register: RegisterLike) -> bytes:
    """The register as a printable landscape A4 PDF (to print, sign and bind, ND30 Điều 22)."""
    from fpdf import FPDF
    from fpdf.fonts import FontFace

    pdf = FPDF(orientation="L", unit="mm", format="A4")
    pdf.set_margins(10, 12, 10)
    pdf.set_auto_page_break(auto=True, margin=12)
    for style, path in font_files().items():
        pdf.add_font("serif", style, path)
    pdf.add_page()
    pdf.set_font("serif", "B", 12)
    pdf.cell(0, 6, register.organization_name.upper(), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("serif", "B", 15)
    pdf.cell(0, 8, register.title, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("serif", "", 12)
    pdf.cell(0, 6, f"Năm {register.year}", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font("serif", "", 8.5)
    with pdf.table(
        col_widths=tuple(WIDTHS[column] for column in register.columns),
        text_align="LEFT",
        line_height=4.2,
        headings_style=FontFace(emphasis="BOLD"),
        repeat_headings=1,
    ) as table:
        table.row(register.columns)
        table.row([f"({n})" for n in range(1, len(register.columns) + 1)])
        for values in register.rows:
            table.row(values)
    return bytes(pdf.output())
