"""Workbooks (.xlsx) that people download: one way every export writes a sheet.

A sheet has its header row styled, frozen and under an autofilter, columns as wide as what
they hold, dates as real Excel dates shown as Vietnamese offices write them (dd/mm/yyyy),
times in the local time zone, and text that stays text (a cell typed "=..." by a person is
never a formula). Sheets are written in streaming mode, so a large export stays small in
memory; widths are measured on the header and the first rows, because a streamed sheet
declares its columns before its rows.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import chain, islice
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from partydesk.core.numbers import percent_rounded

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "DD/MM/YYYY"
DATE_TIME_FORMAT = "DD/MM/YYYY HH:MM"
MEASURED_ROWS = 1000
MIN_WIDTH, MAX_WIDTH = 8, 60
HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="B3121B")
HEADER_ALIGNMENT = Alignment(wrap_text=True, vertical="top")
TITLE_LENGTH = 31
# What Excel refuses in a sheet's title; a colon is how titles are written ("Vòng 1: ...").
NOT_IN_TITLE = re.compile(r"\s*[\[\]:*?/\\]+\s*")


@dataclass(frozen=True)
class Percent:
    """A percentage (0-100) for a sheet: written as the fraction Excel reads as a percent,
    shown with the decimals it has, at most two (100%, 87.5%, 73.33%; never 100.00%)."""

    value: Decimal | float | int

    def fraction_and_format(self) -> tuple[float, str]:
        number = percent_rounded(self.value)
        places = max(0, -number.as_tuple().exponent)  # type: ignore[operator]
        return float(number / 100), "0%" if not places else "0." + "0" * places + "%"


def style_header(cell: Any) -> None:
    """The header look every workbook shares (white bold on the Party red)."""
    cell.font = HEADER_FONT
    cell.fill = HEADER_FILL
    cell.alignment = HEADER_ALIGNMENT


def _shown(value: Any) -> str:
    """Roughly what a cell shows, to size its column."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return "00/00/0000 00:00"
    if isinstance(value, dt.date):
        return "00/00/0000"
    if isinstance(value, float):
        return f"{value:.2f}"
    if isinstance(value, Percent):
        return f"{value.value}%"
    return str(value)


def _width(values: Iterable[Any]) -> float:
    longest = max((len(line) for value in values for line in _shown(value).splitlines()), default=0)
    return float(min(max(longest + 2, MIN_WIDTH), MAX_WIDTH))


def _cell(sheet: WriteOnlyWorksheet, value: Any) -> Any:
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        value = timezone.make_naive(value)  # Excel has no time zones: the local time
    if isinstance(value, Percent):
        fraction, shown = value.fraction_and_format()
        percent: Any = WriteOnlyCell(sheet, value=fraction)
        percent.number_format = shown
        return percent
    if not isinstance(value, dt.date | str):
        return value
    cell: Any = WriteOnlyCell(sheet)
    cell.value = value
    if isinstance(value, dt.datetime):
        cell.number_format = DATE_TIME_FORMAT
    elif isinstance(value, dt.date):
        cell.number_format = DATE_FORMAT
    else:
        cell.data_type = "s"  # text, never a formula
    return cell


def sheet_title(title: str, taken: Iterable[str] = ()) -> str:
    """`title` as Excel accepts a sheet's title: what it refuses replaced by " - ", no
    apostrophe at either end, at most 31 characters, never empty, and not one of `taken`
    (the book's titles, which Excel compares without regard to case): "Title (2)"."""
    clean = NOT_IN_TITLE.sub(" - ", title).strip(" -'")
    clean = clean[:TITLE_LENGTH].rstrip(" '") or _("Sheet")
    used = {name.casefold() for name in taken}
    found, count = clean, 1
    while found.casefold() in used:
        count += 1
        suffix = f" ({count})"
        found = clean[: TITLE_LENGTH - len(suffix)].rstrip(" '") + suffix
    return found


def sheet_write(
    book: Workbook, title: str, header: Sequence[Any], rows: Iterable[Sequence[Any]]
) -> WriteOnlyWorksheet:
    """Add a sheet titled `title` (as `sheet_title` makes it) to a write-only `book`: the
    header, then `rows`."""
    # the stubs lack a streamed sheet's columns
    sheet: Any = book.create_sheet(sheet_title(title, book.sheetnames))
    rows_iter: Iterator[Sequence[Any]] = iter(rows)
    measured = list(islice(rows_iter, MEASURED_ROWS))
    labels = [str(label) for label in header]
    columns = max([len(labels), *(len(row) for row in measured)])
    for index in range(columns):
        values = [labels[index] if index < len(labels) else ""]
        values += [row[index] for row in measured if index < len(row)]
        sheet.column_dimensions[get_column_letter(index + 1)].width = _width(values)
    sheet.freeze_panes = "A2"
    heads = []
    for label in labels:
        cell = WriteOnlyCell(sheet, value=label)
        cell.data_type = "s"
        style_header(cell)
        heads.append(cell)
    sheet.append(heads)
    count = 0
    for row in chain(measured, rows_iter):
        sheet.append([_cell(sheet, value) for value in row])
        count += 1
    sheet.auto_filter.ref = f"A1:{get_column_letter(max(columns, 1))}{count + 1}"
    return sheet


def book_new() -> Workbook:
    """An empty streaming workbook for `sheet_write`."""
    return Workbook(write_only=True)


def book_bytes(book: Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def rows_workbook(title: str, header: Sequence[Any], rows: Iterable[Sequence[Any]]) -> bytes:
    """A one-sheet workbook of `rows` under `header`."""
    book = book_new()
    sheet_write(book, title, header, rows)
    return book_bytes(book)
