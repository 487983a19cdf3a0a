"""Prize certificates: when the last round is ranked, each prize winner's certificate is
recorded pending with its outbox message (nothing sealed then); the outbox worker seals it
with the organizer's seal (retrying while the seal is missing), the PDF says in Vietnamese
who won what, the public page checks it by serial, and organizers download it."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from partydesk.accounts.tests.factories import make_user
from partydesk.conftest import logged_in
from partydesk.contests import jobs
from partydesk.contests.models import PrizeCertificate, Registration
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
    people = [
        Registration.objects.create(
            contest=contest,
            unit=unit,
            full_name=name,
            id_number=f"00119001234{n}",
            phone="0912345678",
            born_on=dt.date(1995, 4, 30),
        )
        for n, name in enumerate([WINNER, "Trần Văn Đức", "Lê Thị Ánh"])
    ]
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
    # Someone else's organization cannot download it.
    eve = make_user("eve", organization=tree.committee_b, role="department_head", two_factor=True)
    url = reverse("contests:certificate_download", args=[contest.pk, mine.serial])
    assert logged_in(eve).get(url).status_code == 404
