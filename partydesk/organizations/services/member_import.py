"""Importing members from an Excel workbook: read, check every row, then write all or nothing.

member_import_preview() reads and checks a file without writing; member_import_commit()
checks the same bytes again (the database may have changed since the preview) and writes
every row in one transaction, or raises InvalidInput and writes nothing.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from partydesk.core.audit import audit_log
from partydesk.core.calendar import add_working_days_many
from partydesk.core.errors import InvalidInput
from partydesk.core.http import Acting
from partydesk.core.text import fold
from partydesk.organizations.models import DuesCategory, Organization, Person, path_prefix_q
from partydesk.organizations.permissions import can_manage_members, deny_unless
from partydesk.organizations.selectors.rules import membership_rule_book
from partydesk.organizations.services.people import PersonSpec, normalize_name, person_bulk_create
from partydesk.organizations.transitions import (
    check_membership_dates,
)
from partydesk.organizations.workbook import (
    COLUMN_BY_KEY,
    COLUMNS,
    MAX_ROWS,
    MAX_UPLOAD_BYTES,
    BadDate,
    cell_citizen_id,
    cell_date,
    cell_text,
    dues_aliases,
    gender_aliases,
    header_aliases,
    status_aliases,
)

ZIP_MAGIC = b"PK\x03\x04"


@dataclass
class ImportRow:
    """One row of the sheet as read, with what is wrong with it."""

    line: int
    values: dict[str, Any]
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    organization: Organization | None = None

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class ImportPreview:
    """The whole file: problems with the file itself, and every row."""

    rows: list[ImportRow] = field(default_factory=list)
    file_errors: list[str] = field(default_factory=list)

    @property
    def error_rows(self) -> list[ImportRow]:
        return [r for r in self.rows if r.errors]

    @property
    def is_valid(self) -> bool:
        return not self.file_errors and bool(self.rows) and not self.error_rows

    @property
    def member_count(self) -> int:
        return sum(1 for r in self.rows if r.values.get("status"))


def check_upload(name: str, size: int, head: bytes) -> None:
    """Refuse anything but a reasonably small .xlsx before reading it."""
    if not name.lower().endswith(".xlsx"):
        raise InvalidInput(
            _("Upload an Excel workbook (.xlsx). Save older .xls files as .xlsx first."),
            field="file",
        )
    if size > MAX_UPLOAD_BYTES:
        raise InvalidInput(
            _("The file is larger than %(mb)s MB; split it into several files.")
            % {"mb": MAX_UPLOAD_BYTES // (1024 * 1024)},
            field="file",
        )
    if not head.startswith(ZIP_MAGIC):
        raise InvalidInput(_("This file is not an Excel workbook (.xlsx)."), field="file")


def _read_sheet(content: bytes, preview: ImportPreview) -> list[tuple[int, dict[str, Any]]]:
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError):
        preview.file_errors.append(_("The workbook cannot be read; is it a valid .xlsx file?"))
        return []
    try:
        sheet = book.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        header = next(rows, None)
        if header is None:
            preview.file_errors.append(_("The first sheet is empty."))
            return []
        aliases = header_aliases()
        positions: dict[str, int] = {}
        unknown: list[str] = []
        for index, title in enumerate(header):
            text = cell_text(title)
            if not text:
                continue
            key = aliases.get(fold(text))
            if key is None:
                unknown.append(text)
            elif key not in positions:
                positions[key] = index
        missing = [str(c.label) for c in COLUMNS if c.required and c.key not in positions]
        if missing:
            preview.file_errors.append(
                _("Missing columns: %(columns)s. Start from the template.")
                % {"columns": ", ".join(missing)}
            )
        if unknown:
            preview.file_errors.append(
                _("Unknown columns: %(columns)s.") % {"columns": ", ".join(unknown)}
            )
        if preview.file_errors:
            return []
        read: list[tuple[int, dict[str, Any]]] = []
        for line, raw in enumerate(rows, start=2):
            cells = {key: raw[i] if i < len(raw) else None for key, i in positions.items()}
            if all(cell_text(v) == "" for v in cells.values()):
                continue
            if len(read) >= MAX_ROWS:
                preview.file_errors.append(
                    _("The file has more than %(rows)s rows; split it into several files.")
                    % {"rows": MAX_ROWS}
                )
                return []
            read.append((line, cells))
        if not read:
            preview.file_errors.append(_("The sheet has a header but no rows."))
        return read
    finally:
        book.close()


def _parse_row(line: int, cells: dict[str, Any], choices: dict[str, dict[str, str]]) -> ImportRow:
    row = ImportRow(line=line, values={})
    v = row.values
    v["full_name"] = normalize_name(cell_text(cells.get("full_name")))
    if not v["full_name"]:
        row.errors.append(_("The full name is empty."))
    for key in ("phone", "email", "workplace", "card_number"):
        v[key] = cell_text(cells.get(key))
    v["organization_code"] = cell_text(cells.get("organization_code"))
    raw_id = cells.get("citizen_id")
    v["citizen_id"] = cell_citizen_id(raw_id) if raw_id not in (None, "") else ""
    if v["citizen_id"] and not (len(v["citizen_id"]) == 12 and v["citizen_id"].isdigit()):
        row.errors.append(
            _("Citizen ID “%(value)s” must have exactly 12 digits.") % {"value": v["citizen_id"]}
        )
    if v["email"]:
        try:
            validate_email(v["email"])
        except ValidationError:
            row.errors.append(_("“%(value)s” is not an email address.") % {"value": v["email"]})
    for key in (
        "birth_date",
        "admission_decision_date",
        "ceremony_date",
        "official_recognition_date",
    ):
        try:
            v[key] = cell_date(cells.get(key))
        except BadDate as exc:
            v[key] = None
            row.errors.append(
                _("%(column)s: “%(value)s” is not a date (use dd/mm/yyyy).")
                % {"column": COLUMN_BY_KEY[key].label, "value": exc.args[0]}
            )
    for key in ("gender", "status", "dues_category"):
        text = cell_text(cells.get(key))
        v[key] = ""
        if text:
            value = choices[key].get(fold(text))
            if value is None:
                row.errors.append(
                    _("%(column)s: “%(value)s” is not one of the allowed values.")
                    % {"column": COLUMN_BY_KEY[key].label, "value": text}
                )
            else:
                v[key] = value
    v["dues_category"] = v["dues_category"] or DuesCategory.SALARIED
    return row


def _check_rows(rows: list[ImportRow], scope: Organization) -> None:
    """Checks that need the database or the whole file: codes, duplicates, date rules."""
    codes = {r.values["organization_code"] for r in rows if r.values["organization_code"]}
    orgs = {
        o.code: o
        for o in Organization.objects.filter(
            path_prefix_q(scope.path), code__in=codes, valid_to__isnull=True
        )
    }
    lines_by_id: dict[str, list[int]] = defaultdict(list)
    for r in rows:
        if r.values["citizen_id"]:
            lines_by_id[r.values["citizen_id"]].append(r.line)
    in_db = set(
        Person.objects.filter(citizen_id__in=list(lines_by_id)).values_list("citizen_id", flat=True)
    )
    decisions = [
        r.values["admission_decision_date"] for r in rows if r.values["admission_decision_date"]
    ]
    book = membership_rule_book()
    by_n: dict[int, set[dt.date]] = defaultdict(set)
    for day in decisions:
        by_n[book.on(day).ceremony_working_days].add(day)
    deadlines = {n: add_working_days_many(days, n) for n, days in by_n.items()}
    today = dt.date.today()
    for r in rows:
        v = r.values
        code = v["organization_code"]
        if not code:
            r.errors.append(_("The organization code is empty."))
        elif code not in orgs:
            r.errors.append(
                _("Unknown organization code “%(code)s” (or not an active unit you manage).")
                % {"code": code}
            )
        else:
            r.organization = orgs[code]
        cid = v["citizen_id"]
        if cid:
            others = [line for line in lines_by_id[cid] if line != r.line]
            if others:
                r.errors.append(
                    _("Citizen ID %(id)s also appears on row %(rows)s.")
                    % {"id": cid, "rows": ", ".join(map(str, others))}
                )
            if cid in in_db:
                r.errors.append(
                    _("A person with citizen ID %(id)s is already registered.") % {"id": cid}
                )
        if v["birth_date"] and v["birth_date"] > today:
            r.errors.append(_("The date of birth is in the future."))
        membership_dates = [
            v["admission_decision_date"],
            v["ceremony_date"],
            v["official_recognition_date"],
        ]
        if v["status"]:
            check = check_membership_dates(
                status=v["status"],
                admission_decision_date=v["admission_decision_date"],
                ceremony_date=v["ceremony_date"],
                official_recognition_date=v["official_recognition_date"],
                birth_date=v["birth_date"],
                today=today,
                rules=book.on(v["admission_decision_date"] or today),
                working_days=lambda start, n: deadlines[n][start],
            )
            r.errors.extend(message for _field, message in check.errors)
            r.warnings.extend(check.warnings)
        elif any(membership_dates) or v["card_number"]:
            r.errors.append(_("Membership dates are filled in: choose the membership status."))


def member_import_preview(
    *, acting: Acting, scope: Organization, name: str, content: bytes
) -> ImportPreview:
    """Read and check a workbook; nothing is written. Only a registry keeper of `scope` may:
    the check tells which citizen IDs are registered."""
    deny_unless(can_manage_members(acting, scope))
    check_upload(name, len(content), content[:4])
    preview = ImportPreview()
    cells = _read_sheet(content, preview)
    if preview.file_errors:
        return preview
    choices = {
        "gender": gender_aliases(),
        "status": status_aliases(),
        "dues_category": dues_aliases(),
    }
    preview.rows = [_parse_row(line, row, choices) for line, row in cells]
    _check_rows(preview.rows, scope)
    return preview


@transaction.atomic
def member_import_commit(
    *, acting: Acting, scope: Organization, name: str, content: bytes
) -> list[Person]:
    """Check the workbook again and write every row in one transaction, or nothing."""
    preview = member_import_preview(acting=acting, scope=scope, name=name, content=content)
    if not preview.is_valid:
        problems = len(preview.error_rows) or len(preview.file_errors)
        raise InvalidInput(
            _("The file has %(count)s problems; nothing was imported.") % {"count": problems},
            field="file",
        )
    specs = []
    for r in preview.rows:
        v = r.values
        assert r.organization is not None
        specs.append(
            PersonSpec(
                organization_id=r.organization.pk,
                full_name=v["full_name"],
                birth_date=v["birth_date"],
                gender=v["gender"],
                citizen_id=v["citizen_id"] or None,
                phone=v["phone"],
                email=v["email"],
                workplace=v["workplace"],
                status=v["status"],
                admission_decision_date=v["admission_decision_date"],
                ceremony_date=v["ceremony_date"],
                official_recognition_date=v["official_recognition_date"],
                card_number=v["card_number"],
                dues_category=v["dues_category"],
            )
        )
    people = person_bulk_create(acting=acting, specs=specs)
    audit_log(
        actor=acting.user,
        action="organizations.person.imported",
        organization_id=scope.pk,
        details={"file": name, "rows": len(people), "members": preview.member_count},
    )
    return people
