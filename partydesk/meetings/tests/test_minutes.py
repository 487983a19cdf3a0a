"""Closing a meeting freezes it; the minutes are generated from it, edited by the secretary
(sanitized), rendered in the Party layout and filed in the documents app's register, whose
page links back to the meeting; the secretary co-signs them and the chair signs. The filed
PDF is read back with pdftotext, the signed one checked by poppler's pdfsig too."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import unicodedata

import pytest
from django.urls import reverse
from django.utils import timezone

from partydesk.accounts.selectors import actor_for
from partydesk.conftest import logged_in
from partydesk.core.errors import NotAllowed
from partydesk.core.http import SYSTEM
from partydesk.core.models import AuditEvent
from partydesk.core.services.files import file_read
from partydesk.documents.models import Document, Status
from partydesk.documents.selectors.access import document_get_for
from partydesk.documents.selectors.cosigners import co_signers_of
from partydesk.documents.selectors.files import version_get_for
from partydesk.documents.services.outgoing import (
    document_cosign,
    document_issue,
    document_sign,
    outgoing_submit,
    review_decide,
)
from partydesk.documents.services.outgoing._versions import latest_version
from partydesk.documents.tests.factories import make_staff, make_term
from partydesk.meetings.models import Meeting, Minutes, Participant, Vote
from partydesk.meetings.services.agenda import agenda_item_add
from partydesk.meetings.services.attendance import check_in_by_host, site_count_report
from partydesk.meetings.services.conclusions import conclusion_add, conclusion_edit
from partydesk.meetings.services.invitations import invitation_answer
from partydesk.meetings.services.meetings import meeting_close
from partydesk.meetings.services.minutes import minutes_file, minutes_save
from partydesk.meetings.services.votes import vote_cast, vote_hands_record, vote_open
from partydesk.meetings.tests.conftest import schedule
from partydesk.signatures.selectors import pdf_validate

pytestmark = pytest.mark.django_db

TITLE = "Hội nghị Ban Chấp hành Đảng bộ lần thứ 7"
ONE_MINUTE = dt.timedelta(minutes=1)
CONCLUSION = "Giao Ban Tuyên giáo tổ chức học tập Nghị quyết trước ngày 30 tháng 6."


@pytest.fixture
def chair(tree):  # type: ignore[no-untyped-def]
    return make_staff("chutri", tree.committee_a, "secretary")


@pytest.fixture
def clerk(tree):  # type: ignore[no-untyped-def]
    """The meeting's secretary: an office specialist, who may draft documents."""
    return make_staff("thuky", tree.committee_a, "specialist")


@pytest.fixture
def held(tree, chair, clerk, bob, organizer) -> Meeting:  # type: ignore[no-untyped-def]
    """A meeting under way: two of three members checked in, one apologised, an item
    voted by a show of hands, one conclusion."""
    now = timezone.now().replace(microsecond=0)
    meeting = schedule(
        tree.committee_a,
        title=TITLE,
        starts_at=now - dt.timedelta(minutes=30),
        ends_at=now + dt.timedelta(hours=2),
        sites=["Điểm cầu Huyện Nam Đàn"],
        chair=chair,
        secretary=clerk,
        members=[bob],
        confidential=False,  # the organizer, not invited, sees it
    )
    main = meeting.sites.get(is_main=True)
    for user in (chair, clerk):
        row = Participant.objects.get(meeting=meeting, user=user)
        check_in_by_host(actor=SYSTEM, site=main, participant=row)
    Participant.objects.filter(meeting=meeting, user=bob).update(
        response="apology", apology_reason="Đi công tác"
    )
    site_count_report(actor=SYSTEM, site=main, count=41)
    item = agenda_item_add(actor=SYSTEM, meeting=meeting, title="Công tác cán bộ", presenter=chair)
    vote = vote_open(actor=SYSTEM, item=item, question="Thông qua đề án?", method="hands")
    vote_hands_record(actor=SYSTEM, vote=vote, for_=2, against=0, abstain=0)
    conclusion_add(actor=SYSTEM, meeting=meeting, text=CONCLUSION, item=item)
    return meeting


def test_closing_freezes_the_meeting_and_hides_its_buttons(held, organizer, clerk):
    detail = reverse("meetings:detail", args=[held.pk])
    page = logged_in(organizer).get(detail).content.decode()
    assert reverse("meetings:close", args=[held.pk]) in page and "Add an agenda item" in page
    with pytest.raises(NotAllowed):  # the secretary does not close, the organizer does
        meeting_close(actor=actor_for(clerk), meeting=held)
    open_vote = vote_open(
        actor=SYSTEM, item=held.items.get(), question="Biểu quyết mở?", method="electronic"
    )
    response = logged_in(organizer).post(reverse("meetings:close", args=[held.pk]))
    assert response.status_code == 302
    held.refresh_from_db()
    assert held.closed_at is not None
    assert AuditEvent.objects.filter(action="meetings.meeting.closed").count() == 1
    open_vote.refresh_from_db()
    assert open_vote.closed_at is not None  # an open vote closes with the meeting
    item = held.items.get()
    refusals = {
        "agenda": lambda: agenda_item_add(actor=SYSTEM, meeting=held, title="Thêm"),
        "attendance": lambda: site_count_report(
            actor=SYSTEM, site=held.sites.get(is_main=True), count=3
        ),
        "votes": lambda: vote_open(actor=SYSTEM, item=item, question="?", method="hands"),
        "conclusions": lambda: conclusion_add(actor=SYSTEM, meeting=held, text="Thêm"),
    }
    for what, attempt in refusals.items():
        with pytest.raises(NotAllowed) as refused:
            attempt()
        assert f"its {what} can no longer change" in str(refused.value.message)
    with pytest.raises(NotAllowed):
        conclusion_edit(actor=SYSTEM, conclusion=held.conclusions.get(), text="Sửa")
    with pytest.raises(NotAllowed):
        vote_cast(actor=SYSTEM, vote=Vote.objects.get(pk=open_vote.pk), choice="for")
    page = logged_in(organizer).get(detail).content.decode()
    assert reverse("meetings:close", args=[held.pk]) not in page
    assert "Add an agenda item" not in page and "Correct the wording" not in page
    assert "Put a question to the vote" not in page and "Record a conclusion" not in page
    vi = logged_in(organizer).get(detail, HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "Đã kết thúc" in vi
    again = logged_in(organizer).post(reverse("meetings:close", args=[held.pk]), follow=True)
    assert "already closed" in again.content.decode()
    # An invitee no longer answers a closed meeting (the form is gone, the service refuses).
    assert (
        reverse("meetings:answer", args=[held.pk])
        not in logged_in(clerk).get(detail).content.decode()
    )
    with pytest.raises(NotAllowed, match="answers are no longer taken"):
        invitation_answer(actor=actor_for(clerk), meeting=held, attend=True)


def test_a_close_recorded_afterwards_carries_its_time(held, organizer):
    """An organizer recording the close later dates it (and the votes it closes) when the
    meeting ended; never before it started."""
    with pytest.raises(NotAllowed, match="once it has started"):
        meeting_close(actor=actor_for(organizer), meeting=held, now=held.starts_at - ONE_MINUTE)
    open_vote = vote_open(actor=SYSTEM, item=held.items.get(), question="?", method="electronic")
    meeting_close(actor=actor_for(organizer), meeting=held, now=held.ends_at)
    held.refresh_from_db()
    open_vote.refresh_from_db()
    assert held.closed_at == open_vote.closed_at == held.ends_at


def test_the_secretary_edits_the_generated_minutes_sanitized(held, organizer, clerk, bob):
    page = reverse("meetings:minutes", args=[held.pk])
    with pytest.raises(NotAllowed):  # not before the meeting is closed
        minutes_save(actor=actor_for(clerk), meeting=held, body="Văn bản")
    meeting_close(actor=actor_for(organizer), meeting=held)
    assert logged_in(bob).get(page).status_code == 403  # a member reads the filed document
    generated = logged_in(clerk).get(page).content.decode()
    assert "Đảng viên được triệu tập: 3; có mặt: 2; vắng mặt: 1" in generated
    assert "Đi công tác" in generated and CONCLUSION in generated
    assert "tán thành 2" in generated and "Điểm cầu Huyện Nam Đàn" in generated
    with pytest.raises(NotAllowed):  # the organizer reads, the secretary writes
        minutes_save(actor=actor_for(organizer), meeting=held, body="Văn bản")
    empty = logged_in(clerk).post(page, {"body": "<b> </b>"})
    assert empty.status_code == 400 and "The minutes are empty." in empty.content.decode()
    typed = "Mở đầu <script>alert(1)</script>\n\n<b>Kết luận</b> đã thống nhất."
    assert logged_in(clerk).post(page, {"body": typed}).status_code == 302
    assert Minutes.objects.get(meeting=held).body == "Mở đầu\nKết luận đã thống nhất."
    assert AuditEvent.objects.filter(action="meetings.minutes.edited").count() == 1
    vi = logged_in(clerk).get(page, HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "Nộp vào sổ văn bản" in vi


def _pdftotext(data: bytes, tmp_path) -> str:  # type: ignore[no-untyped-def]
    path = tmp_path / "minutes.pdf"
    path.write_bytes(data)
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True)
    return " ".join(unicodedata.normalize("NFC", out.stdout.decode()).split())


def test_the_minutes_are_filed_in_the_register_and_link_back(
    held, organizer, clerk, chair, tmp_path
):
    meeting_close(actor=actor_for(organizer), meeting=held)
    draft_pdf = logged_in(clerk).get(reverse("meetings:minutes_pdf", args=[held.pk])).content
    assert "DỰ THẢO" in _pdftotext(draft_pdf, tmp_path)  # until filed, marked as a draft
    response = logged_in(clerk).post(reverse("meetings:minutes_file", args=[held.pk]))
    assert response.status_code == 302
    minutes = Minutes.objects.get(meeting=held)
    assert minutes.document_id is not None and minutes.filed_at is not None
    document = document_get_for(actor_for(chair), minutes.document_id)
    assert (document.document_type.code, document.signer, document.status) == (
        "bien-ban",
        chair,
        "draft",
    )
    assert [c.user for c in co_signers_of(document)] == [clerk]  # before the chair
    text = _pdftotext(file_read(version_get_for(document, 1).file), tmp_path)
    assert "BIÊN BẢN" in text and TITLE in text and CONCLUSION in text
    assert "có mặt: 2; vắng mặt: 1" in text and "cần: 2; đủ số lượng" in text
    assert "THƯ KÝ" in text and "CHỦ TRÌ" in text
    # Once filed, the minutes are their document: "See the PDF" no longer hands out an
    # unsigned, unnumbered copy without its draft mark, it leads to the document.
    pdf_url = reverse("meetings:minutes_pdf", args=[held.pk])
    page = logged_in(clerk).get(reverse("meetings:minutes", args=[held.pk])).content.decode()
    assert pdf_url not in page
    assert logged_in(clerk).get(pdf_url)["Location"] == reverse(
        "documents:detail", args=[document.pk]
    )
    with pytest.raises(NotAllowed):  # filed once; later changes go through the document
        minutes_file(actor=actor_for(clerk), meeting=held)
    with pytest.raises(NotAllowed):
        minutes_save(actor=actor_for(clerk), meeting=held, body="Sửa lại")
    assert AuditEvent.objects.filter(action="meetings.minutes.filed").count() == 1
    detail = logged_in(chair).get(reverse("meetings:detail", args=[held.pk])).content.decode()
    document_url = reverse("documents:detail", args=[document.pk])
    assert document_url in detail
    back = logged_in(chair).get(document_url).content.decode()
    assert reverse("meetings:detail", args=[held.pk]) in back and "Minutes of a meeting" in back


def _signing_blocks(pdf: bytes):  # type: ignore[no-untyped-def]
    """The last page's width, where its block headings are, and its signature widgets."""
    import io

    from pypdf import PdfReader

    page = PdfReader(io.BytesIO(pdf)).pages[-1]
    found: dict[str, tuple[float, float]] = {}

    def visit(text, cm, tm, *_args):  # type: ignore[no-untyped-def]
        line = unicodedata.normalize("NFC", text).strip()
        if line in ("THƯ KÝ", "CHỦ TRÌ CUỘC HỌP"):
            found[line.removesuffix(" CUỘC HỌP")] = (tm[4] * cm[0] + cm[4], tm[5] * cm[3] + cm[5])

    page.extract_text(visitor_text=visit)
    rects = {
        str(a.get_object()["/T"]): tuple(float(v) for v in a.get_object()["/Rect"])
        for a in page.get("/Annots", [])
        if a.get_object().get("/FT") == "/Sig"
    }
    return float(page.mediabox.width), found, rects


@pytest.mark.django_db(transaction=True)
def test_the_secretary_then_the_chair_sign_the_minutes_and_pdfsig_accepts_both(
    held, organizer, clerk, chair, signing, live_server, settings, tmp_path
):
    from partydesk.signatures.tests.test_pdfsig import _nss_trusting_our_root, _pdfsig

    assert shutil.which("pdfsig"), "run scripts/system-deps.sh"
    settings.SITE_URL = live_server.url  # the certificates name our OCSP responder
    signing(people=[clerk, chair], organizations=[held.organization])
    head = make_staff("truongban", held.organization, "department_head")
    office = make_staff("vanthu", held.organization, "clerk")
    make_term(held.organization)
    meeting_close(actor=actor_for(organizer), meeting=held)
    document = minutes_file(actor=actor_for(clerk), meeting=held)
    outgoing_submit(actor=clerk, document=document)
    for reviewer in (head, organizer, chair):
        review_decide(actor=reviewer, document=document, decision="approve")
    with pytest.raises(Exception, match="co-signers sign first"):
        document_sign(actor=chair, document=document)
    document_cosign(actor=clerk, document=document)
    document_sign(actor=chair, document=document)

    signed = Document.objects.get(pk=document.pk)
    assert signed.status == Status.SIGNED
    latest = latest_version(signed)
    assert latest is not None
    pdf = file_read(latest.file)
    report = pdf_validate(pdf=pdf)
    assert report.all_valid and [s.signer for s in report.signatures] == ["thuky", "chutri"]
    # Each signature sits in its block: under its heading, in its half of the page.
    fields = {s.signer: s.field_name for s in report.signatures}
    widths, headings, rects = _signing_blocks(pdf)
    for signer, heading in (("thuky", "THƯ KÝ"), ("chutri", "CHỦ TRÌ")):
        x0, _y0, x1, y1 = rects[fields[signer]]
        hx, hy = headings[heading]
        assert (x0 + x1) / 2 < widths / 2 if signer == "thuky" else (x0 + x1) / 2 > widths / 2
        assert x0 <= hx + 40 and hx - 40 <= x1 and 0 < hy - y1 < 30, (signer, rects, headings)
    path = tmp_path / "bien-ban.pdf"
    path.write_bytes(pdf)
    theirs = _pdfsig(_nss_trusting_our_root(tmp_path / "nss"), path)
    assert theirs.count("Signature is Valid.") == 2, theirs
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True)
    assert TITLE in " ".join(text.stdout.decode().split())
    # The office numbers them: the sealed minutes print their number, both signatures hold.
    document_issue(actor=office, document=signed)
    issued = Document.objects.get(pk=document.pk)
    sealed = file_read(latest_version(issued).file)  # type: ignore[union-attr]
    assert pdf_validate(pdf=sealed).all_valid
    assert f"Số {issued.symbol}" in _pdftotext(sealed, tmp_path), issued.symbol
