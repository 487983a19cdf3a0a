"""Every documents page: success, another organization's 404, bad input with a clear
message, and list query counts."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from partydesk.accounts.services.tokens import api_token_create
from partydesk.accounts.tests.factories import make_user, verified_client
from partydesk.conftest import logged_in
from partydesk.documents.models import DocumentEvent, Status
from partydesk.documents.selectors.registers import INCOMING_COLUMNS, OUTGOING_COLUMNS
from partydesk.documents.services.incoming import (
    Assignee,
    IncomingFields,
    incoming_assign,
    incoming_register,
)
from partydesk.documents.tests.factories import doc_type, make_staff, pdf_bytes


def register(office, subject="Về việc báo cáo sơ kết công tác quý I", **overrides):  # type: ignore[no-untyped-def]
    fields = {
        "document_type": doc_type("cong-van"),
        "sender": "Văn phòng Tỉnh ủy",
        "symbol": overrides.pop("symbol", "Số 132-CV/TU"),
        "subject": subject,
        "issued_date": timezone.localdate() - dt.timedelta(days=1),
    }
    fields.update(overrides)
    return incoming_register(
        actor=office.clerk, organization=office.organization, fields=IncomingFields(**fields)
    )


@pytest.fixture
def clerk_client(office_a):  # type: ignore[no-untyped-def]
    return verified_client(office_a.clerk)


def test_the_incoming_queue_lists_the_registers_documents_in_few_queries(
    office_a, clerk_client, django_assert_max_num_queries
):
    for n in range(30):
        register(office_a, subject=f"Công văn số {n}", symbol=f"{n}-CV/TU", urgency=n % 4 == 0)
    # session, user, grants, count, page, types, and the top bar's "needs me" panels
    with django_assert_max_num_queries(16):
        response = clerk_client.get(reverse("documents:incoming"))
    assert response.status_code == 200
    assert "Công văn số 29" in response.content.decode()
    # urgent documents still in hand are pinned above the queue, most urgent first; the page
    # shows the first five and links to the rest (eight here), so the register stays in sight
    urgent = response.context["urgent"]
    assert urgent and all(d.urgency > 0 for d in urgent)
    assert response.content.decode().count('class="tags"') == 5
    assert 'href="?urgent=on"' in response.content.decode()
    assert response.context["page"].object_list[0].subject == "Công văn số 29"


def test_the_queue_filters_ignore_diacritics_and_bad_years_are_reported(office_a, clerk_client):
    register(office_a, subject="Về việc tổ chức Đại hội chi bộ")
    register(office_a, subject="Về công tác phí", symbol="7-CV/TU")
    response = clerk_client.get(reverse("documents:incoming"), {"q": "dai hoi"})
    assert [d.subject for d in response.context["page"].object_list] == [
        "Về việc tổ chức Đại hội chi bộ"
    ]
    response = clerk_client.get(reverse("documents:incoming"), {"year": "abc"})
    assert response.status_code == 200
    assert "Enter a whole number" in response.content.decode()


def test_a_clerk_registers_through_the_page_and_a_duplicate_asks_for_confirmation(
    office_a, clerk_client
):
    url = reverse("documents:register")
    assert clerk_client.get(url).status_code == 200
    data = {
        "sender": "Ban Tổ chức Tỉnh ủy",
        "symbol": "Số 357-CV/BTCTU",
        "issued_date": "",
        "document_type": doc_type("cong-van").pk,
        "subject": "Về việc rà soát quy hoạch",
        "arrival_date": timezone.localdate().isoformat(),
        "urgency": "0",
        "secrecy": "0",
    }
    upload = SimpleUploadedFile("cv.pdf", pdf_bytes("Công văn 357"), "application/pdf")
    response = clerk_client.post(url, {**data, "upload": upload})
    assert response.status_code == 302
    # The same letter again: flagged before saving, the file kept for the confirm step
    again = SimpleUploadedFile("cv.pdf", pdf_bytes("Công văn 357"), "application/pdf")
    response = clerk_client.post(url, {**data, "symbol": "357-CV/BTCTU", "upload": again})
    assert response.status_code == 409
    assert "already holds a document" in response.content.decode()
    token = response.context["pending_file"]
    response = clerk_client.post(url, {**data, "confirm_duplicate": "on", "pending_file": token})
    assert response.status_code == 302
    second = response.url.rstrip("/").split("/")[-1]
    detail = clerk_client.get(reverse("documents:detail", args=[second]))
    assert detail.context["document"].register_number == 2
    assert detail.context["document"].has_file


def test_a_form_sent_back_for_a_missing_field_keeps_the_chosen_file(office_a, clerk_client):
    url = reverse("documents:register")
    data = {
        "sender": "UBND tỉnh",
        "symbol": "215/UBND-VX",
        "document_type": doc_type("cong-van").pk,
        "subject": "",  # forgotten: the form comes back
        "arrival_date": timezone.localdate().isoformat(),
        "urgency": "0",
        "secrecy": "0",
    }
    upload = SimpleUploadedFile("cv.pdf", pdf_bytes("Công văn 215"), "application/pdf")
    response = clerk_client.post(url, {**data, "upload": upload})
    assert response.status_code == 400
    token = response.context["pending_file"]
    assert token
    assert f'name="pending_file" value="{token}"' in response.content.decode()
    # The clerk types the subject and saves without choosing the file again
    response = clerk_client.post(
        url, {**data, "subject": "V/v chuyển đổi số", "pending_file": token}
    )
    assert response.status_code == 302
    detail = clerk_client.get(response.url)
    assert detail.context["document"].has_file


def test_a_broken_upload_is_refused_with_a_message_and_the_form_keeps_what_was_typed(
    office_a, clerk_client
):
    response = clerk_client.post(
        reverse("documents:register"),
        {
            "sender": "Sở Nội vụ",
            "symbol": "15/QĐ-SNV",
            "document_type": doc_type("quyet-dinh").pk,
            "subject": "Quyết định điều động",
            "arrival_date": timezone.localdate().isoformat(),
            "urgency": "0",
            "secrecy": "0",
            "upload": SimpleUploadedFile("qd.pdf", b"%PDF-1.4 broken", "application/pdf"),
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "not a readable PDF" in body
    assert "Quyết định điều động" in body


def test_only_clerks_open_the_registration_page(alice_client):
    # The page is alice's own organization's; her role does not open it: 403, not 404.
    assert alice_client.get(reverse("documents:register")).status_code == 403


def test_only_drafters_open_the_drafting_page(tree):
    reader = make_user("reader", organization=tree.committee_a, role="member")
    assert logged_in(reader).get(reverse("documents:draft_new")).status_code == 403


def test_the_duplicate_check_answers_as_the_clerk_types(office_a, clerk_client):
    register(office_a)
    response = clerk_client.get(
        reverse("documents:duplicate_check"),
        {"sender": "van phong tinh uy", "symbol": "132 - CV/TU"},
        HTTP_HX_REQUEST="true",
    )
    assert "Arrival no. 1" in response.content.decode()
    response = clerk_client.get(
        reverse("documents:duplicate_check"), {"sender": "Văn phòng Tỉnh ủy", "symbol": "133-CV/TU"}
    )
    assert "Arrival no." not in response.content.decode()


def test_a_document_of_another_organization_is_404_everywhere(office_a, eve_client):
    document = register(office_a)
    for url in [
        reverse("documents:detail", args=[document.pk]),
        reverse("documents:file", args=[document.pk, 1]),
    ]:
        assert eve_client.get(url).status_code == 404
    for name in ["note", "assign", "file_document", "reopen", "file_add", "readers_add"]:
        assert eve_client.post(reverse(f"documents:{name}", args=[document.pk])).status_code == 404
    response = eve_client.get(reverse("documents:incoming"))
    assert list(response.context["page"].object_list) == []


def test_the_pdf_is_shown_inline_safely(office_a, clerk_client):
    from partydesk.documents.services.files import Upload, upload_prepare

    document = incoming_register(
        actor=office_a.clerk,
        organization=office_a.organization,
        fields=IncomingFields(
            document_type=doc_type("cong-van"), sender="Tỉnh ủy", symbol="1-CV/TU", subject="A"
        ),
        file=upload_prepare([Upload("a.pdf", pdf_bytes())]),
    )
    response = clerk_client.get(reverse("documents:file", args=[document.pk, 1]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert "object-src 'self'" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert clerk_client.get(reverse("documents:file", args=[document.pk, 9])).status_code == 404


def test_assigning_from_the_page_and_a_bad_assignment_keeps_the_form(office_a, alice):
    document = register(office_a)
    client = verified_client(office_a.secretary)
    url = reverse("documents:assign", args=[document.pk])
    response = client.post(url, {"lead": "", "working_days": "500"})
    assert response.status_code == 400
    assert "Ensure this value is less than or equal to 120" in response.content.decode()
    response = client.post(
        url,
        {"lead": f"u:{alice.pk}", "working_days": "5", "instruction": "Đồng chí Alice xử lý."},
    )
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.status == Status.ASSIGNED
    # alice sees the note form and adds a note; an empty note is refused
    alice_client = verified_client(alice)
    page = alice_client.get(reverse("documents:detail", args=[document.pk]))
    assert page.context["actions"].note
    bad = alice_client.post(reverse("documents:note", args=[document.pk]), {"text": " "})
    assert bad.status_code == 400
    ok = alice_client.post(reverse("documents:note", args=[document.pk]), {"text": "Đang xử lý"})
    assert ok.status_code == 302


def test_a_specialist_cannot_assign(office_a, alice_client):
    document = register(office_a)
    response = alice_client.post(
        reverse("documents:assign", args=[document.pk]), {"lead": "", "working_days": 5}
    )
    assert response.status_code in (400, 403)
    document.refresh_from_db()
    assert document.status == Status.REGISTERED


def test_registers_export_the_exact_columns_as_xlsx_and_pdf(office_a, clerk_client):
    register(office_a)
    url = reverse("documents:register_export", args=["incoming"])
    year = timezone.localdate().year
    screen = clerk_client.get(url, {"year": year})
    assert screen.status_code == 200 and "SỔ ĐĂNG KÝ VĂN BẢN ĐẾN" in screen.content.decode()
    xlsx = clerk_client.get(url, {"year": str(year), "format": "xlsx"})
    assert xlsx.status_code == 200
    sheet = load_workbook(io.BytesIO(xlsx.content)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[4]) == INCOMING_COLUMNS
    assert rows[6][1] == "1" and rows[6][2] == "Văn phòng Tỉnh ủy"
    pdf = clerk_client.get(url, {"year": year, "format": "pdf"})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"] == f'attachment; filename="so-den-{year}.pdf"'
    assert xlsx["Content-Disposition"] == f'attachment; filename="so-den-{year}.xlsx"'
    out = clerk_client.get(
        reverse("documents:register_export", args=["outgoing"]),
        {"year": str(year), "format": "xlsx"},
    )
    rows = list(load_workbook(io.BytesIO(out.content)).worksheets[0].iter_rows(values_only=True))
    assert list(rows[4]) == OUTGOING_COLUMNS
    assert clerk_client.get(url, {"year": "19"}).status_code == 404
    assert clerk_client.get(url, {"format": "doc"}).status_code == 400
    assert clerk_client.get(reverse("documents:register_export", args=["x"])).status_code == 404


def test_the_documents_dashboard_and_the_core_dashboard_panels(office_a, alice):
    document = register(office_a, urgency=1)
    incoming_assign(
        actor=office_a.secretary, document=document, lead=Assignee(user=alice), working_days=1
    )
    client = verified_client(office_a.secretary)
    response = client.get(reverse("documents:dashboard"))
    assert response.status_code == 200
    assert response.context["stats"].incoming == 1
    home = verified_client(alice).get(reverse("core:dashboard"))
    assert home.status_code == 200
    titles = [p.title for p in home.context["panels"]]
    assert "Urgent incoming documents" in titles
    assert "Documents I am handling" in titles
    assert (
        verified_client(alice).get(reverse("documents:dashboard"), {"year": "x"}).status_code == 404
    )


def test_search_finds_words_in_the_pdf_text_without_diacritics(
    office_a, clerk_client, django_capture_on_commit_callbacks
):
    from partydesk.documents.services.files import Upload, upload_prepare

    upload = upload_prepare([Upload("a.pdf", pdf_bytes("Triển khai Nghị quyết Đại hội Đảng bộ"))])
    with django_capture_on_commit_callbacks(execute=True):  # the search entry follows the commit
        incoming_register(
            actor=office_a.clerk,
            organization=office_a.organization,
            fields=IncomingFields(
                document_type=doc_type("cong-van"),
                sender="Tỉnh ủy",
                symbol="5-CV/TU",
                subject="Công văn về nhân sự",
            ),
            file=upload,
        )
    response = clerk_client.get(reverse("documents:search"), {"q": "trien khai dai hoi"})
    assert response.status_code == 200
    assert [d.subject for d in response.context["results"].documents] == ["Công văn về nhân sự"]
    response = clerk_client.get(reverse("documents:search"), {"year": "nope"})
    assert response.status_code == 400


def test_the_api_lists_and_shows_documents_scoped_like_the_pages(
    office_a, eve, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        document = register(office_a)
    _, key = api_token_create(user=office_a.clerk, name="script")
    headers = {"Authorization": f"Bearer {key}"}
    from django.test import Client

    client = Client()
    listed = client.get("/api/v1/documents", headers=headers)
    assert listed.status_code == 200
    assert [d["id"] for d in listed.json()["items"]] == [document.pk]
    detail = client.get(f"/api/v1/documents/{document.pk}", headers=headers)
    assert detail.json()["number_symbol"] == "Số 132-CV/TU"
    year = timezone.localdate().year
    reg = client.get(f"/api/v1/registers/incoming/{year}", headers=headers)
    assert reg.json()["columns"] == INCOMING_COLUMNS and len(reg.json()["rows"]) == 1
    found = client.get("/api/v1/documents/search", {"q": "so ket"}, headers=headers)
    assert found.json()["total"] == 1
    _, eve_key = api_token_create(user=eve, name="eve")
    other = {"Authorization": f"Bearer {eve_key}"}
    assert client.get(f"/api/v1/documents/{document.pk}", headers=other).status_code == 404
    assert client.get("/api/v1/documents", headers=other).json()["items"] == []
    assert (
        client.get("/api/v1/documents", {"direction": "sideways"}, headers=headers).status_code
        == 422
    )


def test_every_look_at_a_classified_document_is_recorded(office_a):
    cleared = make_staff("cleared", office_a.organization, "specialist", clearance=1)
    office_a.clerk.clearance = 1
    office_a.clerk.save(update_fields=["clearance"])
    document = register(office_a, secrecy=1, readers=[cleared])
    client = verified_client(cleared)
    assert client.get(reverse("documents:detail", args=[document.pk])).status_code == 200
    assert DocumentEvent.objects.filter(document=document, action="viewed", actor=cleared).exists()
