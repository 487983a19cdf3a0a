"""The certificate's page as it prints: a course or contest with a long name still leaves the
place-and-date line and the signing block where the seal goes clear of the body's words
(read back with pdftotext's word boxes)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from partydesk.conftest import logged_in
from partydesk.core.services.outbox import outbox_deliver
from partydesk.learning.models import Certificate, Exam
from partydesk.learning.services.certificate_pdf import CertificateLayout, render_certificate
from partydesk.learning.tests.test_certificates import (  # noqa: F401
    _answered,
    _exam,
    _learner,
    _text,
    rsa_keys,
    seals,
)

# A course named as provinces name them: longer than a line of the page.
COURSE = (
    "Bồi dưỡng, cập nhật kiến thức cho đảng viên là cán bộ, công chức, viên chức "
    "các cơ quan Đảng tỉnh năm 2026"
)


def layout(course: str = COURSE) -> CertificateLayout:
    return CertificateLayout(
        superior="Đảng bộ tỉnh Nghệ An",
        issuer="Đảng ủy Khối các cơ quan và doanh nghiệp tỉnh",
        learner_name="Nguyễn Thị Phương Thảo",
        course_title=course,
        class_line=f"Lớp {course} khóa 11/2026 (09/11/2026 – 15/11/2026)",
        exam_title=f"Kiểm tra cuối khóa {course}",
        result_line="Kết quả: Khá (73,33%). Giá trị đến ngày 08/12/2031",
        place_date="Nghệ An, ngày 08 tháng 12 năm 2026",
        serial="2026-837C1F76A8",
        verify_url="https://partydesk.example.vn/learning/certificates/verify/2026-837C1F76A8/",
    )


WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<')


def words(pdf: bytes, tmp_path: Path) -> list[tuple[float, float, float, float, str]]:
    """Every word of the page with its box (points, from the top left)."""
    path = tmp_path / "certificate.pdf"
    path.write_bytes(pdf)
    html = subprocess.run(
        ["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return [(float(a), float(b), float(c), float(d), w) for a, b, c, d, w in WORD.findall(html)]


def overlapping(found: list[tuple[float, float, float, float, str]]) -> list[tuple[str, str]]:
    """Pairs of words whose boxes cross (printed one over the other)."""
    pairs = []
    for n, (x0, y0, x1, y1, text) in enumerate(found):
        for a0, b0, a1, b1, other in found[n + 1 :]:
            if x0 < a1 - 0.5 and a0 < x1 - 0.5 and y0 < b1 - 0.5 and b0 < y1 - 0.5:
                pairs.append((text, other))
    return pairs


def test_a_long_course_name_shrinks_the_body_rather_than_print_over_the_signing_block(
    tmp_path: Path,
):
    found = words(render_certificate(layout()), tmp_path)
    assert overlapping(found) == []
    body_end = max(y1 for _x0, _y0, _x1, y1, text in found if text == "08/12/2031")
    place = min(y0 for _x0, y0, _x1, _y1, text in found if text == "Nghệ")
    assert body_end < place
    # Every line of the body is still there, result last.
    text = " ".join(w[4] for w in found)
    assert "Kết quả: Khá (73,33%). Giá trị đến ngày 08/12/2031" in text
    assert "Nguyễn Thị Phương Thảo" in text


def test_a_short_course_keeps_the_full_size_type(tmp_path: Path):
    short = words(render_certificate(layout("Bồi dưỡng nhận thức về Đảng")), tmp_path)
    long = words(render_certificate(layout()), tmp_path)

    def name_height(found: list[tuple[float, float, float, float, str]]) -> float:
        return next(y1 - y0 for _x0, y0, _x1, y1, text in found if text == "Phương")

    assert overlapping(short) == []
    assert name_height(short) > name_height(long)  # only the long one was made smaller


@pytest.mark.django_db
def test_an_exam_outside_any_course_is_not_printed_as_a_course_completed(
    tree,
    seals,  # noqa: F811
    django_capture_on_commit_callbacks,
    tmp_path: Path,
):
    seals()
    user = _learner(tree.committee_a)
    exam = _exam(tree.committee_a, user)
    Exam.objects.filter(pk=exam.pk).update(
        course_class=None, title="Kiểm tra hiểu biết về Điều lệ Đảng"
    )
    attempt = _answered(user, exam, right=True)
    client = logged_in(user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("learning:attempt_submit", args=[attempt.pk]))
    assert outbox_deliver().delivered == 1
    pdf = client.get(reverse("learning:my_certificate", args=[attempt.pk])).content
    text = " ".join(_text(pdf, tmp_path).split())
    # The paper said "Đã hoàn thành khóa học: <the exam>" and then "Bài kiểm tra: <the
    # exam>": a course nobody took, and the title twice.
    assert "khóa học" not in text
    assert text.count("Kiểm tra hiểu biết về Điều lệ Đảng") == 1
    assert "Đã hoàn thành bài kiểm tra: Kiểm tra hiểu biết về Điều lệ Đảng" in text
    # The public check names it as the exam, not as a course (it said "Khóa học").
    verify = reverse("learning:certificate_verify", args=[Certificate.objects.get().serial])
    page = Client(HTTP_ACCEPT_LANGUAGE="vi").get(verify).content.decode()
    assert "<dt>Bài kiểm tra</dt><dd>Kiểm tra hiểu biết về Điều lệ Đảng</dd>" in page
    assert "Khóa học" not in page
