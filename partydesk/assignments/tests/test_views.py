"""The assignment pages: lists, one assignment, giving work (also from a document's text),
export; another organization's assignment is a 404 on every route."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from partydesk.accounts.tests.factories import verified_client
from partydesk.assignments.models import Assignment, SourceKind
from partydesk.assignments.services.progress import extension_request
from partydesk.assignments.tests.factories import act, give
from partydesk.documents.services.files import Upload, upload_prepare
from partydesk.documents.services.incoming import IncomingFields, incoming_register
from partydesk.documents.tests.factories import doc_type, pdf_bytes
from partydesk.documents.tests.test_views import register

DIRECTIVE = (
    "Nghị quyết về công tác xây dựng Đảng\n"
    "1. Ban Tổ chức rà soát quy hoạch cán bộ trong quý II.\n"
    "2. Văn phòng tổng hợp báo cáo sơ kết sáu tháng."
)


def test_my_list_shows_my_work_in_few_queries(office_a, django_assert_max_num_queries):
    for n in range(12):
        give(office_a.secretary, title=f"Việc số {n}", lead_user=office_a.specialist)
    client = verified_client(office_a.specialist)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("assignments:mine"), {"sort": "title"})
    assert response.status_code == 200
    assert "Việc số 11" in response.content.decode()
    by_me = verified_client(office_a.secretary).get(reverse("assignments:by_me"))
    assert "Việc số 3" in by_me.content.decode()


def test_filters_and_the_xlsx_export_follow_the_list(office_a):
    today = timezone.localdate()
    give(
        office_a.secretary,
        title="=Trễ hạn",
        lead_user=office_a.specialist,
        start_date=today - dt.timedelta(days=9),
        deadline=today - dt.timedelta(days=2),
    )
    give(office_a.secretary, title="Còn hạn", lead_user=office_a.specialist)
    client = verified_client(office_a.secretary)
    page = client.get(reverse("assignments:by_me"), {"state": "overdue"}).content.decode()
    assert "Trễ hạn" in page and "Còn hạn" not in page
    response = client.get(reverse("assignments:export"), {"view": "by_me", "state": "overdue"})
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2 and rows[1][1] == "=Trễ hạn"  # the title as typed,
    assert sheet["B2"].data_type == "s"  # and text, never read as a formula
    # The first column is the assignment's number in partydesk, and says so (not "STT", the
    # running number a Vietnamese reader takes a first column named so for).
    overdue = Assignment.objects.get(title="=Trễ hạn")
    assert rows[1][0] == overdue.pk and rows[0][0] == "Assignment ID"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
    vi = client.get(reverse("assignments:export"), {"view": "by_me", "state": "overdue"})
    head = next(load_workbook(io.BytesIO(vi.content)).worksheets[0].iter_rows(values_only=True))
    assert head[0] == "Mã nhiệm vụ" and head[6] == "Hạn xử lý"


def test_giving_work_keeps_what_was_typed_on_error_then_saves(office_a):
    client = verified_client(office_a.secretary)
    today = timezone.localdate()
    data = {
        "title": "Chuẩn bị hội nghị",
        "lead_user": office_a.specialist.pk,
        "start_date": today.isoformat(),
        "deadline": (today - dt.timedelta(days=1)).isoformat(),
        "priority": "3",
    }
    response = client.post(reverse("assignments:new"), data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "before the start date" in body and "Chuẩn bị hội nghị" in body
    data["deadline"] = (today + dt.timedelta(days=5)).isoformat()
    response = client.post(reverse("assignments:new"), data)
    work = Assignment.objects.get()
    assert response.status_code == 302 and work.priority == 3


def test_a_directive_becomes_assignments_from_its_passages(office_a, tree):
    document = incoming_register(
        actor=office_a.clerk,
        organization=office_a.organization,
        fields=IncomingFields(
            document_type=doc_type("cong-van"),
            sender="Văn phòng Tỉnh ủy",
            symbol="Số 12-NQ/TU",
            subject="Nghị quyết về công tác xây dựng Đảng",
            issued_date=timezone.localdate() - dt.timedelta(days=1),
        ),
        file=upload_prepare([Upload("nq.pdf", pdf_bytes(DIRECTIVE))]),
        known_types=["NQ", "CV"],
    )
    client = verified_client(office_a.secretary)
    url = reverse("assignments:from_document", args=[document.pk])
    page = client.get(url)
    assert page.status_code == 200
    forms = page.context["formset"].forms
    texts = [f.initial["text"] for f in forms]
    assert any(t.startswith("1. Ban Tổ chức") for t in texts)
    first = next(i for i, t in enumerate(texts) if t.startswith("1."))
    second = next(i for i, t in enumerate(texts) if t.startswith("2."))
    data = {"form-TOTAL_FORMS": str(len(forms)), "form-INITIAL_FORMS": str(len(forms))}
    for i, text in enumerate(texts):
        data[f"form-{i}-text"] = text
    data[f"form-{first}-picked"] = "on"
    data[f"form-{first}-lead_unit"] = str(tree.cell_a1.pk)
    data[f"form-{first}-working_days"] = "10"
    data[f"form-{second}-picked"] = "on"
    data[f"form-{second}-lead_user"] = str(office_a.specialist.pk)
    data[f"form-{second}-deadline"] = (timezone.localdate() + dt.timedelta(days=30)).isoformat()
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    made = list(Assignment.objects.order_by("id"))
    assert len(made) == 2
    assert all(a.source_kind == SourceKind.INCOMING and a.source_id == document.pk for a in made)
    assert made[0].lead_unit == tree.cell_a1 and made[0].title.startswith("1. Ban Tổ chức")
    # the document page lists them; the cell's own committee sees the work in its queue
    detail = client.get(reverse("documents:detail", args=[document.pk])).content.decode()
    assert "Assignments from this document" in detail and "Ban Tổ chức rà soát" in detail


@pytest.mark.parametrize(
    "name", ["detail", "break_down", "complete", "cancel", "report", "extension", "decide"]
)
def test_another_organizations_assignment_is_a_404(name, office_a, office_b):
    work = give(office_a.secretary, lead_user=office_a.specialist)
    client = verified_client(office_b.secretary)
    if name == "decide":
        assert work.deadline is not None
        asked = extension_request(
            actor=act(office_a.specialist),
            assignment=work,
            deadline=work.deadline + dt.timedelta(days=3),
            reason="Chờ số liệu",
        )
        url = reverse("assignments:extension_decide", args=[work.pk, asked.pk])
    else:
        url = reverse(f"assignments:{name}", args=[work.pk])
    data = {"report": "x", "reason": "x", "percent": "10", "text": "x", "approve": "yes"}
    data["deadline"] = "2099-01-01"
    response = client.get(url) if name in ("detail", "break_down") else client.post(url, data)
    assert response.status_code == 404


def test_another_organizations_document_cannot_be_turned_into_work(office_a, office_b):
    document = register(office_a)
    client = verified_client(office_b.secretary)
    response = client.get(reverse("assignments:from_document", args=[document.pk]))
    assert response.status_code == 404


def test_the_lead_reports_done_and_a_closed_assignment_refuses_a_report(office_a):
    work = give(office_a.secretary, lead_user=office_a.specialist)
    client = verified_client(office_a.specialist)
    url = reverse("assignments:complete", args=[work.pk])
    assert client.post(url, {"report": ""}).status_code == 400
    assert client.post(url, {"report": "Đã xong"}).status_code == 302
    response = client.post(url, {"report": "Lần nữa"})
    assert response.status_code == 400 and "already closed" in response.content.decode()


def test_a_grassroots_committee_sees_work_passed_to_it_in_its_own_queue(tree, office_a, office_b):
    from partydesk.documents.tests.factories import make_office

    bloc = make_office(tree.root, "k")
    work = give(bloc.secretary, title="Báo cáo kết nạp đảng viên", lead_unit=tree.committee_a)
    queue = verified_client(office_a.secretary).get(reverse("assignments:mine"))
    assert "Báo cáo kết nạp đảng viên" in queue.content.decode()
    detail = verified_client(office_a.secretary).get(reverse("assignments:detail", args=[work.pk]))
    assert detail.status_code == 200 and "Pass part of it on" in detail.content.decode()
    other = verified_client(office_b.secretary).get(reverse("assignments:detail", args=[work.pk]))
    assert other.status_code == 404


def test_sorting_by_title_follows_vietnamese_order_on_the_page_and_in_the_export(office_a):
    # given work titled with Đ, D, Z and Ư (where code-point order puts Đ and Ư after Z)
    for title in ("Zalo nhóm chi bộ", "Đánh giá quý III", "Dự thảo báo cáo", "Ưu tiên hồ sơ"):
        give(office_a.secretary, title=title, lead_user=office_a.specialist)
    client = verified_client(office_a.secretary)
    wanted = ["Dự thảo báo cáo", "Đánh giá quý III", "Ưu tiên hồ sơ", "Zalo nhóm chi bộ"]
    # when the list is sorted by title, then Đ comes right after D, and Ư after U, before Z
    page = client.get(reverse("assignments:by_me"), {"sort": "title"}).content.decode()
    assert sorted(wanted, key=page.index) == wanted
    # and the workbook of that list is in the same order
    response = client.get(reverse("assignments:export"), {"view": "by_me", "sort": "title"})
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)] == wanted
