"""Prize certificates: when the last round is ranked, each prize winner's certificate is
recorded pending with its outbox message (nothing sealed then); the outbox worker seals it
with the organizer's seal (retrying while the seal is missing), the PDF says in Vietnamese
who won what, the public page checks it by serial, and organizers download it."""

from __future__ import annotations

import datetime as dt
import hashlib
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from partydesk.accounts.tests.factories import make_user
from partydesk.conftest import logged_in
from partydesk.contests import jobs
from partydesk.contests.models import PrizeCertificate, Registration, Unit
from partydesk.contests.services.certificates import verify_url
from partydesk.contests.services.setup import contest_create, round_create, unit_add
from partydesk.contests.tests.test_standings import T0, attempt
from partydesk.core.http import SYSTEM
from partydesk.core.models import AuditEvent, OutboxMessage
from partydesk.core.services.outbox import outbox_deliver
from partydesk.documents.services.signing import validation_report
from partydesk.learning.tests import test_certificates as learning_certificates

pytestmark = pytest.mark.django_db
rsa_keys = learning_certificates.rsa_keys  # the installation's CA and the committees' seals,
seals = learning_certificates.seals  # as learning's certificate tests set them up
WINNER = "Nguyễn Thị Hồng Nhung"
UNIT = "Công ty TNHH Điện tử Việt Hưng"


def _registered(unit: Unit, names: list[str], id_prefix: str) -> list[Registration]:
    return [
        Registration.objects.create(
            contest_id=unit.contest_id,
            unit=unit,
            full_name=name,
            id_number=f"{id_prefix}{n}",
            phone="0912345678",
            born_on=dt.date(1995, 4, 30),
        )
        for n, name in enumerate(names)
    ]


def _closed_contest(tree, bank_category):  # type: ignore[no-untyped-def]
    with translation.override("vi"):  # the prize tables are named in the office's language
        contest = contest_create(
            actor=SYSTEM,
            organization=tree.committee_a,
            title="Tìm hiểu Luật Phòng, chống tham nhũng",
            published=True,
        )
        round_ = round_create(
            actor=SYSTEM,
            contest=contest,
            opens_at=T0,
            closes_at=T0 + dt.timedelta(days=7),
            category_ids=[bank_category],
            question_count=2,
        )
    unit = unit_add(actor=SYSTEM, contest=contest, name=UNIT, eligible=40)
    people = _registered(unit, [WINNER, "Trần Văn Đức", "Lê Thị Ánh"], "00119001234")
    attempt(round_, people[0], 1, 2, pred=1)
    attempt(round_, people[1], 1, 1, pred=1)
    attempt(round_, people[2], 1, 0, pred=1)
    return contest, round_, people


def test_the_last_ranking_records_certificates_that_the_outbox_seals(
    tree, bank_category, seals, organizer, tmp_path
):  # type: ignore[no-untyped-def]
    contest, round_, people = _closed_contest(tree, bank_category)
    jobs.round_rank.enqueue(round_.pk, final=True)
    # Recorded with the prizes, pending: nothing laid out or sealed in the ranking.
    certificates = {c.registration_id: c for c in PrizeCertificate.objects.all()}
    # One prize each, the highest: the contest's first, the round's first passing on to
    # the next person, the contest's second to the third.
    won = {c.registration_id: (c.prize_name, c.table) for c in certificates.values()}
    assert won == {
        people[0].pk: ("Giải Nhất", "Toàn cuộc thi"),
        people[1].pk: ("Giải Nhất", "Đợt 1"),
        people[2].pk: ("Giải Nhì", "Toàn cuộc thi"),
    }
    mine = certificates[people[0].pk]
    assert mine.status == "pending" and mine.file is None and mine.full_name == WINNER
    assert OutboxMessage.objects.filter(kind="contests.certificate.sign").count() == 3
    assert AuditEvent.objects.filter(action="contests.certificate.issued").count() == 3

    # No seal yet: the worker says why on the row and keeps the message for a retry.
    report = outbox_deliver()
    assert report.delivered == 0
    mine.refresh_from_db()
    assert mine.status == "pending" and mine.sign_error

    seals()  # the committee's seal arrives; the outbox's retry seals them
    OutboxMessage.objects.update(next_attempt_at=T0)
    assert outbox_deliver().delivered == 3
    mine.refresh_from_db()
    assert mine.status == "signed" and mine.sign_error == "" and mine.file is not None
    assert AuditEvent.objects.filter(action="contests.certificate.signed").count() == 3

    client = logged_in(organizer)
    page = client.get(reverse("contests:results", args=[contest.pk])).content.decode()
    assert mine.serial in page
    download = client.get(reverse("contests:certificate_download", args=[contest.pk, mine.serial]))
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    text = learning_certificates._text(download.content, tmp_path)  # pdftotext
    for expected in (
        "GIẤY CHỨNG NHẬN",
        WINNER,
        f"Đơn vị: {UNIT}",
        "Đã đạt Giải Nhất (Toàn cuộc thi)",
        "Cuộc thi: Tìm hiểu Luật Phòng, chống tham nhũng",
        tree.committee_a.name.upper(),
        "Nghệ An, ngày",
        mine.serial,
        verify_url(mine.serial),
    ):
        assert expected in text, expected
    validity = validation_report(download.content)
    assert validity["all_valid"], validity
    assert tree.committee_a.name in validity["signatures"][0]["signer"]

    # Ranked again (a second job): nothing new is issued.
    jobs.round_rank.enqueue(round_.pk, final=True)
    assert PrizeCertificate.objects.count() == 3


def test_the_public_check_shows_a_sealed_certificate_and_nothing_else(tree, bank_category, seals):  # type: ignore[no-untyped-def]
    seals()
    contest, round_, people = _closed_contest(tree, bank_category)
    jobs.round_rank.enqueue(round_.pk, final=True)
    assert outbox_deliver().delivered == 3
    mine = PrizeCertificate.objects.get(registration=people[0])
    client = Client(HTTP_ACCEPT_LANGUAGE="vi")
    page = client.get(reverse("contests:certificate_verify", args=[mine.serial.lower()]))
    assert page.status_code == 200
    body = page.content.decode()
    assert WINNER in body and "Giải Nhất (Toàn cuộc thi)" in body and "00119001234" not in body
    assert client.get(reverse("contests:certificate_verify", args=["2026-NOPE"])).status_code == 404
    assert client.get(reverse("contests:certificate_verify", args=["x" * 40])).status_code == 404
    # The winner finds their registration again and downloads their own; nobody else can.
    mine_url = reverse("contests:my_certificate", args=[contest.pk])
    assert client.get(mine_url).status_code == 404
    found = {"id_number": people[0].id_number, "born_on": "1995-04-30"}
    client.post(reverse("contests:take", args=[contest.pk]), found)
    take = client.get(reverse("contests:take", args=[contest.pk])).content.decode()
    assert "Bạn đạt: Giải Nhất (Toàn cuộc thi)." in take and mine_url in take
    own = client.get(mine_url)
    signed = PrizeCertificate.objects.get(pk=mine.pk)
    assert own.status_code == 200 and own["Content-Type"] == "application/pdf"
    assert signed.file is not None and hashlib.sha256(own.content).hexdigest() == signed.file.sha256
    assert own["Content-Disposition"] == f'attachment; filename="giay-chung-nhan-{mine.serial}.pdf"'
    # A serial with a Vietnamese letter or a quote still names the file as the browser reads
    # it (RFC 6266, UTF-8), not a header MIME-encoded whole that no browser takes as a name.
    PrizeCertificate.objects.filter(pk=mine.pk).update(serial='Đ"2026-1')
    named = client.get(mine_url)["Content-Disposition"]
    assert named == "attachment; filename*=utf-8''giay-chung-nhan-%C4%90%222026-1.pdf"
    # Someone else's organization cannot download it.
    eve = make_user("eve", organization=tree.committee_b, role="department_head", two_factor=True)
    url = reverse("contests:certificate_download", args=[contest.pk, mine.serial])
    assert logged_in(eve).get(url).status_code == 404


def test_the_results_page_lists_certificates_by_round_prize_and_vietnamese_name(
    tree, bank_category, organizer
):  # type: ignore[no-untyped-def]
    """Issued in registration order, listed round by round (the whole contest's table
    last, as in the workbook), then by prize rank, then by name in Vietnamese order."""
    contest, r1, _people = _closed_contest(tree, bank_category)
    with translation.override("vi"):
        r2 = round_create(
            actor=SYSTEM,
            contest=contest,
            opens_at=T0 + dt.timedelta(days=7),
            closes_at=T0 + dt.timedelta(days=14),
            category_ids=[bank_category],
            question_count=2,
        )
    names = ["Ứng Văn Phúc", "Âu Thị Mai", "Bùi Văn Nam", "Ông Văn Tùng"]
    names += ["Đỗ Văn Hùng", "Dương Thị Yến", "Vũ Thị Hà", "An Văn Bình"]
    more = _registered(Unit.objects.get(contest=contest, name=UNIT), names, "00119005678")
    for n, person in enumerate(more):
        attempt(r1 if n % 2 else r2, person, 1, n % 3, pred=1, at=n)
    jobs.round_rank.enqueue(r1.pk, final=True)
    jobs.round_rank.enqueue(r2.pk, final=True)
    issued = list(PrizeCertificate.objects.order_by("pk").values_list("full_name", flat=True))
    page = logged_in(organizer).get(reverse("contests:results", args=[contest.pk])).content.decode()
    section = page.split('id="certificates"')[1].split("</table>")[0]
    listed = re.findall(
        r'data-label="Full name">([^<]+)</td>\s*<td data-label="Prize">([^<]+)</td>', section
    )
    assert listed == [
        ("Nguyễn Thị Hồng Nhung", "Giải Nhất (Đợt 1)"),
        ("Lê Thị Ánh", "Giải Nhì (Đợt 1)"),
        ("Ông Văn Tùng", "Giải Nhì (Đợt 1)"),
        ("Đỗ Văn Hùng", "Giải Nhất (Đợt 2)"),
        ("Vũ Thị Hà", "Giải Nhì (Đợt 2)"),
        ("Bùi Văn Nam", "Giải Nhất (Toàn cuộc thi)"),
        ("An Văn Bình", "Giải Nhì (Toàn cuộc thi)"),  # A, Â, D, T, Ư: not code point order
        ("Âu Thị Mai", "Giải Nhì (Toàn cuộc thi)"),
        ("Dương Thị Yến", "Giải Nhì (Toàn cuộc thi)"),
        ("Trần Văn Đức", "Giải Nhì (Toàn cuộc thi)"),
        ("Ứng Văn Phúc", "Giải Nhì (Toàn cuộc thi)"),
    ]
    assert [name for name, _prize in listed] != issued  # not the order they were issued in
