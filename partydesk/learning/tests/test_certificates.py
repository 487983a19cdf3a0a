"""Certificates: a pass records a pending certificate that the outbox worker seals (never
the request), retried after a failure; the PDF is in Vietnamese (checked with pdftotext,
the signatures app's validator and poppler's pdfsig); issuing is idempotent; a fail earns none;
another organization's certificate routes are 404; the public verification page says valid,
then revoked, and never shows the learner's ID number or date of birth."""

from __future__ import annotations

import datetime as dt
import itertools
import re
import shutil
import subprocess
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from django.test import Client
from django.urls import reverse

from partydesk.accounts.models import User
from partydesk.accounts.selectors import actor_for
from partydesk.accounts.tests.factories import make_user
from partydesk.conftest import logged_in
from partydesk.core.errors import Conflict
from partydesk.core.http import SYSTEM
from partydesk.core.models import AuditEvent, OutboxMessage
from partydesk.core.services.outbox import outbox_deliver
from partydesk.documents.services.signing import validation_report
from partydesk.learning.formats import Answer, Item
from partydesk.learning.models import Attempt, Certificate, Exam
from partydesk.learning.selectors.exams import attempt_questions
from partydesk.learning.services.bank import category_create, question_create
from partydesk.learning.services.certificate_pdf import QR_SIZE, qr_matrix
from partydesk.learning.services.certificates import (
    SIGN_KIND,
    certificate_issue,
    certificate_sign,
    verify_url,
)
from partydesk.learning.services.exams import answer_save, attempt_start, attempt_submit
from partydesk.learning.tests.exam_setup import a_class_with, an_exam
from partydesk.organizations.models import Organization
from partydesk.organizations.tests.factories import make_member

pytestmark = pytest.mark.django_db

NAME = "Nguyễn Thị Hồng Nhung"
CITIZEN_ID = "040198004567"


@pytest.fixture(scope="module")
def rsa_keys() -> list[rsa.RSAPrivateKey]:
    return [rsa.generate_private_key(public_exponent=65537, key_size=2048) for _ in range(6)]


@pytest.fixture
def seals(rsa_keys, monkeypatch, settings, tmp_path, tree) -> Iterator[Callable[[], None]]:  # type: ignore[no-untyped-def]
    """Returns a function that sets up the installation's CA and gives committees A and B
    their seals (RSA keys from a small pool: generating them is the slow part)."""
    from partydesk.signatures import authority, pki
    from partydesk.signatures.services import ca_initialize, certificate_issue_organization

    pool = itertools.cycle(rsa_keys)
    monkeypatch.setattr(pki, "key_factory", lambda: next(pool))
    settings.PARTYDESK_CA_PASSPHRASE = "test-ca-passphrase-0123456789"
    settings.PARTYDESK_TSA_URL = ""
    settings.PARTYDESK_PADES_SEAL_LEVEL = "B-T"
    settings.SITE_URL = "http://testserver"
    settings.MEDIA_ROOT = str(tmp_path / "media")
    for org in (tree.committee_a, tree.committee_b):
        org.place_name = "Nghệ An"
        org.save(update_fields=["place_name"])

    def give() -> None:
        ca_initialize(actor=None, name="Test Installation")
        for org in (tree.committee_a, tree.committee_b):
            certificate_issue_organization(actor=None, organization=org)

    yield give
    authority._ca_keys.clear()
    authority._authorities.clear()
    authority._current_tsa.clear()


def _exam(org: Organization, user: User) -> Exam:
    category = category_create(actor=SYSTEM, organization=org, name="Điều lệ Đảng")
    for n in range(4):
        item = Item(
            "single", f"Câu {n}?", (Answer("Đúng", Decimal(100)), Answer("Sai", Decimal(0)))
        )
        question_create(actor=SYSTEM, category=category, item=item)
    course_class = a_class_with(org, [user.person])
    return an_exam(org, category, course_class, question_count=4, attempts_allowed=2)


def _learner(org: Organization, username: str = "nhung") -> User:
    person = make_member(
        org.children.first() or org,
        NAME,
        status="candidate",
        citizen_id=CITIZEN_ID,
        birth_date=dt.date(1998, 4, 7),
    )
    return make_user(username, organization=org, person=person)


def _answered(user: User, exam: Exam, *, right: bool) -> Attempt:
    actor = actor_for(user)
    attempt = attempt_start(actor=actor, exam=exam)
    for question in attempt_questions(attempt):
        pick = next(c.position for c in question.options if (c.weight == 100) == right)
        answer_save(actor=actor, attempt=attempt, slot=question.slot, chosen=[pick])
    return attempt


def _text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "certificate.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_a_pass_earns_a_sealed_certificate_the_learner_downloads(
    tree, seals, django_capture_on_commit_callbacks, tmp_path
):
    seals()
    user = _learner(tree.committee_a)
    exam = _exam(tree.committee_a, user)
    attempt = _answered(user, exam, right=True)
    client = logged_in(user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("learning:attempt_submit", args=[attempt.pk]))
    # The pass records the certificate, pending: nothing is sealed in the request.
    certificate = Certificate.objects.get(attempt=attempt)
    assert certificate.learner == user and certificate.organization == tree.committee_a
    assert certificate.status == "pending" and certificate.file is None
    result = client.get(reverse("learning:attempt_result", args=[attempt.pk]))
    assert "is being signed" in result.content.decode()
    assert client.get(reverse("learning:my_certificate", args=[attempt.pk])).status_code == 404
    assert outbox_deliver().delivered == 1  # the outbox worker seals it
    certificate.refresh_from_db()
    assert certificate.status == "signed" and certificate.signed_at is not None
    result = client.get(reverse("learning:attempt_result", args=[attempt.pk]))
    assert certificate.serial in result.content.decode()
    download = client.get(reverse("learning:my_certificate", args=[attempt.pk]))
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    pdf = download.content
    text = _text(pdf, tmp_path)
    until = f"{certificate.valid_until:%d/%m/%Y}"
    for expected in ("GIẤY CHỨNG NHẬN", NAME, certificate.serial, "Giỏi (100%)", "Nghệ An, ngày"):
        assert expected in text
    assert f"Giá trị đến ngày {until}" in text
    assert verify_url(certificate.serial) in text
    expected_qr = qr_matrix(verify_url(certificate.serial))
    assert _printed_qr(tmp_path / "certificate.pdf", len(expected_qr)) == expected_qr
    assert tree.committee_a.name.upper() in text
    report = validation_report(pdf)
    assert report["all_valid"], report
    seal = report["signatures"][0]
    assert seal["kind"] == "signature" and seal["trusted"] and seal["intact"]
    assert tree.committee_a.name in seal["signer"]
    assert AuditEvent.objects.filter(action="learning.certificate.issued").count() == 1
    assert AuditEvent.objects.filter(action="learning.certificate.signed").count() == 1
    if shutil.which("pdfsig"):
        out = subprocess.run(
            ["pdfsig", str(tmp_path / "certificate.pdf")], capture_output=True, text=True
        ).stdout
        assert "Signature is Valid." in out


def _printed_qr(pdf_path: Path, modules: int) -> list[list[bool]]:
    """The QR code's modules as printed: the page rasterized in grey at 300 dpi (poppler),
    each module's centre sampled where the layout puts the code."""
    subprocess.run(
        [
            "pdftoppm",
            "-gray",
            "-r",
            "300",
            "-singlefile",
            str(pdf_path),
            str(pdf_path.with_suffix("")),
        ],
        check=True,
    )
    data = pdf_path.with_suffix(".pgm").read_bytes()
    magic, width, height, _maxval, pixels = data.split(maxsplit=4)
    assert magic == b"P5"
    width_px, height_mm = int(width), 210.0
    dots = int(height) / height_mm
    top, left, cell = height_mm - 20 - QR_SIZE, 22.0, QR_SIZE / modules
    return [
        [
            pixels[
                int((top + (r + 0.5) * cell) * dots) * width_px
                + int((left + (c + 0.5) * cell) * dots)
            ]
            < 128
            for c in range(modules)
        ]
        for r in range(modules)
    ]


def test_the_qr_code_encodes_the_public_verification_address():
    url = verify_url("2026-ABCDEF0123")
    assert url.endswith("/learning/certificates/verify/2026-ABCDEF0123/")
    matrix = qr_matrix(url)
    # A version-4 or larger symbol: the address does not fit a smaller one at level M.
    assert len(matrix) >= 33 and all(len(row) == len(matrix) for row in matrix)


def test_issuing_twice_returns_the_same_certificate(tree, seals):
    seals()
    user = _learner(tree.committee_a)
    attempt = _answered(user, _exam(tree.committee_a, user), right=True)
    attempt_submit(actor=SYSTEM, attempt=attempt)
    first = certificate_issue(actor=SYSTEM, attempt=attempt)
    again = certificate_issue(actor=SYSTEM, attempt=attempt)
    assert first.pk == again.pk and Certificate.objects.count() == 1
    assert AuditEvent.objects.filter(action="learning.certificate.issued").count() == 1
    assert OutboxMessage.objects.filter(kind=SIGN_KIND).count() == 1
    # A message delivered twice seals once.
    signed = certificate_sign(first.pk)
    assert certificate_sign(first.pk).file_id == signed.file_id
    assert AuditEvent.objects.filter(action="learning.certificate.signed").count() == 1


def test_a_failed_attempt_gets_no_certificate(
    tree, seals, organizer, django_capture_on_commit_callbacks
):
    seals()
    user = _learner(tree.committee_a)
    attempt = _answered(user, _exam(tree.committee_a, user), right=False)
    client = logged_in(user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("learning:attempt_submit", args=[attempt.pk]))
    attempt.refresh_from_db()
    assert attempt.passed is False and not Certificate.objects.exists()
    with pytest.raises(Conflict):
        certificate_issue(actor=SYSTEM, attempt=attempt)
    assert client.get(reverse("learning:my_certificate", args=[attempt.pk])).status_code == 404
    issue = reverse("learning:certificate_issue", args=[attempt.exam_id, attempt.pk])
    logged_in(organizer).post(issue)
    assert not Certificate.objects.exists()


def test_without_a_seal_the_certificate_waits_and_is_signed_on_retry(
    tree, seals, organizer, django_capture_on_commit_callbacks, settings
):
    settings.PARTYDESK_OUTBOX_BACKOFF_SECONDS = 60
    user = _learner(tree.committee_a)
    exam = _exam(tree.committee_a, user)
    attempt = _answered(user, exam, right=True)
    with django_capture_on_commit_callbacks(execute=True):
        done = logged_in(user).post(reverse("learning:attempt_submit", args=[attempt.pk]))
    assert done.status_code == 302
    certificate = Certificate.objects.get(attempt=attempt)
    report = outbox_deliver()  # no CA, no seal: the attempt fails and is kept for later
    assert report.retried == 1 and report.delivered == 0
    certificate.refresh_from_db()
    assert certificate.status == "pending" and certificate.sign_error
    message = OutboxMessage.objects.get(kind=SIGN_KIND)
    assert message.status == "pending" and message.attempts == 1 and message.last_error
    client = logged_in(organizer)
    page = client.get(reverse("learning:exam", args=[exam.pk])).content.decode()
    assert "Being signed" in page and "Sign again now" in page
    # one line on a laptop: "2026-" / "D570384DD8" split at the hyphen at 1366 px
    assert f'<span class="nowrap">{certificate.serial}</span>' in page
    public = Client().get(reverse("learning:certificate_verify", args=[certificate.serial]))
    assert public.status_code == 404  # no paper yet: nothing to verify
    seals()
    assert outbox_deliver().delivered == 0  # the backoff has not run out yet
    client.post(reverse("learning:certificate_sign", args=[exam.pk, attempt.pk]))
    assert outbox_deliver().delivered == 1
    certificate.refresh_from_db()
    assert certificate.status == "signed" and certificate.sign_error == ""
    page = client.get(reverse("learning:exam", args=[exam.pk])).content.decode()
    assert "Being signed" not in page
    assert re.search(
        rf'<a class="nowrap" href="[^"]+" download>{re.escape(certificate.serial)}</a>', page
    )
    pdf = client.get(reverse("learning:certificate_download", args=[exam.pk, attempt.pk]))
    assert pdf.status_code == 200 and validation_report(pdf.content)["all_valid"]
    again = client.post(reverse("learning:certificate_sign", args=[exam.pk, attempt.pk]))
    assert again.status_code == 302
    assert OutboxMessage.objects.filter(kind=SIGN_KIND, status="pending").count() == 1


def test_an_organizer_issues_a_pass_that_has_no_certificate(tree, seals, organizer):
    seals()
    user = _learner(tree.committee_a)
    exam = _exam(tree.committee_a, user)
    attempt = _answered(user, exam, right=True)
    attempt_submit(actor=SYSTEM, attempt=attempt)
    Certificate.objects.all().delete()  # e.g. passed before certificates existed
    client = logged_in(organizer)
    assert (
        "Issue certificate" in client.get(reverse("learning:exam", args=[exam.pk])).content.decode()
    )
    client.post(reverse("learning:certificate_issue", args=[exam.pk, attempt.pk]))
    assert Certificate.objects.get(attempt=attempt).status == "pending"
    assert outbox_deliver().delivered == 1
    assert Certificate.objects.get(attempt=attempt).signed


def test_another_organizations_certificate_routes_are_404(tree, seals, organizer_b):
    seals()
    user = _learner(tree.committee_a)
    exam = _exam(tree.committee_a, user)
    attempt = _answered(user, exam, right=True)
    attempt_submit(actor=SYSTEM, attempt=attempt)
    outbox_deliver()
    foreign = logged_in(organizer_b)
    args = [exam.pk, attempt.pk]
    assert foreign.get(reverse("learning:certificate_download", args=args)).status_code == 404
    revoke = reverse("learning:certificate_revoke", args=args)
    assert foreign.post(revoke, {"reason": "x"}).status_code == 404
    issue = reverse("learning:certificate_issue", args=args)
    assert foreign.post(issue).status_code == 404
    sign = reverse("learning:certificate_sign", args=args)
    assert foreign.post(sign).status_code == 404
    other = logged_in(_learner_b(tree))
    assert other.get(reverse("learning:my_certificate", args=[attempt.pk])).status_code == 404
    assert Certificate.objects.get().revoked_at is None


def _learner_b(tree) -> User:  # type: ignore[no-untyped-def]
    person = make_member(tree.committee_b, "Trần Văn Bình", status="candidate")
    return make_user("binh_b", organization=tree.committee_b, person=person)


def test_the_verify_page_says_valid_then_revoked_and_shows_nothing_personal(tree, seals, organizer):
    seals()
    user = _learner(tree.committee_a)
    exam = _exam(tree.committee_a, user)
    attempt = _answered(user, exam, right=True)
    attempt_submit(actor=SYSTEM, attempt=attempt)
    outbox_deliver()
    certificate = Certificate.objects.get(attempt=attempt)
    public = Client()
    url = reverse("learning:certificate_verify", args=[certificate.serial])
    page = public.get(url)
    body = page.content.decode()
    assert page.status_code == 200 and "Valid" in body and NAME in body
    assert "<dt>Course</dt><dd>Đảng viên mới</dd>" in body  # the course's title
    for private in (CITIZEN_ID, "07/04/1998", "1998-04-07", user.username):
        assert private not in body
    client = logged_in(organizer)
    revoke = reverse("learning:certificate_revoke", args=[exam.pk, attempt.pk])
    refused = client.post(revoke, {"reason": "  "})
    assert refused.status_code == 302
    assert Certificate.objects.get().revoked_at is None
    client.post(revoke, {"reason": "Kết quả bị hủy do vi phạm quy chế thi"})
    certificate.refresh_from_db()
    assert certificate.revoked_at is not None
    event = AuditEvent.objects.get(action="learning.certificate.revoked")
    assert event.details["reason"].startswith("Kết quả")
    body = public.get(url).content.decode()
    assert "Revoked" in body and CITIZEN_ID not in body
    assert "Excellent" in body  # 100% by the course's thresholds
    assert (
        public.get(reverse("learning:certificate_verify", args=["2026-0000000000"])).status_code
        == 404
    )


def test_an_expired_certificate_verifies_as_expired(tree, seals, organizer):
    seals()
    user = _learner(tree.committee_a)
    exam = _exam(tree.committee_a, user)
    course = exam.course_class.course  # type: ignore[union-attr]
    course.good_from = Decimal(70)
    course.save(update_fields=["good_from"])
    actor = actor_for(user)
    attempt = attempt_start(actor=actor, exam=exam)
    for n, question in enumerate(attempt_questions(attempt)):  # three right of four: 75%
        pick = next(c.position for c in question.options if (c.weight == 100) == (n > 0))
        answer_save(actor=actor, attempt=attempt, slot=question.slot, chosen=[pick])
    attempt_submit(actor=actor, attempt=attempt)
    outbox_deliver()
    certificate = Certificate.objects.get(attempt=attempt)
    assert certificate.grade == "good"
    url = reverse("learning:certificate_verify", args=[certificate.serial])
    body = Client().get(url).content.decode()
    assert "Valid:" in body and "Good" in body and "Expired" not in body
    Certificate.objects.filter(pk=certificate.pk).update(
        valid_until=dt.date.today() - dt.timedelta(days=1)
    )
    body = Client().get(url).content.decode()
    assert "Expired" in body and "Valid:" not in body
