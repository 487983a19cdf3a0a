"""Outgoing documents through the services: the Party layout, review with a return, the
signer's signature, numbering with the organization's signature, release to three grassroots
committees, the paper path of classified documents, and no unsigned release."""

from __future__ import annotations

import datetime as dt
import subprocess

import pytest
from django.utils import timezone

from partydesk.core.errors import InvalidInput, InvalidTransition, NotAllowed
from partydesk.documents.models import (
    Decision,
    Direction,
    Document,
    DocumentSettings,
    DocumentSystem,
    NumberSequence,
    Secrecy,
    SigningForm,
    Status,
    VersionKind,
)
from partydesk.documents.services.files import file_read
from partydesk.documents.services.outgoing import (
    DraftFields,
    document_archive,
    document_issue,
    document_release,
    document_sign,
    outgoing_cancel,
    outgoing_draft_create,
    outgoing_submit,
    outgoing_version_add,
    review_decide,
)
from partydesk.documents.services.render import Layout, place_date_line, render_pdf
from partydesk.documents.services.signing import validation_report
from partydesk.documents.tests.factories import doc_type, make_office, make_staff
from partydesk.organizations.models import OrganizationKind
from partydesk.organizations.tests.factories import make_org

BODY = """Căn cứ Điều lệ Đảng Cộng sản Việt Nam;
Ban Thường vụ Đảng ủy Khối quyết nghị đẩy mạnh chuyển đổi số, số hóa toàn bộ văn bản đi, đến."""


def pdftotext(data: bytes) -> str:
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=data, capture_output=True, check=True
    ).stdout.decode("utf-8")


def test_the_party_layout_renders_vietnamese_text_that_comes_back_exactly():
    layout = Layout(
        system="party",
        superior="Đảng bộ tỉnh Nghệ An",
        issuer="Đảng ủy Khối các cơ quan tỉnh",
        number_line="Số 10-NQ/ĐUK",
        place_date=place_date_line("Nghệ An", dt.date(2027, 2, 5)),
        type_name="Nghị quyết",
        subject="về tăng cường ứng dụng công nghệ thông tin",
        paragraphs=["Căn cứ Điều lệ Đảng;", "Quyết nghị: Đẩy mạnh số hóa, ký số văn bản."],
        signing_form="T/M",
        signing_collective="Ban Thường vụ",
        signer_position="Bí thư",
        signer_name="Nguyễn Thị Hường",
        recipients=["Các đảng ủy cơ sở,"],
    )
    text = pdftotext(render_pdf(layout))
    lines = {line.strip() for line in text.splitlines()}
    for expected in [
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "ĐẢNG BỘ TỈNH NGHỆ AN",
        "*",
        "Số 10-NQ/ĐUK",
        "Nghệ An, ngày 05 tháng 02 năm 2027",
        "NGHỊ QUYẾT",
        "về tăng cường ứng dụng công nghệ thông tin",
        "Căn cứ Điều lệ Đảng;",
        "Quyết nghị: Đẩy mạnh số hóa, ký số văn bản.",
        "T/M BAN THƯỜNG VỤ",
        "BÍ THƯ",
        "Nguyễn Thị Hường",
        "Nơi nhận:",
        "- Các đảng ủy cơ sở,",
        "- Lưu Văn phòng.",
    ]:
        assert expected in lines, (expected, text)


def test_the_date_line_pads_days_and_the_first_two_months():
    assert place_date_line("Hà Nội", dt.date(2018, 4, 3)) == "Hà Nội, ngày 03 tháng 4 năm 2018"
    assert place_date_line("Hạ Long", dt.date(2018, 2, 20)) == "Hạ Long, ngày 20 tháng 02 năm 2018"
    assert place_date_line("Vinh", dt.date(2027, 12, 1)) == "Vinh, ngày 01 tháng 12 năm 2027"


def draft(office, *, body=BODY, code="nghi-quyet", secrecy=0, release_to=(), file=None, **kw):  # type: ignore[no-untyped-def]
    fields = DraftFields(
        document_type=doc_type(code),
        subject=kw.pop("subject", "về đẩy mạnh chuyển đổi số trong các tổ chức đảng"),
        signer=office.secretary,
        secrecy=secrecy,
        signing_form=SigningForm.objects.get(system="party", code="T/M"),
        signing_collective="Ban Thường vụ",
        signer_position="Bí thư",
        recipients_text="Các đảng ủy cơ sở,\nThường trực Tỉnh ủy (để b/c),",
        release_to=list(release_to),
        **kw,
    )
    return outgoing_draft_create(
        actor=office.specialist,
        organization=office.organization,
        fields=fields,
        body=body if file is None else "",
        file=file,
    )


def approve_all(office, document):  # type: ignore[no-untyped-def]
    outgoing_submit(actor=office.specialist, document=document)
    review_decide(actor=office.head, document=document, decision="approve", comment="Đạt.")
    review_decide(actor=office.chief, document=document, decision="approve")
    review_decide(actor=office.secretary, document=document, decision="approve")
    document.refresh_from_db()
    return document


def clear_office(office, level: int) -> None:  # type: ignore[no-untyped-def]
    """Give the whole office (drafter, reviewers, signer, clerk) clearance up to `level`."""
    for user in (office.specialist, office.secretary, office.clerk, office.head, office.chief):
        user.clearance = level
        user.save(update_fields=["clearance"])


@pytest.fixture
def committees(tree):  # type: ignore[no-untyped-def]
    third = make_org(
        "Đảng bộ Sở Giáo dục",
        parent=tree.root,
        kind=OrganizationKind.GRASSROOTS_COMMITTEE,
        abbreviation="ĐU",
    )
    return [tree.committee_a, tree.committee_b, third]


def test_a_resolution_is_drafted_reviewed_signed_numbered_and_released(
    office_root, committees, signing, django_capture_on_commit_callbacks
):
    # Given the Bloc's office, certificates for the secretary and the Bloc's seal
    signing(people=[office_root.secretary], organizations=[office_root.organization])
    clerks = [make_staff(f"clerk{n}", org, "clerk") for n, org in enumerate(committees)]
    # When the specialist drafts a resolution in the browser and it passes the chain
    document = draft(office_root, release_to=committees)
    assert document.status == Status.DRAFT
    first = document.versions.get()
    assert first.kind == VersionKind.RENDERED
    assert "DỰ THẢO" in pdftotext(file_read(first.file))
    document = approve_all(office_root, document)
    assert document.status == Status.APPROVED
    # And the secretary signs, then the clerk numbers and issues it
    document_sign(actor=office_root.secretary, document=document)
    document.refresh_from_db()
    assert document.status == Status.SIGNED and document.digitally_signed
    document_issue(actor=office_root.clerk, document=document)
    document.refresh_from_db()
    dated = place_date_line("Nghệ An", timezone.localdate())
    # Then it carries the first resolution number of the term
    assert document.status == Status.ISSUED
    assert document.number_symbol == "Số 01-NQ/ĐUK"
    assert document.term is not None
    sealed = document.versions.filter(kind=VersionKind.SEALED).get()
    signed_text = pdftotext(file_read(sealed.file))
    # And the sealed PDF prints the register's number and the date of issue on its page
    lines = [" ".join(line.split()) for line in signed_text.splitlines()]
    assert "Số 01-NQ/ĐUK" in lines, lines[:12]
    assert dated in lines, lines[:12]
    # And filling them in the seal's revision leaves the signer's signature valid
    report = validation_report(file_read(sealed.file))
    assert report["all_valid"], report
    assert "fill in form fields" in report["signatures"][0]["modification"], report
    # When it is released, each committee finds it registered on arrival
    with django_capture_on_commit_callbacks(execute=True):  # delivery follows the commit
        recipients = document_release(actor=office_root.clerk, document=document)
    document.refresh_from_db()
    assert document.status == Status.RELEASED
    assert {r.organization_id for r in recipients} == {c.pk for c in committees}
    delivered = list(Document.objects.filter(delivery__document=document))
    assert {d.organization_id for d in delivered} == {c.pk for c in committees}
    for incoming in delivered:
        assert incoming.direction == Direction.INCOMING
        assert incoming.status == Status.REGISTERED
        assert incoming.register_number == 1
        assert incoming.number_symbol == "Số 01-NQ/ĐUK"
        assert incoming.versions.get().file_id == sealed.file_id
    assert all(c.notifications.filter(kind="documents.arrived").exists() for c in clerks)
    document_archive(actor=office_root.clerk, document=document)
    document.refresh_from_db()
    assert document.status == Status.ARCHIVED


def test_a_reviewer_returns_the_draft_with_a_reason_and_it_comes_back_in_a_new_round(
    office_root,
):
    document = draft(office_root)
    outgoing_submit(actor=office_root.specialist, document=document)
    with pytest.raises(InvalidInput, match="what must change"):
        review_decide(actor=office_root.head, document=document, decision="return")
    review_decide(
        actor=office_root.head, document=document, decision="return", comment="Bổ sung căn cứ."
    )
    document.refresh_from_db()
    assert document.status == Status.DRAFT
    assert document.review_steps.filter(decision=Decision.SKIPPED).count() == 2
    outgoing_version_add(
        actor=office_root.specialist, document=document, body=BODY + "\nBổ sung.", note="Sửa"
    )
    assert document.versions.count() == 2
    steps = outgoing_submit(actor=office_root.specialist, document=document)
    assert {s.round for s in steps} == {2}


def test_only_the_current_reviewer_decides_and_only_the_signer_signs(office_root, alice):
    document = draft(office_root)
    outgoing_submit(actor=office_root.specialist, document=document)
    with pytest.raises(NotAllowed):
        review_decide(actor=office_root.chief, document=document, decision="approve")
    with pytest.raises(NotAllowed):
        review_decide(actor=office_root.secretary, document=document, decision="approve")
    review_decide(actor=office_root.head, document=document, decision="approve")
    review_decide(actor=office_root.chief, document=document, decision="approve")
    review_decide(actor=office_root.secretary, document=document, decision="approve")
    document.refresh_from_db()
    with pytest.raises(NotAllowed):
        document_sign(actor=office_root.chief, document=document)


def test_no_unclassified_document_is_issued_or_released_unsigned(office_root, committees):
    document = approve_all(office_root, draft(office_root, release_to=committees))
    with pytest.raises(NotAllowed, match="signed it"):
        document_issue(actor=office_root.clerk, document=document)
    assert not NumberSequence.objects.filter(issuer=office_root.organization).exists()
    # Even if a row reached "issued" some other way, release refuses it
    Document.objects.filter(pk=document.pk).update(status=Status.ISSUED)
    document.refresh_from_db()
    with pytest.raises(NotAllowed, match="cannot be released without"):
        document_release(actor=office_root.clerk, document=document)
    assert not Document.objects.filter(direction=Direction.INCOMING).exists()


def test_a_failed_organization_signature_leaves_no_gap(office_root, signing):
    signing(people=[office_root.secretary])  # the Bloc has no seal certificate yet
    document = approve_all(office_root, draft(office_root))
    document_sign(actor=office_root.secretary, document=document)
    document.refresh_from_db()
    with pytest.raises(Exception, match="certificate"):
        document_issue(actor=office_root.clerk, document=document)
    document.refresh_from_db()
    assert document.status == Status.SIGNED and document.code_number == ""
    assert not NumberSequence.objects.filter(
        issuer=office_root.organization, last_number__gt=0
    ).exists()
    signing(organizations=[office_root.organization])
    document_issue(actor=office_root.clerk, document=document)
    document.refresh_from_db()
    assert document.number_symbol == "Số 01-NQ/ĐUK"


def test_a_classified_document_goes_on_paper_and_shares_its_types_sequence(
    office_root, committees, django_capture_on_commit_callbacks
):
    # Given a cleared drafter, signer and clerk
    clear_office(office_root, Secrecy.SECRET)
    recipient_clerk = make_staff("clerk_b", committees[1], "clerk", clearance=1)
    uncleared_clerk = make_staff("clerk_c", committees[2], "clerk")
    document = approve_all(
        office_root, draft(office_root, secrecy=Secrecy.SECRET, release_to=committees[1:])
    )
    # When the clerk issues it without a digital signature (paper) and releases it
    document_issue(actor=office_root.clerk, document=document)
    document.refresh_from_db()
    assert document.number_symbol == "Số 01-NQ/ĐUK"
    final = document.versions.order_by("-number").first()
    assert "Số 01-NQ/ĐUK" in pdftotext(file_read(final.file))
    with django_capture_on_commit_callbacks(execute=True):
        document_release(actor=office_root.clerk, document=document)
    delivered = list(Document.objects.filter(delivery__document=document))
    assert len(delivered) == 2
    # Then recipients get metadata only, named to their cleared clerks
    for incoming in delivered:
        assert incoming.metadata_only and not incoming.versions.exists()
    named = {r.user_id for d in delivered for r in d.readers.all()}
    assert recipient_clerk.pk in named and uncleared_clerk.pk not in named


def test_a_cell_may_not_issue_a_notice(tree):
    office = make_office(tree.cell_a1, "c")
    with pytest.raises(InvalidInput, match="may not issue"):
        draft(office, code="thong-bao")


def test_a_draft_needs_text_or_a_file_and_can_be_cancelled(office_root):
    with pytest.raises(InvalidInput, match="Write the text"):
        draft(office_root, body="  ")
    document = draft(office_root)
    with pytest.raises(InvalidInput):
        outgoing_cancel(actor=office_root.specialist, document=document, reason=" ")
    outgoing_cancel(actor=office_root.specialist, document=document, reason="Không cần nữa")
    document.refresh_from_db()
    assert document.status == Status.CANCELLED
    with pytest.raises(InvalidTransition):
        outgoing_submit(actor=office_root.specialist, document=document)


def test_state_numbering_for_an_organization_that_uses_it(tree, signing):
    office = make_office(tree.committee_b, "s")
    tree.committee_b.abbreviation = "UBND"
    tree.committee_b.save(update_fields=["abbreviation"])
    DocumentSettings.objects.create(organization=tree.committee_b, numbering_system="state")
    signing(people=[office.secretary], organizations=[tree.committee_b])
    fields = DraftFields(
        document_type=doc_type("cong-van"),
        subject="V/v báo cáo số liệu",
        signer=office.secretary,
        signing_form=SigningForm.objects.get(system="state", code="KT."),
        drafting_unit_code="VP",
    )
    letter = outgoing_draft_create(
        actor=office.specialist, organization=tree.committee_b, fields=fields, body="Kính gửi."
    )
    assert letter.system == DocumentSystem.STATE
    letter = approve_all(office, letter)
    document_sign(actor=office.secretary, document=letter)
    document_issue(actor=office.clerk, document=letter, issued_date=timezone.localdate())
    letter.refresh_from_db()
    assert letter.number_symbol == "Số: 01/UBND-VP"
