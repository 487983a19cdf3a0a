"""The evaluation forms as PDF (2A, 2B, 2C by kind of person; 01 for a collective) in
Vietnamese, and their signatures through the signatures app: the person once
self-assessed, the deciding body once decided; poppler's pdftotext reads the text and
pdfsig finds both signatures valid."""

from __future__ import annotations

import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from partydesk.accounts.tests.factories import verified_client
from partydesk.assignments.models import Evaluation, EvaluationState, Klass
from partydesk.assignments.services.appeals import evaluations_publish
from partydesk.assignments.services.evaluations import (
    evaluation_advise,
    evaluation_decide,
    evaluation_self_assess,
)
from partydesk.assignments.services.form_pdf import FormLayout, render_form
from partydesk.assignments.services.form_signing import evaluation_form_sign, form_layout
from partydesk.assignments.tests.factories import act
from partydesk.core.errors import NotAllowed
from partydesk.core.services.files import file_read
from partydesk.organizations.tests.factories import make_person
from partydesk.signatures.selectors import pdf_validate

NAME = "Nguyễn Thị Hằng"


def _text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "form.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True)
    return " ".join(out.stdout.decode().split())


def _evaluation(office, form_kind: str = "2B") -> Evaluation:  # type: ignore[no-untyped-def]
    user = office.specialist
    user.person = make_person(office.organization, NAME)
    user.save(update_fields=["person"])
    e = Evaluation.objects.create(
        organization=office.organization,
        person=user,
        year=timezone.localdate().year,
        proposed_score=Decimal("80.50"),
        proposed_class=Klass.GOOD,
        record={"on_time": 9, "late": 1, "overdue": 0, "exceeding": 2, "below": 0},
    )
    return evaluation_self_assess(
        actor=act(user),
        evaluation=e,
        klass=Klass.GOOD,
        text="Hoàn thành đầy đủ nhiệm vụ được giao; còn chậm một báo cáo quý.",
        form_kind=form_kind,
    )


@pytest.mark.parametrize(
    ("kind", "says"),
    [
        ("2A", "Mẫu 2A: dùng cho cán bộ giữ chức vụ lãnh đạo, quản lý"),
        ("2B", "Mẫu 2B: dùng cho cán bộ, công chức không giữ chức vụ lãnh đạo"),
        ("2C", "Mẫu 2C: dùng cho đảng viên"),
    ],
)
def test_each_form_says_its_kind_the_name_the_period_and_the_class(office_a, tmp_path, kind, says):
    e = _evaluation(office_a, kind)
    client = verified_client(office_a.specialist)
    response = client.get(reverse("assignments:evaluation_pdf", args=[e.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = _text(response.content, tmp_path)
    assert says in text
    assert NAME in text and f"NĂM {e.year}" in text
    # Written as Vietnamese writes numbers (and as the page shows them): 80,50, not 80.50.
    assert "Hệ thống đề xuất: 80,50 điểm, Hoàn thành tốt nhiệm vụ" in text
    assert "Hoàn thành đầy đủ nhiệm vụ được giao; còn chậm một báo cáo quý." in text
    assert "NGƯỜI TỰ KIỂM ĐIỂM" in text and "(Chưa quyết định)" in text
    assert (
        verified_client(office_a.clerk)
        .get(reverse("assignments:evaluation_pdf", args=[e.pk]))
        .status_code
        == 404
    )


def test_the_person_does_not_read_the_decision_before_it_is_published(office_a, tmp_path):
    e = _evaluation(office_a)
    evaluation_advise(
        actor=act(office_a.chief), evaluation=e, score=Decimal("80.50"), klass="good", reason=""
    )
    evaluation_decide(
        actor=act(office_a.secretary),
        evaluation=e,
        score=Decimal(75),
        klass="good",
        reason="Còn chậm một báo cáo",
    )
    url = reverse("assignments:evaluation_pdf", args=[e.pk])
    mine = _text(verified_client(office_a.specialist).get(url).content, tmp_path)
    theirs = _text(verified_client(office_a.secretary).get(url).content, tmp_path)
    assert "(Chưa quyết định)" in mine and "Còn chậm một báo cáo" not in mine
    assert "Lý do điều chỉnh: Còn chậm một báo cáo" in theirs
    assert "Điểm: 80,50 Xếp loại" in theirs and "Điểm: 75,00 Xếp loại" in theirs


def test_a_long_self_assessment_keeps_the_signing_blocks_on_the_last_page(tmp_path):
    layout = FormLayout(
        form_kind="01",
        superior="Đảng bộ Khối các cơ quan tỉnh",
        agency="Đảng ủy Sở Tài chính",
        period="NĂM 2026",
        place_date="Nghệ An, ngày 05 tháng 12 năm 2026",
        facts=(("Tập thể", "Ban Tuyên giáo Đảng ủy"),),
        record=(("Nhiệm vụ đến hạn", "10"),),
        self_class="Hoàn thành nhiệm vụ",
        self_text="\n".join(f"Đoạn {n}: nội dung tự kiểm điểm của tập thể." for n in range(60)),
        advised=(),
        decided=(),
        self_title="TM. Ban Tuyên giáo Đảng ủy",
        self_name="Trần Văn Bình",
    )
    path = tmp_path / "long.pdf"
    path.write_bytes(render_form(layout))
    pages = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True).stdout
    count = int(next(x for x in pages.decode().splitlines() if x.startswith("Pages:")).split()[1])
    assert count >= 2
    last = subprocess.run(
        ["pdftotext", "-f", str(count), "-l", str(count), str(path), "-"],
        capture_output=True,
        check=True,
    ).stdout.decode()
    assert "TM. BAN TUYÊN GIÁO ĐẢNG ỦY" in last and "Trần Văn Bình" in last
    assert "Mẫu 01: dùng cho tập thể" in _text(path.read_bytes(), tmp_path)


@pytest.mark.django_db(transaction=True)
def test_the_person_and_the_deciding_body_sign_one_form_pdfsig_valid(
    office_a, signing, live_server, settings, tmp_path
):
    from partydesk.signatures.tests.test_pdfsig import _nss_trusting_our_root, _pdfsig

    assert shutil.which("pdfsig") and shutil.which("certutil"), "run scripts/system-deps.sh"
    settings.SITE_URL = live_server.url  # the certificates name our OCSP responder
    signing(people=[office_a.specialist, office_a.secretary])
    e = _evaluation(office_a)
    person, boss = act(office_a.specialist), act(office_a.secretary)
    with pytest.raises(NotAllowed):
        evaluation_form_sign(actor=boss, evaluation=e)  # not decided yet
    e = evaluation_form_sign(actor=person, evaluation=e)
    assert e.signed_state == EvaluationState.SELF_ASSESSED
    assert e.signed_pdf is not None
    assert [s.ok for s in pdf_validate(pdf=file_read(e.signed_pdf)).signatures] == [True]
    evaluation_advise(
        actor=act(office_a.chief), evaluation=e, score=Decimal("80.50"), klass="good", reason=""
    )
    e = evaluation_decide(actor=boss, evaluation=e, score=Decimal("80.50"), klass="good", reason="")
    with pytest.raises(NotAllowed):
        evaluation_form_sign(actor=person, evaluation=e)  # the result is not yet published
    evaluations_publish(actor=boss, year=e.year)
    e = Evaluation.objects.get(pk=e.pk)
    e = evaluation_form_sign(actor=person, evaluation=e)  # the published form, laid out anew
    e = evaluation_form_sign(actor=boss, evaluation=e)  # added to the same file
    assert e.signed_pdf is not None
    pdf = file_read(e.signed_pdf)
    report = pdf_validate(pdf=pdf)
    assert [s.ok for s in report.signatures] == [True, True]
    path = tmp_path / "signed.pdf"
    path.write_bytes(pdf)
    seen = _pdfsig(_nss_trusting_our_root(tmp_path / "nss"), path)
    assert seen.count("Signature is Valid.") == 2, seen
    text = _text(pdf, tmp_path)
    assert NAME in text
    assert "V. QUYẾT ĐỊNH XẾP LOẠI CỦA CẤP CÓ THẨM QUYỀN" in text
    assert "Xếp loại: Hoàn thành tốt nhiệm vụ" in text
    # What the page serves is that signed file, and the layout still matches the step
    served = verified_client(office_a.secretary).get(
        reverse("assignments:evaluation_pdf", args=[e.pk])
    )
    assert served.content == pdf
    assert form_layout(e, show_decision=True).decided
