"""The member workbook (.xlsx): its columns, how cells are read, and how sheets are written.

Shared by the import (services) and the export (selectors). Headers are matched in
Vietnamese or English, ignoring case and diacritics, so a template downloaded in either
language, or a sheet typed by hand, is read the same way.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from partydesk.core.text import fold
from partydesk.core.workbook import DATE_FORMAT, style_header
from partydesk.organizations.models import DuesCategory, Gender, MembershipStatus

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000
DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d", "%d.%m.%Y")


@dataclass(frozen=True)
class Column:
    key: str
    label: Promise
    kind: str = "text"  # text | date | choice
    required: bool = False
    width: int = 18
    hint: Promise | None = None


COLUMNS: tuple[Column, ...] = (
    Column("full_name", gettext_lazy("Full name"), required=True, width=28),
    Column("birth_date", gettext_lazy("Date of birth"), "date", width=14),
    Column("gender", gettext_lazy("Gender"), "choice", width=10),
    Column(
        "citizen_id",
        gettext_lazy("Citizen ID"),
        width=16,
        hint=gettext_lazy("12 digits, typed as text so leading zeros stay"),
    ),
    Column("phone", gettext_lazy("Phone"), width=14),
    Column("email", gettext_lazy("Email"), width=24),
    Column("workplace", gettext_lazy("Workplace"), width=28),
    Column(
        "organization_code",
        gettext_lazy("Organization code"),
        required=True,
        width=18,
        hint=gettext_lazy("The code shown on the organization's page"),
    ),
    Column(
        "status",
        gettext_lazy("Membership status"),
        "choice",
        width=18,
        hint=gettext_lazy("Empty if the person is not a Party member"),
    ),
    Column("admission_decision_date", gettext_lazy("Admission decision date"), "date", width=14),
    Column("ceremony_date", gettext_lazy("Admission ceremony date"), "date", width=14),
    Column(
        "official_recognition_date", gettext_lazy("Official recognition date"), "date", width=14
    ),
    Column("card_number", gettext_lazy("Party card number"), width=14),
    Column("dues_category", gettext_lazy("Dues category"), "choice", width=18),
)
COLUMN_BY_KEY = {c.key: c for c in COLUMNS}
IMPORTABLE_STATUSES = (MembershipStatus.CANDIDATE, MembershipStatus.OFFICIAL)


def _labels_in(language: str, text: Any) -> str:
    with translation.override(language):
        return str(text)


def header_aliases() -> dict[str, str]:
    """Folded header text (Vietnamese, English, or the key itself) -> column key."""
    aliases: dict[str, str] = {}
    for column in COLUMNS:
        aliases[fold(column.key.replace("_", " "))] = column.key
        aliases[fold(column.key)] = column.key
        for language in ("vi", "en"):
            aliases[fold(_labels_in(language, column.label))] = column.key
    return aliases


def choice_aliases(choices: Iterable[tuple[str, Any]]) -> dict[str, str]:
    """Folded value or label (either language) -> stored value."""
    aliases: dict[str, str] = {}
    for value, label in choices:
        aliases[fold(value)] = value
        aliases[fold(value.replace("_", " "))] = value
        for language in ("vi", "en"):
            aliases[fold(_labels_in(language, label))] = value
    return aliases


def gender_aliases() -> dict[str, str]:
    aliases = choice_aliases(Gender.choices)
    aliases.update({"nam": Gender.MALE, "nu": Gender.FEMALE, "m": Gender.MALE, "f": Gender.FEMALE})
    return aliases


def status_aliases() -> dict[str, str]:
    aliases = choice_aliases((s, s.label) for s in IMPORTABLE_STATUSES)
    aliases.update(
        {
            "du bi": MembershipStatus.CANDIDATE,
            "dang vien du bi": MembershipStatus.CANDIDATE,
            "chinh thuc": MembershipStatus.OFFICIAL,
            "dang vien chinh thuc": MembershipStatus.OFFICIAL,
        }
    )
    return aliases


def dues_aliases() -> dict[str, str]:
    return choice_aliases(DuesCategory.choices)


def cell_text(value: Any) -> str:
    """A cell as text: numbers without '.0', dates as ISO, everything stripped."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    return " ".join(str(value).split())


def cell_citizen_id(value: Any) -> str:
    """Citizen IDs typed into a number cell lose their leading zeros; put them back."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = int(value)
        return f"{number:012d}" if 0 <= number < 10**12 else str(number)
    return "".join(cell_text(value).split())


class BadDate(ValueError):
    pass


def cell_date(value: Any) -> dt.date | None:
    """A date cell, or text in dd/mm/yyyy (also yyyy-mm-dd); BadDate when unreadable."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = cell_text(value)
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise BadDate(text)


def _style_header(sheet: Any, columns: Sequence[Column]) -> None:
    for index, column in enumerate(columns, start=1):
        style_header(sheet.cell(row=1, column=index))
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = "A2"


def template_workbook() -> bytes:
    """The import template: the header row, one example row and a sheet of instructions."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = _("Members")
    sheet.append([str(c.label) for c in COLUMNS])
    example = {
        "full_name": "Nguyễn Văn An",
        "birth_date": dt.date(1990, 5, 17),
        "gender": str(Gender.MALE.label),
        "citizen_id": "001090012345",
        "phone": "0912345678",
        "email": "an.nguyen@example.vn",
        "workplace": _("Budget department"),
        "organization_code": "chi-bo-1",
        "status": str(MembershipStatus.OFFICIAL.label),
        "admission_decision_date": dt.date(2018, 3, 2),
        "ceremony_date": dt.date(2018, 3, 26),
        "official_recognition_date": dt.date(2019, 4, 5),
        "card_number": "12345678",
        "dues_category": str(DuesCategory.SALARIED.label),
    }
    sheet.append([example[c.key] for c in COLUMNS])
    for index, column in enumerate(COLUMNS, start=1):
        letter = get_column_letter(index)
        # Column styles apply to what people type later; the example row gets them too.
        fmt = DATE_FORMAT if column.kind == "date" else "@" if column.kind == "text" else None
        if fmt:
            sheet.column_dimensions[letter].number_format = fmt
            sheet[f"{letter}2"].number_format = fmt
    _style_header(sheet, COLUMNS)
    guide = book.create_sheet(_("Instructions"))
    guide.append([_("Column"), _("Required"), _("What to enter")])
    choices = {
        "gender": ", ".join(str(label) for _v, label in Gender.choices),
        "status": ", ".join(str(s.label) for s in IMPORTABLE_STATUSES),
        "dues_category": ", ".join(str(label) for _v, label in DuesCategory.choices),
    }
    for column in COLUMNS:
        what = str(column.hint) if column.hint else ""
        if column.kind == "date":
            what = _("A date: dd/mm/yyyy")
        if column.key in choices:
            what = _("One of: %(values)s") % {"values": choices[column.key]}
        guide.append([str(column.label), _("yes") if column.required else "", what])
    guide.append([])
    guide.append(
        [
            _(
                "Nothing is saved until every row is valid. Delete the example row before "
                "importing; at most %(rows)s rows per file."
            )
            % {"rows": MAX_ROWS}
        ]
    )
    _style_header(guide, [Column("c", gettext_lazy("Column"), width=30)] * 3)
    guide.column_dimensions["C"].width = 70
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
