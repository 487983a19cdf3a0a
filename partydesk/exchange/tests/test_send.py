"""A release to an organization another installation serves travels as a signed package,
POSTed to the peer's inbox by the outbox (ADR 0020). The peer here is this same installation
behind a real HTTP server (pytest-django's live_server): the package crosses a socket, is
checked by the real inbox and kept once."""

from __future__ import annotations

import datetime as dt
import socket
import subprocess

import pytest
from django.urls import reverse
from django.utils import timezone

from partydesk.conftest import logged_in
from partydesk.core.errors import InvalidInput, NotAllowed
from partydesk.core.http import SYSTEM
from partydesk.core.models import OutboxMessage, OutboxStatus
from partydesk.core.services.files import file_read
from partydesk.core.services.outbox import outbox_deliver
from partydesk.documents.models import DocumentRecipient, Secrecy
from partydesk.documents.services.outgoing import document_issue, document_release, document_sign
from partydesk.documents.tests.test_outgoing import approve_all, clear_office, draft
from partydesk.exchange.edxml import package_read
from partydesk.exchange.models import DeliveredPackage, OutgoingPackage, Transfer
from partydesk.exchange.services.peers import peer_save
from partydesk.exchange.services.send import REMOTE_DELIVERY, package_send
from partydesk.exchange.tests.test_inbox import make_ca, our_root_pem
from partydesk.exchange.tests.test_packages import identified  # noqa: F401

pytestmark = pytest.mark.usefixtures("identified")

BLOC, COMMITTEE_A = "000.00.01.H40", "000.01.01.H40"


@pytest.fixture
def loopback(settings):  # type: ignore[no-untyped-def]
    settings.PARTYDESK_EXCHANGE_ALLOW_HTTP_LOOPBACK = True
    return settings


def served(url: str, codes: tuple[str, ...] = (BLOC, COMMITTEE_A), ca: bytes | None = None):  # type: ignore[no-untyped-def]
    """Committee A (and the Bloc, whose packages the inbox must trust) 'live' at `url`."""
    return peer_save(
        actor=SYSTEM,
        name="Loopback",
        base_url=url,
        organ_ids=codes,
        ca_certificate_pem=ca or our_root_pem(),
    )


def closed_port_url() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/"


def release(office_root, tree, signing):  # type: ignore[no-untyped-def]
    signing(people=[office_root.secretary], organizations=[office_root.organization])
    document = approve_all(office_root, draft(office_root, release_to=[tree.committee_a]))
    document_sign(actor=office_root.secretary, document=document)
    document_issue(actor=office_root.clerk, document=document)
    document_release(actor=office_root.clerk, document=document)  # commits: the POST follows
    document.refresh_from_db()
    return document


def package_of(document) -> OutgoingPackage:  # type: ignore[no-untyped-def]
    return OutgoingPackage.objects.select_related("package").get(document=document)


@pytest.mark.django_db(transaction=True)
def test_a_release_to_a_peer_travels_signed_and_is_kept_once(
    loopback, live_server, office_root, tree, signing, tmp_path
):
    # Given committee A is served by a peer (this installation, over a real socket)
    served(live_server.url)
    # When the Bloc's clerk releases a signed resolution to committee A
    document = release(office_root, tree, signing)
    # Then it went as a package: delivered to the peer, not registered locally
    package = package_of(document)
    assert package.transfer == Transfer.DELIVERED and package.transferred_at is not None
    assert package.edxml_document_id.startswith(f"{BLOC},")
    message = OutboxMessage.objects.get(kind=REMOTE_DELIVERY)
    assert message.status == OutboxStatus.DELIVERED
    assert message.idempotency_key == f"documents.delivery:{document.pk}:{tree.committee_a.pk}"
    assert DocumentRecipient.objects.get(document=document).delivered_id is None
    # And the peer's inbox holds it once, with the seal's signature and the sealed PDF
    kept = DeliveredPackage.objects.get()
    assert kept.organization == tree.committee_a
    assert kept.edxml_document_id == package.edxml_document_id
    received = package_read(file_read(kept.package), max_bytes=100 * 1024 * 1024)
    pdf = tmp_path / "received.pdf"
    pdf.write_bytes(received.main_pdf.data)  # type: ignore[union-attr]
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    assert document.code_number in text
    assert bytes(kept.signature) == bytes(package.signature or b"")
    # When the same message is delivered again (a worker died before recording it)
    OutgoingPackage.objects.filter(pk=package.pk).update(transfer=Transfer.SENDING)
    package_send(message)
    # Then the peer answers "duplicate" and still holds it once
    assert package_of(document).transfer == Transfer.DELIVERED
    assert DeliveredPackage.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_refusal_is_shown_to_the_clerk_who_sends_it_again(
    loopback, live_server, office_root, tree, signing
):
    # Given the peer does not trust the Bloc (it serves committee A only)
    peer = served(live_server.url, codes=(COMMITTEE_A,))
    document = release(office_root, tree, signing)
    # Then the refusal stops the message and keeps the peer's reason
    package = package_of(document)
    assert package.transfer == Transfer.REFUSED
    assert "000.00.01.H40" in package.transfer_problems[0]
    assert OutboxMessage.objects.get(kind=REMOTE_DELIVERY).status == OutboxStatus.DELIVERED
    assert not DeliveredPackage.objects.exists()
    # And the clerk sees it on the statuses page with a button to send it again
    clerk = logged_in(office_root.clerk)
    page = clerk.get(reverse("exchange:statuses", args=[document.pk])).content.decode()
    assert "000.00.01.H40" in page and "package_resend" not in page
    resend = reverse("exchange:package_resend", args=[document.pk, package.pk])
    assert f'action="{resend}"' in page
    # When the peer is fixed and the clerk sends it again
    served_url = live_server.url
    peer_save(
        actor=SYSTEM,
        name=peer.name,
        base_url=served_url,
        organ_ids=(BLOC, COMMITTEE_A),
        ca_certificate_pem=our_root_pem(),
        peer=peer,
    )
    assert clerk.post(resend).status_code == 302
    # Then it arrives
    assert package_of(document).transfer == Transfer.DELIVERED
    assert DeliveredPackage.objects.count() == 1
    # And a specialist, who does not send packages, cannot
    OutgoingPackage.objects.filter(pk=package.pk).update(transfer=Transfer.REFUSED)
    logged_in(office_root.specialist).post(resend)
    assert package_of(document).transfer == Transfer.REFUSED


@pytest.mark.django_db(transaction=True)
def test_a_peer_that_is_down_gets_the_package_from_the_worker(
    loopback, live_server, office_root, tree, signing
):
    # Given the peer is down when the document is released
    peer = served(closed_port_url())
    document = release(office_root, tree, signing)
    # Then the message waits for another try, and the clerk sees why
    package = package_of(document)
    assert package.transfer == Transfer.RETRYING and package.transfer_attempts == 1
    assert "cannot be reached" in package.transfer_error
    message = OutboxMessage.objects.get(kind=REMOTE_DELIVERY)
    assert message.status == OutboxStatus.PENDING and message.attempts == 1
    # When it is up again and the worker runs after the backoff
    peer_save(
        actor=SYSTEM,
        name=peer.name,
        base_url=live_server.url,
        organ_ids=(BLOC, COMMITTEE_A),
        ca_certificate_pem=our_root_pem(),
        peer=peer,
    )
    report = outbox_deliver(now=timezone.now() + dt.timedelta(hours=1))
    # Then the package is delivered, once, with the bytes signed the first time
    assert report.delivered >= 1
    assert package_of(document).transfer == Transfer.DELIVERED
    assert DeliveredPackage.objects.get().package_id == package.package_id


@pytest.mark.django_db
def test_a_classified_document_is_refused_on_a_route_to_a_peer(loopback, office_root, tree):
    served("https://peer.example/", ca=make_ca())
    clear_office(office_root, Secrecy.SECRET)
    document = approve_all(
        office_root, draft(office_root, secrecy=Secrecy.SECRET, release_to=[tree.committee_a])
    )
    document_issue(actor=office_root.clerk, document=document)
    with pytest.raises(NotAllowed, match="Classified documents never leave"):
        document_release(actor=office_root.clerk, document=document)
    assert not OutboxMessage.objects.filter(kind=REMOTE_DELIVERY).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("allow", "url", "accepted"),
    [
        (False, "http://127.0.0.1:8001/", False),
        (True, "http://127.0.0.1:8001/", True),
        (True, "http://localhost:8001/", True),
        (True, "http://peer.example/", False),
        (True, "http://10.0.0.5/", False),
        (False, "https://peer.example/", True),
        (False, "ftp://peer.example/", False),
    ],
)
def test_plain_http_only_to_loopback_and_only_when_allowed(settings, tree, allow, url, accepted):
    settings.PARTYDESK_EXCHANGE_ALLOW_HTTP_LOOPBACK = allow
    if accepted:
        assert served(url, ca=make_ca()).base_url == url
    else:
        with pytest.raises(InvalidInput, match="https://"):
            served(url, ca=make_ca())
