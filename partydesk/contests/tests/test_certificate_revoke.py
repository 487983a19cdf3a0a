"""Revoking a prize certificate: an organizer who manages contests revokes a sealed one with
a reason, after a page that shows what is revoked and asks for the reason (the
confirmation); the public check then says it is revoked, when and why, and no longer valid;
the holder is notified; another organization's certificate is a 404."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from partydesk.accounts.tests.factories import make_user
from partydesk.conftest import logged_in
from partydesk.contests.models import PrizeCertificate, Registration, Unit
from partydesk.contests.services.setup import contest_create
from partydesk.core.http import SYSTEM
from partydesk.core.models import AuditEvent, Notification
from partydesk.core.services.files import file_store

pytestmark = pytest.mark.django_db
REASON = "Người đạt giải bị truất quyền do thi hộ"


@pytest.fixture
def sealed(tree) -> PrizeCertificate:  # type: ignore[no-untyped-def]
    """A sealed prize certificate of committee A's contest, held by a member who registered
    with their login (the seal itself is tested in test_certificates)."""
    contest = contest_create(
        actor=SYSTEM, organization=tree.committee_a, title="Tìm hiểu Luật PCTN", published=True
    )
    holder = make_user("holder", organization=tree.committee_a)
    registration = Registration.objects.create(
        contest=contest,
        unit=Unit.objects.filter(contest=contest)[0],
        user=holder,
        full_name="Nguyễn Thị Hồng Nhung",
        id_number="001190012345",
        phone="0912345678",
        born_on=dt.date(1995, 4, 30),
    )
    now = timezone.now()
    return PrizeCertificate.objects.create(
        serial="2026-ABCDE12345",
        contest=contest,
        registration=registration,
        organization=tree.committee_a,
        full_name=registration.full_name,
        unit_name=registration.unit.name,
        prize_name="Giải Nhất",
        table="Toàn cuộc thi",
        issued_at=now,
        status="signed",
        file=file_store(data=b"%PDF-1.7 sealed", content_type="application/pdf"),
        signed_at=now,
    )


def _revoke_url(certificate: PrizeCertificate) -> str:
    return reverse("contests:certificate_revoke", args=[certificate.contest_id, certificate.serial])


def test_an_organizer_revokes_after_confirming_and_the_public_check_says_so(
    tree, organizer, sealed
):  # type: ignore[no-untyped-def]
    public = Client(HTTP_ACCEPT_LANGUAGE="vi")
    check = reverse("contests:certificate_verify", args=[sealed.serial])
    assert "Đã thu hồi" not in public.get(check).content.decode()
    client = logged_in(organizer)
    results = client.get(reverse("contests:results", args=[sealed.contest_id])).content.decode()
    assert _revoke_url(sealed) in results

    # The confirmation page shows what is revoked and asks for the reason; nothing yet.
    page = client.get(_revoke_url(sealed))
    assert page.status_code == 200 and sealed.full_name in page.content.decode()
    assert PrizeCertificate.objects.get().revoked_at is None

    # No reason (spaces only): refused on the form, nothing changed.
    refused = client.post(_revoke_url(sealed), {"reason": "   "})
    assert refused.status_code == 400
    assert PrizeCertificate.objects.get().revoked_at is None
    too_long = client.post(_revoke_url(sealed), {"reason": "x" * 501})
    assert too_long.status_code == 400

    done = client.post(_revoke_url(sealed), {"reason": f"  {REASON}\n"})
    assert done.status_code == 302
    revoked = PrizeCertificate.objects.get()
    assert revoked.revoked_reason == REASON and revoked.revoked_by == organizer
    event = AuditEvent.objects.get(action="contests.certificate.revoked")
    assert event.details == {"serial": sealed.serial, "reason": REASON}
    assert event.actor_id == organizer.pk
    note = Notification.objects.get(kind="contests.certificate.revoked")
    assert note.recipient == sealed.registration.user and note.body == REASON
    assert note.url == check

    body = public.get(check).content.decode()
    assert "không còn giá trị" in body and REASON in body
    assert timezone.localtime(revoked.revoked_at).strftime("%d/%m/%Y") in body
    assert "Còn hiệu lực" not in body

    # Twice: refused, the first reason kept; the holder cannot download it any more.
    again = client.post(_revoke_url(sealed), {"reason": "Khác"})
    assert again.status_code == 409
    assert PrizeCertificate.objects.get().revoked_reason == REASON
    holder = logged_in(sealed.registration.user)
    mine = reverse("contests:my_certificate", args=[sealed.contest_id])
    assert holder.get(mine).status_code == 404


def test_only_the_contests_own_managers_revoke(tree, sealed):  # type: ignore[no-untyped-def]
    eve = make_user("eve", organization=tree.committee_b, role="department_head", two_factor=True)
    foreign = logged_in(eve)
    assert foreign.get(_revoke_url(sealed)).status_code == 404
    assert foreign.post(_revoke_url(sealed), {"reason": REASON}).status_code == 404
    viewer = make_user("viewer", organization=tree.committee_a, role="secretary", two_factor=True)
    assert logged_in(viewer).post(_revoke_url(sealed), {"reason": REASON}).status_code == 403
    # A serial that is not this contest's sealed certificate is a 404.
    url = reverse("contests:certificate_revoke", args=[sealed.contest_id, "2026-NOPE"])
    assert (
        logged_in(
            make_user(
                "org2", organization=tree.committee_a, role="department_head", two_factor=True
            )
        )
        .get(url)
        .status_code
        == 404
    )
    assert PrizeCertificate.objects.get().revoked_at is None
    assert not AuditEvent.objects.filter(action="contests.certificate.revoked").exists()


def test_a_taker_without_an_account_is_revoked_without_a_notification(organizer, sealed):  # type: ignore[no-untyped-def]
    Registration.objects.filter(pk=sealed.registration_id).update(user=None)
    client = logged_in(organizer)
    assert client.post(_revoke_url(sealed), {"reason": REASON}).status_code == 302
    assert PrizeCertificate.objects.get().revoked
    assert not Notification.objects.exists()
