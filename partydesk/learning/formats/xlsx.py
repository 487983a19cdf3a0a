"""A spreadsheet of questions (.xlsx), one row a question. The template is what export
writes (an empty bank exports the bare header):

    category | type | title | question | feedback | tags | shuffle |
    answer 1 | weight 1 | feedback 1 | answer 2 | weight 2 | feedback 2 | ...

`category` is a path ("Điều lệ Đảng/Chương I"); `type` one of single, multiple, truefalse,
short, essay; text cells are HTML (plain text is HTML too; it is sanitized); `tags` are
separated by commas; `shuffle` is yes or no (default yes); weights are percent (-100 to
100; empty is 0, or 100 for a short answer). A true/false question has the answers `true`
and `false`. Header names are matched without regard to case.

Read with openpyxl in read-only mode (which parses through defusedxml), after checking the
file's size and the unpacked size of its parts, so a zip bomb is refused unopened. Cells
are written as strings, never as formulas."""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from partydesk.core.workbook import rows_workbook
from partydesk.learning.formats import FULL, KINDS, SHORT, Answer, FormatError, Found, Item
from partydesk.learning.formats.checks import clean_item, problems_of
from partydesk.learning.formats.text import MAX_QUESTIONS, category_path, percent, weight_text

MAX_XLSX_BYTES = 5 * 1024 * 1024
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_ANSWER_COLUMNS = 26
FIXED = ["category", "type", "title", "question", "feedback", "tags", "shuffle"]


def _book(data: bytes) -> Any:
    if len(data) > MAX_XLSX_BYTES:
        raise FormatError(_("The file is larger than %(n)s MB.") % {"n": MAX_XLSX_BYTES // 1024**2})
    not_xlsx = _("The file is not an Excel workbook (.xlsx).")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile as error:
        raise FormatError(not_xlsx) from error
    if unpacked > MAX_UNPACKED_BYTES:
        raise FormatError(_("The workbook unpacks to more than 100 MB; it is refused."))
    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise FormatError(not_xlsx) from error


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _columns(header: tuple[Any, ...]) -> dict[str, int]:
    names = {_cell(value).lower(): n for n, value in enumerate(header) if _cell(value)}
    missing = [name for name in ("type", "question") if name not in names]
    if missing:
        raise FormatError(
            _("The first row lacks the column(s) %(names)s; see the template.")
            % {"names": ", ".join(missing)}
        )
    return names


def _weight(text: str, kind: str) -> Decimal:
    if not text:
        return FULL if kind == SHORT else Decimal(0)
    return percent(text.rstrip("%"))


def _item(row: dict[str, str], kind: str) -> Item:
    answers = []
    for n in range(1, MAX_ANSWER_COLUMNS + 1):
        text = row.get(f"answer {n}", "")
        if text:
            weight = _weight(row.get(f"weight {n}", ""), kind)
            answers.append(Answer(text, weight, row.get(f"feedback {n}", "")))
    tags = tuple(tag.strip() for tag in row.get("tags", "").split(",") if tag.strip())
    return Item(
        kind,
        row.get("question", ""),
        tuple(answers),
        row.get("title", ""),
        row.get("feedback", ""),
        category_path(row.get("category", "")),
        shuffle=row.get("shuffle", "").lower() not in ("no", "false", "0", "không"),
        tags=tags,
    )


def read(data: bytes) -> list[Found]:
    """Every question of the first sheet, each with its item or its problems."""
    sheet = _book(data).worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    columns = _columns(next(rows, ()))
    found: list[Found] = []
    for number, values in enumerate(rows, start=2):
        row = {name: _cell(values[n]) if n < len(values) else "" for name, n in columns.items()}
        if not any(row.values()):
            continue
        if len(found) >= MAX_QUESTIONS:
            raise FormatError(_("A file holds at most %(n)s questions.") % {"n": MAX_QUESTIONS})
        entry = Found(number, (row.get("title") or row.get("question", ""))[:80])
        kind = row.get("type", "").lower()
        if kind not in KINDS:
            entry.skipped = True
            entry.problems = [_("Question type not supported: %(type)s.") % {"type": kind or "?"}]
        else:
            try:
                entry.item = clean_item(_item(row, kind))
                entry.problems = problems_of(entry.item)
            except FormatError as error:
                entry.problems = [str(error)]
        found.append(entry)
    return found


def write(items: list[Item]) -> bytes:
    """A workbook in the template's layout, written by core's writer (every cell here is a
    string, and a string stays text there: never a formula)."""
    width = max([len(item.answers) for item in items] + [4])
    header = FIXED + [
        f"{c} {n}" for n in range(1, width + 1) for c in ("answer", "weight", "feedback")
    ]
    return rows_workbook("Questions", header, (_row(item) for item in items))


def _row(item: Item) -> list[str]:
    answers = [
        part
        for answer in item.answers
        for part in (answer.text, weight_text(answer.weight), answer.feedback)
    ]
    shuffle = "yes" if item.shuffle else "no"
    fixed = ["/".join(item.category), item.kind, item.name, item.text, item.feedback]
    return [*fixed, ", ".join(item.tags), shuffle, *answers]
