"""The files the learning pages hand out, opened as their reader opens them: the exam's
results workbook says what the results page says (the local time, as a date Excel can
sort; the percentage as a percent cell), a course material keeps its Vietnamese file name."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from urllib.parse import unquote

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from partydesk.conftest import logged_in
from partydesk.core.http import SYSTEM
from partydesk.core.workbook import XLSX_CONTENT_TYPE
from partydesk.learning.models import Attempt
from partydesk.learning.selectors.attendance import AttendanceSummary
from partydesk.learning.services.courses import material_add
from partydesk.learning.tests.exam_setup import an_exam, bank, learner
from partydesk.learning.tests.test_courses import PDF, a_class
from partydesk.learning.tests.test_item_analysis import build

pytestmark = pytest.mark.django_db


def test_the_results_workbook_gives_the_hand_in_time_of_the_page_as_a_date(tree, organizer):
    exam = an_exam(tree.committee_a, bank(tree.committee_a))
    user = learner(tree.committee_a, "hv")
    taker = logged_in(user)
    taker.post(reverse("learning:exam_take", args=[exam.pk]))
    attempt = Attempt.objects.get(user=user)
    taker.post(reverse("learning:attempt_submit", args=[attempt.pk]))
    # Handed in at 02:40 UTC: 09:40 in Hà Nội, where the page and the organizer are.
    handed_in = dt.datetime(2026, 8, 14, 2, 40, tzinfo=dt.UTC)
    Attempt.objects.filter(pk=attempt.pk).update(submitted_at=handed_in, percent=Decimal("73.33"))
    client = logged_in(organizer)
    page = client.get(reverse("learning:exam", args=[exam.pk])).content.decode()
    assert "14/08/2026 09:40" in page and "73.33%" in page
    export = client.get(reverse("learning:exam_export", args=[exam.pk]))
    sheet = load_workbook(io.BytesIO(export.content)).worksheets[0]
    assert sheet["D1"].value == "Submitted"
    cell = sheet["D2"]
    assert cell.is_date and cell.value == timezone.localtime(handed_in).replace(tzinfo=None)
    assert cell.value == dt.datetime(2026, 8, 14, 9, 40)
    assert cell.number_format == "DD/MM/YYYY HH:MM"
    # The percentage is a percent cell (0.7333 shown as 73.33%), not 73.33 with no % sign.
    assert sheet["F1"].value == "Percent"
    assert sheet["F2"].value == pytest.approx(0.7333) and sheet["F2"].number_format == "0.00%"


def test_the_results_workbook_is_a_download_named_after_the_exam(tree, organizer):
    exam = an_exam(tree.committee_a, bank(tree.committee_a))
    export = logged_in(organizer).get(reverse("learning:exam_export", args=[exam.pk]))
    assert export.status_code == 200 and export["Content-Type"] == XLSX_CONTENT_TYPE
    assert export["Content-Disposition"] == f'attachment; filename="exam-{exam.pk}-results.xlsx"'


def test_a_material_downloads_under_its_vietnamese_name(tree, organizer):
    course_class = a_class(tree.committee_a)
    topic = course_class.course.topics.first()
    name = 'Tài liệu "Điều lệ Đảng".pdf'
    material = material_add(actor=SYSTEM, topic=topic, title="Tài liệu", data=PDF, filename=name)
    got = logged_in(organizer).get(reverse("learning:material", args=[material.pk]))
    assert got.status_code == 200 and got.content == PDF
    # What a browser reads: the name as UTF-8 (RFC 6266), not a header MIME-encoded whole.
    disposition = got["Content-Disposition"]
    assert disposition.startswith("attachment; filename*=utf-8''")
    assert unquote(disposition.split("''", 1)[1]) == name


def test_the_item_analysis_workbook_speaks_the_pages_words(tree, keeper):
    build(tree)
    client = logged_in(keeper)
    client.post(reverse("learning:analysis_refresh"))  # the job runs inline in tests
    export = client.get(reverse("learning:analysis_export"), {"flag": "any"})
    sheet = load_workbook(io.BytesIO(export.content)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    # The columns are named as the page names them (in the reader's language), not as the
    # code's fields ("upper_lower_27"), and a flag reads as the page's sentence, not a code.
    assert rows[0][:9] == (
        "Question",
        "Category",
        "Version",
        "Takers",
        "Facility",
        "Discrimination",
        "Upper − lower",
        "Left blank",
        "To review",
    )
    assert rows[0][9:11] == ("Option 1", "Option 1: takers")
    miskeyed = next(row for row in rows if row[0] == "Câu miskeyed?")
    assert "Strong takers do worse: check the key" in str(miskeyed[8])
    # It is written as every download is: the header styled, frozen, every row filtered.
    assert sheet.title == "Item analysis" and sheet["A1"].font.b and sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:{get_column_letter(sheet.max_column)}{len(rows)}"
    assert export["Content-Disposition"].startswith('attachment; filename="item-analysis-')


def test_the_attendance_reason_writes_the_percentage_as_the_reader_writes_numbers():
    short = AttendanceSummary(sessions=7, present=5, excused=1, absent=1, minimum=Decimal("80.5"))
    # The results page and the workbook's Attendance column carry this sentence; in
    # Vietnamese a decimal takes a comma ("71,43%"), as the page's own percentages do.
    with translation.override("vi"):
        assert "(71,43%)" in short.reason and "80,5%" in short.reason
    with translation.override("en"):
        assert "(71.43%)" in short.reason and "80.5%" in short.reason
