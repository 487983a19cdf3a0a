"""Incoming documents through the services: register, duplicates, assign, sub-assign,
notes, completion, filing, urgent notifications and malformed uploads."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from partydesk.core.calendar import add_working_days
from partydesk.core.errors import InvalidInput, InvalidTransition, NotAllowed
from partydesk.core.models import Notification, StoredFile
from partydesk.documents.keeper import AssignmentRole, AssignmentStatus, assignment_of
from partydesk.documents.models import Status
from partydesk.documents.services.files import Upload, upload_prepare
from partydesk.documents.services.incoming import (
    Assignee,
    DuplicateSuspected,
    IncomingFields,
    assignment_complete,
    assignment_subassign,
    document_note_add,
    incoming_assign,
    incoming_file,
    incoming_register,
    incoming_reopen,
)
from partydesk.documents.tests.factories import (
    doc_type,
    jpeg_bytes,
    make_staff,
    pdf_bytes,
    png_bytes,
)
from partydesk.organizations.models import OrganizationKind
from partydesk.organizations.tests.factories import make_org


def fields(**overrides: Any) -> IncomingFields:
    values: dict[str, Any] = {
        "document_type": doc_type("cong-van"),
        "sender": "Ban Tổ chức Tỉnh ủy",
        "symbol": "Số 357-CV/BTCTU",
        "subject": "Về việc rà soát, bổ sung quy hoạch cán bộ",
        "issued_date": timezone.localdate() - dt.timedelta(days=2),
    }
    values.update(overrides)
    return IncomingFields(**values)


def register(office, **overrides):  # type: ignore[no-untyped-def]
    upload = overrides.pop("file", None)
    confirm = overrides.pop("confirm_duplicate", False)
    return incoming_register(
        actor=office.clerk,
        organization=office.organization,
        fields=fields(**overrides),
        file=upload,
        confirm_duplicate=confirm,
        known_types=["CV", "NQ", "QĐ"],
    )


def test_a_clerk_registers_a_pdf_with_the_next_arrival_number(office_a):
    # Given a PDF received from the provincial organization board
    prepared = upload_prepare([Upload("cv357.pdf", pdf_bytes("Công văn số 357", pages=2))])
    # When the clerk registers it twice (two different letters)
    first = register(office_a, file=prepared)
    second = register(office_a, symbol="Số 358-CV/BTCTU")
    # Then arrival numbers run 1, 2 and the parsed number/symbol is kept
    assert (first.register_number, second.register_number) == (1, 2)
    assert first.status == Status.REGISTERED
    assert (first.code_number, first.code_notation) == ("357", "CV/BTCTU")
    assert first.number_symbol == "Số 357-CV/BTCTU"
    assert first.page_amount == 2 and first.has_file
    version = first.versions.get()
    assert "Công văn số 357" in version.file.text
    assert first.events.filter(action="registered").exists()


def test_scanned_pages_are_combined_into_one_pdf(office_a):
    prepared = upload_prepare(
        [Upload("trang1.jpg", jpeg_bytes()), Upload("trang2.png", png_bytes())]
    )
    assert prepared.content_type == "application/pdf"
    assert prepared.page_count == 2
    document = register(office_a, file=prepared)
    assert document.versions.get().file.page_count == 2


def test_the_same_file_is_stored_once_and_never_overwritten(office_a):
    data = pdf_bytes("Một nội dung")
    register(office_a, file=upload_prepare([Upload("a.pdf", data)]))
    register(office_a, symbol="12-CV/TU", file=upload_prepare([Upload("b.pdf", data)]))
    assert StoredFile.objects.count() == 1


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("hong.pdf", b"%PDF-1.7\n1 0 obj <<>> garbage", "not a readable PDF"),
        ("virus.exe", b"MZ\x90\x00binary", "not a file type we accept"),
        ("rong.pdf", b"", "is empty"),
        ("anh.png", b"\x89PNG\r\n\x1a\n broken", "not a readable image"),
    ],
)
def test_malformed_uploads_are_refused_with_a_message_a_clerk_understands(name, data, message):
    with pytest.raises(InvalidInput, match=message):
        upload_prepare([Upload(name, data)])


def test_an_encrypted_pdf_is_refused():
    import io

    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(io.BytesIO(pdf_bytes())).pages:
        writer.add_page(page)
    writer.encrypt("mat-khau")
    buffer = io.BytesIO()
    writer.write(buffer)
    with pytest.raises(InvalidInput, match="protected with a password"):
        upload_prepare([Upload("khoa.pdf", buffer.getvalue())])


def test_a_file_over_the_size_limit_is_refused(settings):
    settings.PARTYDESK_MAX_UPLOAD_MB = 1
    with pytest.raises(InvalidInput, match="larger than 1 MB"):
        upload_prepare([Upload("to.pdf", b"%PDF-1.4" + b"0" * (1024 * 1024 + 1))])


def test_a_duplicate_is_flagged_before_saving_and_can_be_confirmed(office_a):
    register(office_a)
    # Same sender, same number typed differently
    with pytest.raises(DuplicateSuspected) as caught:
        register(office_a, sender="ban tổ chức  tỉnh ủy", symbol="357 - CV/BTCTU")
    assert len(caught.value.candidates) == 1
    again = register(office_a, symbol="357-CV/BTCTU", confirm_duplicate=True)
    assert again.register_number == 2


def test_only_a_clerk_registers(office_a, alice):
    with pytest.raises(NotAllowed):
        incoming_register(actor=alice, organization=office_a.organization, fields=fields())


def test_naming_a_source_document_does_not_skip_the_clerk_check(office_a, alice):
    # Given a document registered in committee A (any document may be named as the source)
    source = register(office_a)
    # When alice, who is no clerk there, registers with that source named
    # Then she is refused, as without it
    with pytest.raises(NotAllowed):
        incoming_register(
            actor=alice,
            organization=office_a.organization,
            fields=fields(symbol="Số 999-CV/BTCTU"),
            source_document=source,
        )


def test_the_arrival_date_cannot_be_in_the_future(office_a):
    with pytest.raises(InvalidInput, match="future"):
        register(office_a, arrival_date=timezone.localdate() + dt.timedelta(days=1))


def test_an_urgent_document_notifies_the_leaders_at_once(office_a):
    document = register(office_a, urgency=2)
    notified = Notification.objects.filter(
        kind="documents.urgent", target_id=str(document.pk), urgent=True
    )
    assert office_a.secretary.pk in set(notified.values_list("recipient_id", flat=True))


def test_the_incoming_loop_assign_subassign_note_complete_and_file(office_a, tree):
    # Given a registered letter and a department of the committee
    department = make_org(
        "Ban Tổ chức Đảng ủy", parent=tree.committee_a, kind=OrganizationKind.DEPARTMENT
    )
    dept_head = make_staff("dept_head", department, "department_head")
    document = register(office_a)
    # When the secretary assigns it to the department, with the office chief co-handling
    # and the clerk informed, within 5 working days
    lead, co, info = incoming_assign(
        actor=office_a.secretary,
        document=document,
        lead=Assignee(organization=department),
        co_handlers=[Assignee(user=office_a.chief)],
        for_information=[Assignee(user=office_a.clerk)],
        instruction="Giao Ban Tổ chức chủ trì, tham mưu trả lời trước hạn.",
        working_days=5,
    )
    document.refresh_from_db()
    assert document.status == Status.ASSIGNED
    assert lead.role == AssignmentRole.LEAD
    assert lead.deadline == add_working_days(timezone.localdate(), 5)
    assert info.deadline is None
    # And the department head passes it to a specialist, within the unit's deadline
    specialist = make_staff("dept_specialist", department, "specialist")
    child = assignment_subassign(
        actor=dept_head, assignment=lead, user=specialist, instruction="Đồng chí xử lý."
    )
    document.refresh_from_db()
    assert document.status == Status.IN_PROGRESS
    assert child.parent_id == lead.pk
    # And the specialist notes and reports; the head reports the unit's lead assignment
    document_note_add(actor=specialist, document=document, text="Đã rà soát danh sách.")
    assignment_complete(actor=specialist, assignment=child, report="Đã dự thảo văn bản trả lời.")
    assignment_complete(actor=office_a.chief, assignment=co, report="Đã phối hợp.")
    assignment_complete(actor=dept_head, assignment=lead, report="Hoàn thành, đã trả lời.")
    document.refresh_from_db()
    assert document.status == Status.COMPLETED
    # Then the lead files it
    incoming_file(actor=dept_head, document=document)
    document.refresh_from_db()
    assert document.status == Status.FILED
    actions = list(document.events.values_list("action", flat=True))
    assert actions[:2] == ["registered", "assigned"]
    assert actions[-2:] == ["completed", "filed"]


def test_a_document_for_information_only_is_filed_straight_away(office_a):
    document = register(office_a)
    incoming_file(actor=office_a.clerk, document=document)
    document.refresh_from_db()
    assert document.status == Status.FILED


def test_assigning_needs_a_leader_and_a_registered_document(office_a, alice):
    document = register(office_a)
    with pytest.raises(NotAllowed):
        incoming_assign(actor=alice, document=document, lead=Assignee(user=alice))
    incoming_file(actor=office_a.clerk, document=document)
    with pytest.raises(InvalidTransition):
        incoming_assign(actor=office_a.secretary, document=document, lead=Assignee(user=alice))


def test_people_of_another_organization_cannot_be_assigned(office_a, eve):
    document = register(office_a)
    with pytest.raises(InvalidInput, match="does not work in"):
        incoming_assign(actor=office_a.secretary, document=document, lead=Assignee(user=eve))


def test_a_subassignment_cannot_outlast_the_units_deadline(office_a, alice):
    document = register(office_a)
    (lead,) = incoming_assign(
        actor=office_a.secretary,
        document=document,
        lead=Assignee(user=office_a.head),
        working_days=3,
    )
    with pytest.raises(InvalidInput, match="later than the unit's deadline"):
        assignment_subassign(actor=office_a.head, assignment=lead, user=alice, working_days=10)


def test_the_leader_can_send_handling_back(office_a, alice):
    document = register(office_a)
    (lead,) = incoming_assign(
        actor=office_a.secretary, document=document, lead=Assignee(user=alice)
    )
    assignment_complete(actor=alice, assignment=lead, report="Xong.")
    incoming_reopen(actor=office_a.secretary, document=document, reason="Bổ sung số liệu.")
    document.refresh_from_db()
    again = assignment_of(document, lead.pk)
    assert document.status == Status.IN_PROGRESS
    assert again is not None and again.status == AssignmentStatus.IN_PROGRESS


def test_only_the_assignee_completes_and_a_report_is_required(office_a, alice, bob):
    document = register(office_a)
    (lead,) = incoming_assign(
        actor=office_a.secretary, document=document, lead=Assignee(user=alice)
    )
    with pytest.raises(NotAllowed):
        assignment_complete(actor=bob, assignment=lead, report="Xong")
    with pytest.raises(InvalidInput, match="completion report"):
        assignment_complete(actor=alice, assignment=lead, report="  ")


def test_the_service_refuses_what_the_page_does_not_offer(office_a):
    """One predicate per verb: the detail page's actions and the services agree."""
    from partydesk.accounts.actor import Actor
    from partydesk.accounts.selectors import grant_list_current
    from partydesk.documents.selectors.actions import available_actions

    def viewer_for(user):  # type: ignore[no-untyped-def]
        return Actor(user=user, grants=grant_list_current(user))

    # Given a letter assigned to the department head but not yet being handled
    document = register(office_a)
    incoming_assign(actor=office_a.secretary, document=document, lead=Assignee(user=office_a.head))
    document.refresh_from_db()
    offered = available_actions(viewer_for(office_a.secretary), document, [], None)
    # Then the page offers the secretary no "send back", and the service refuses it too
    assert not offered.reopen
    with pytest.raises(InvalidInput):
        incoming_reopen(actor=office_a.secretary, document=document, reason="Làm lại.")
    # And a filed letter takes notes from nobody, leader included
    filed = register(office_a, symbol="Số 360-CV/BTCTU")
    incoming_file(actor=office_a.clerk, document=filed)
    filed.refresh_from_db()
    assert not available_actions(viewer_for(office_a.secretary), filed, [], None).note
    with pytest.raises(InvalidInput):
        document_note_add(actor=office_a.secretary, document=filed, text="Ghi chú.")


def test_a_failing_search_index_never_loses_the_registration(
    office_a, monkeypatch, django_capture_on_commit_callbacks, caplog
):
    """Side effects run after commit: when they fail, the registered document stays."""
    from partydesk.documents.models import Document
    from partydesk.documents.services import records

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("search engine down")

    monkeypatch.setattr(records, "search_index_upsert", broken)
    with django_capture_on_commit_callbacks(execute=True):
        document = register(office_a, urgency=2)
    assert Document.objects.filter(pk=document.pk, register_number=1).exists()
    assert "search engine down" in caplog.text
