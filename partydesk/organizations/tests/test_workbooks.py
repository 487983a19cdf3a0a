"""Excel import (all rows valid or nothing written) and export of members."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from partydesk.core.errors import InvalidInput
from partydesk.core.http import SYSTEM
from partydesk.core.models import AuditEvent
from partydesk.core.workbook import XLSX_CONTENT_TYPE
from partydesk.organizations import selectors, services
from partydesk.organizations.models import MembershipEvent, PartyMembership, Person
from partydesk.organizations.tests.factories import (
    good_row,
    make_member,
    make_person,
    workbook,
)
from partydesk.organizations.workbook import COLUMNS, template_workbook

pytestmark = pytest.mark.django_db


def test_a_file_with_bad_rows_writes_nothing_and_names_every_problem(tree):
    # given a person already registered with a citizen ID
    make_person(tree.cell_a1, "Đã Có", citizen_id="001090000001")
    code = tree.cell_a1.code
    rows = [
        good_row(code, "Dòng Đúng", "001090000010"),
        good_row(code, "CCCD Sai", "12345"),
        good_row(code, "Trùng Trong File", "001090000020"),
        good_row(code, "Trùng Trong File 2", "001090000020"),
        good_row(code, "Trùng Với CSDL", "001090000001"),
        good_row("khong-co", "Mã Lạ", "001090000030"),
        good_row(tree.committee_b.code, "Ngoài Phạm Vi", "001090000031"),
        ["Ngày Sai", "31/02/1990", "", "001090000040", code, "", None, None, None],
        [
            "Thứ Tự Sai",
            None,
            "",
            "001090000050",
            code,
            "Dự bị",
            dt.date(2020, 5, 1),
            dt.date(2020, 4, 1),
            None,
        ],
    ]
    content = workbook(rows)
    people_before, audit_before = Person.objects.count(), AuditEvent.objects.count()
    # when it is previewed
    preview = services.member_import_preview(
        acting=SYSTEM, scope=tree.committee_a, name="m.xlsx", content=content
    )
    # then every bad row says what is wrong, and only the first row is fine
    problems = {r.values["full_name"]: " ".join(r.errors) for r in preview.rows}
    assert problems["Dòng Đúng"] == ""
    assert "12 digits" in problems["CCCD Sai"]
    assert "also appears on row 5" in problems["Trùng Trong File"]
    assert "also appears on row 4" in problems["Trùng Trong File 2"]
    assert "already registered" in problems["Trùng Với CSDL"]
    assert "Unknown organization code" in problems["Mã Lạ"]
    assert "Unknown organization code" in problems["Ngoài Phạm Vi"]
    assert "not a date" in problems["Ngày Sai"]
    assert "ceremony cannot come before" in problems["Thứ Tự Sai"]
    assert not preview.is_valid
    # and confirming it anyway writes nothing at all
    with pytest.raises(InvalidInput):
        services.member_import_commit(
            acting=SYSTEM, scope=tree.committee_a, name="m.xlsx", content=content
        )
    assert Person.objects.count() == people_before
    assert AuditEvent.objects.count() == audit_before


def test_a_valid_file_is_written_in_one_go_with_memberships_and_history(tree):
    code = tree.cell_a1.code
    rows = [
        good_row(code, "Nguyễn Văn Một", "001090000101"),
        # a citizen ID typed into a number cell lost its leading zeros: they come back
        ["Trần Thị Hai", None, "Nữ", 1090000102, code, "", None, None, None],
        [
            "Lê Văn Ba",
            None,
            "",
            "001090000103",
            code,
            "Đảng viên dự bị",
            dt.date(2025, 1, 2),
            dt.date(2025, 1, 20),
            None,
        ],
    ]
    people = services.member_import_commit(
        acting=SYSTEM, scope=tree.committee_a, name="m.xlsx", content=workbook(rows)
    )
    assert len(people) == 3
    two = Person.objects.get(full_name="Trần Thị Hai")
    assert (two.citizen_id, two.gender, two.search_name) == (
        "001090000102",
        "female",
        "tran thi hai",
    )
    assert not PartyMembership.objects.filter(person=two).exists()
    one = PartyMembership.objects.get(person__full_name="Nguyễn Văn Một")
    assert (one.status, one.official_recognition_date) == ("official", dt.date(2016, 4, 1))
    assert list(one.events.values_list("kind", flat=True)) == ["admitted", "ceremony", "recognized"]
    three = PartyMembership.objects.get(person__full_name="Lê Văn Ba")
    assert three.status == "candidate"
    assert MembershipEvent.objects.filter(membership__person__in=people).count() == 5
    assert AuditEvent.objects.filter(action="organizations.person.imported").count() == 1


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("members.xls", b"\xd0\xcf\x11\xe0", ".xlsx"),
        ("members.xlsx", b"not a zip at all", "not an Excel workbook"),
        ("members.xlsx", b"PK\x03\x04" + b"0" * (5 * 1024 * 1024), "larger than 5 MB"),
    ],
)
def test_uploads_other_than_small_xlsx_are_refused(tree, name, content, message):
    with pytest.raises(InvalidInput) as error:
        services.member_import_preview(
            acting=SYSTEM, scope=tree.committee_a, name=name, content=content
        )
    assert message in str(error.value.message)


def test_a_broken_workbook_or_missing_columns_is_a_file_error(tree):
    broken = services.member_import_preview(
        acting=SYSTEM, scope=tree.committee_a, name="x.xlsx", content=b"PK\x03\x04garbage"
    )
    assert broken.file_errors and not broken.is_valid
    missing = services.member_import_preview(
        acting=SYSTEM,
        scope=tree.committee_a,
        name="x.xlsx",
        content=workbook([["A"]], header=["Full name"]),
    )
    assert "Organization code" in missing.file_errors[0]


def test_the_template_in_either_language_is_read_back(tree):
    for language in ("vi", "en"):
        with translation.override(language):
            content = template_workbook()
        preview = services.member_import_preview(
            acting=SYSTEM, scope=tree.committee_a, name="template.xlsx", content=content
        )
        assert not preview.file_errors, language
        # the example row names an organization code that does not exist here
        (row,) = preview.rows
        assert row.values["citizen_id"] == "001090012345"
        assert any("Unknown organization code" in e for e in row.errors)


def test_export_writes_the_filtered_people_with_the_import_columns(tree):
    make_member(tree.cell_a1, "Nguyễn Văn Xuất", citizen_id="001090000201")
    make_person(tree.cell_a1, "Không Phải Đảng Viên")
    make_member(tree.committee_b, "Người Của B")
    people = selectors.person_list_for(tree.committee_a, status="official")
    book = load_workbook(io.BytesIO(selectors.people_workbook(people)))
    sheet = book.worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0][: len(COLUMNS)]) == [str(c.label) for c in COLUMNS]
    assert [r[0] for r in rows[1:]] == ["Nguyễn Văn Xuất"]
    assert rows[1][3] == "001090000201"


def test_the_people_export_is_a_sheet_one_can_sort_filter_and_read(tree):
    # given a member with a birth date and admission dates
    make_member(
        tree.cell_a1,
        "Nguyễn Thị Hồng Nhung Phương Thảo",
        birth_date=dt.date(1990, 5, 17),
        workplace="Ban Tuyên giáo Tỉnh ủy, phòng Lý luận chính trị",
    )
    people = selectors.person_list_for(tree.committee_a, status="official")
    # when the registry is exported
    sheet = load_workbook(io.BytesIO(selectors.people_workbook(people))).worksheets[0]
    # then its dates are dates, shown as a Vietnamese office writes them
    column = {c.key: i + 1 for i, c in enumerate(COLUMNS)}
    birth = sheet.cell(row=2, column=column["birth_date"])
    assert birth.value == dt.datetime(1990, 5, 17)
    assert birth.number_format == "DD/MM/YYYY"
    assert sheet.cell(row=2, column=column["ceremony_date"]).number_format == "DD/MM/YYYY"
    # and the header stays in view, under a filter over every row
    assert sheet.freeze_panes == "A2"
    last = get_column_letter(sheet.max_column)
    assert sheet.auto_filter.ref == f"A1:{last}2"
    # and each column is as wide as what it holds, no wider than reads well
    widths = {key: sheet.column_dimensions[get_column_letter(n)].width for key, n in column.items()}
    assert widths["full_name"] >= len("Nguyễn Thị Hồng Nhung Phương Thảo")
    assert widths["workplace"] >= len("Ban Tuyên giáo Tỉnh ủy, phòng Lý luận chính trị")
    assert widths["birth_date"] < widths["full_name"]
    assert all(8 <= width <= 60 for width in widths.values())


def test_the_template_downloads_as_the_workbook_the_import_reads(alice_client):
    response = alice_client.get(reverse("organizations:import_template"))
    assert response.status_code == 200 and response["Content-Type"] == XLSX_CONTENT_TYPE
    assert response["Content-Disposition"] == 'attachment; filename="members-template.xlsx"'
    header = next(load_workbook(io.BytesIO(response.content)).worksheets[0].iter_rows())
    assert len([cell for cell in header if cell.value]) == len(COLUMNS)
