"""Statuses between installations: the recipient of a package a peer delivered reports 01
when it arrives, 03 when its clerk registers it, 04/05/06 as it is handled and 02 when the
clerk refuses it; each goes back as a signed status package through the same inbox and is
on the sender's timeline. As in test_send, the installation is its own peer behind a real
HTTP server."""

from __future__ import annotations

import base64

import pytest
from django.test import Client
from django.urls import reverse

from partydesk.conftest import logged_in
from partydesk.core.services.files import file_read
from partydesk.core.services.outbox import outbox_deliver
from partydesk.documents.keeper import assignments_of
from partydesk.documents.services.incoming import (
    Assignee,
    assignment_complete,
    document_note_add,
    incoming_assign,
)
from partydesk.exchange.edxml import (
    Organ,
    PackageRefused,
    ResponseFor,
    StatusNotice,
    package_read,
    status_read,
    status_write,
)
from partydesk.exchange.models import DeliveredPackage, OutgoingPackage, Transfer
from partydesk.exchange.services.receive import package_register
from partydesk.exchange.tests.test_packages import actor_for, identified  # noqa: F401
from partydesk.exchange.tests.test_send import BLOC, COMMITTEE_A, loopback, served  # noqa: F401
from partydesk.organizations.tests.factories import make_person
from partydesk.signatures.services.detached import organization_seal_detached

pytestmark = pytest.mark.usefixtures("identified")

MB = 1024 * 1024


@pytest.fixture
def delivered(loopback, live_server, office_root, office_a, tree, signing):  # noqa: F811
    """The Bloc's resolution released to committee A, which 'lives' at the peer: delivered
    to its inbox, 01 on its way back (by the worker)."""
    from partydesk.exchange.tests.test_send import release

    served(live_server.url)
    signing(
        people=[office_root.secretary],
        organizations=[office_root.organization, tree.committee_a],
    )
    document = release(office_root, tree, signing)
    assert OutgoingPackage.objects.get(document=document).transfer == Transfer.DELIVERED
    return document


def timeline(document) -> list[str]:  # type: ignore[no-untyped-def]
    package = OutgoingPackage.objects.get(document=document)
    return list(package.statuses.values_list("code", flat=True))


@pytest.mark.django_db(transaction=True)
def test_the_peer_reports_each_step_back_to_the_sender(delivered, office_root, office_a, tree):
    # When the worker runs, the arrival (01) goes back
    outbox_deliver()
    assert timeline(delivered) == ["01"]
    # When committee A's clerk, the account of a person, registers the package, 03 goes back
    # right away
    office_a.clerk.person = make_person(tree.committee_a, "Phạm Văn Đức")
    office_a.clerk.save(update_fields=["person"])
    kept = DeliveredPackage.objects.get()
    registered = package_register(
        actor=actor_for(office_a.clerk), organization=tree.committee_a, data=file_read(kept.package)
    )
    assert timeline(delivered) == ["01", "03"]
    # When it is assigned, worked on and completed there: 04, 05, 06
    incoming = registered.document
    incoming_assign(
        actor=office_a.secretary,
        document=incoming,
        lead=Assignee(user=office_a.specialist),
        instruction="Triển khai.",
    )
    document_note_add(actor=office_a.specialist, document=incoming, text="Đang thực hiện.")
    (lead,) = [a for a in assignments_of(incoming) if a.user_id == office_a.specialist.pk]
    assignment_complete(actor=office_a.specialist, assignment=lead, report="Đã xong.")
    assert timeline(delivered) == ["01", "03", "04", "05", "06"]
    # Then the sender's timeline names who did it over there
    package = OutgoingPackage.objects.get(document=delivered)
    assert package.status == "06"
    by = dict(package.statuses.values_list("code", "by_name"))
    assert by["03"] == "Phạm Văn Đức"  # the person's name, without the login
    assert office_a.specialist.username in by["06"]
    page = logged_in(office_root.clerk).get(reverse("exchange:statuses", args=[delivered.pk]))
    assert office_a.secretary.username in page.content.decode()
    # And a status delivered twice is recorded once
    outbox_deliver()
    assert timeline(delivered) == ["01", "03", "04", "05", "06"]


@pytest.mark.django_db(transaction=True)
def test_a_refused_package_reports_02_with_the_reason(delivered, office_a, tree):
    kept = DeliveredPackage.objects.get()
    client = logged_in(office_a.clerk)
    url = reverse("exchange:delivered_refuse", args=[kept.pk])
    assert client.post(url, {"reason": " "}).status_code == 400
    assert client.post(url, {"reason": "Không thuộc thẩm quyền."}).status_code == 302
    package = OutgoingPackage.objects.get(document=delivered)
    assert package.status == "02"
    assert package.statuses.get(code="02").reason == "Không thuộc thẩm quyền."
    # It left the clerk's list; refusing it again is refused
    assert "Không thuộc" not in client.get(reverse("exchange:delivered")).content.decode()
    assert client.post(url, {"reason": "Lần nữa."}).status_code == 400


@pytest.mark.django_db(transaction=True)
def test_a_status_for_no_package_of_ours_is_refused(delivered, live_server, tree):
    notice = StatusNotice(
        response_for=ResponseFor(BLOC, "99/NQ-ĐUK", delivered.issued_date, f"{BLOC},x,99"),
        sender=Organ(COMMITTEE_A, tree.committee_a.name),
        code="03",
        timestamp=delivered.released_at.replace(tzinfo=None, microsecond=0),
    )
    data = status_write(notice)
    signature = organization_seal_detached(organization=tree.committee_a, payload=data)
    response = Client().post(
        reverse("exchange:inbox"),
        data,
        content_type="application/xml",
        HTTP_X_EDXML_SIGNATURE=base64.b64encode(signature).decode(),
    )
    assert response.status_code == 422
    assert "No package sent from here" in response.json()["problems"][0]
    # Signed by another organization than the one it speaks for: untrusted
    forged = organization_seal_detached(organization=tree.committee_a, payload=data + b" ")
    response = Client().post(
        reverse("exchange:inbox"),
        data,
        content_type="application/xml",
        HTTP_X_EDXML_SIGNATURE=base64.b64encode(forged).decode(),
    )
    assert response.status_code == 403


def test_status_packages_round_trip_and_are_not_documents():
    import datetime as dt

    notice = StatusNotice(
        response_for=ResponseFor(BLOC, "01-NQ/ĐUK", dt.date(2026, 1, 5), f"{BLOC},2026/01/05,01"),
        sender=Organ(COMMITTEE_A, "Đảng ủy A"),
        code="02",
        timestamp=dt.datetime(2026, 1, 6, 8, 30, 0),
        description="Gửi nhầm.",
        department="Văn phòng",
        staff="Nguyễn Văn A",
    )
    data = status_write(notice)
    assert status_read(data, max_bytes=MB) == notice
    with pytest.raises(PackageRefused, match="status package"):
        package_read(data, max_bytes=MB)
    with pytest.raises(PackageRefused):
        status_read(data.replace(b"<edXML:StatusCode>02", b"<edXML:StatusCode>2x"), max_bytes=MB)
