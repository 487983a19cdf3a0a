"""A peer installation delivers a signed package to POST /exchange/inbox/: it is kept once in
the recipient's inbox, and every untrusted or broken delivery is refused with JSON."""

from __future__ import annotations

import base64
import datetime as dt

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from django.test import Client
from django.urls import reverse

from partydesk.accounts.tests.factories import make_user
from partydesk.conftest import logged_in
from partydesk.core.errors import InvalidInput, NotAllowed
from partydesk.core.http import SYSTEM
from partydesk.core.models import AuditEvent
from partydesk.documents.models import Document
from partydesk.documents.tests.factories import make_staff
from partydesk.exchange.models import DeliveredPackage, OrganId, Peer, ReceivedPackage
from partydesk.exchange.services.export import package_export
from partydesk.exchange.services.inbox import package_deliver
from partydesk.exchange.services.peers import peer_save
from partydesk.exchange.services.receive import package_register
from partydesk.exchange.tests.test_packages import (  # noqa: F401
    actor_for,
    identified,
    released,
)
from partydesk.signatures.errors import SigningError
from partydesk.signatures.models import AuthorityRole, CertificateAuthority
from partydesk.signatures.services.detached import organization_seal_detached

pytestmark = pytest.mark.django_db

SENDER = "000.00.01.H40"


def make_ca(*, ca: bool = True) -> bytes:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Other Installation CA")])
    now = dt.datetime.now(dt.UTC)
    builder = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=365))
    )
    if ca:
        builder = builder.add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
    cert = builder.sign(key, hashes.SHA256())
    return cert.public_bytes(serialization.Encoding.PEM)


def our_root_pem() -> bytes:
    der = CertificateAuthority.objects.get(role=AuthorityRole.ROOT).certificate_der
    return x509.load_der_x509_certificate(bytes(der)).public_bytes(serialization.Encoding.PEM)


def trust(ca_pem: bytes, codes: tuple[str, ...] = (SENDER,)) -> Peer:
    return peer_save(
        actor=SYSTEM,
        name="Tỉnh ủy",
        base_url="https://peer.example/",
        organ_ids=codes,
        ca_certificate_pem=ca_pem,
    )


@pytest.fixture
def package(released, office_root) -> bytes:  # noqa: F811
    return package_export(actor=actor_for(office_root.clerk), document=released).data


def post(data: bytes, signature: bytes | None) -> tuple[int, dict]:  # type: ignore[type-arg]
    headers = {} if signature is None else {"X-Edxml-Signature": base64.b64encode(signature)}
    response = Client().post(
        reverse("exchange:inbox"), data, content_type="application/xml", headers=headers
    )
    return response.status_code, response.json()


def test_a_signed_package_delivered_twice_waits_once_and_registers_once(package, tree):
    # Given a peer that serves the sender, trusting the CA its seal chains to
    trust(our_root_pem())
    signature = organization_seal_detached(organization=tree.root, payload=package)

    # When it is delivered twice
    first = post(package, signature)
    second = post(package, signature)

    # Then both are accepted with the same package id, kept once for committee A
    assert first[0] == 202 and first[1]["accepted"] is True, first
    assert second == (202, {**first[1], "duplicate": True})
    delivered = DeliveredPackage.objects.get()
    assert first[1]["package_ids"] == [delivered.pk]
    assert delivered.organization == tree.committee_a
    assert AuditEvent.objects.filter(action="exchange.package.delivered").count() == 1
    # And the clerk registers it through the upload's registration, once
    clerk = actor_for(make_staff("inbox_clerk_a", tree.committee_a, "clerk"))
    for _ in range(2):
        package_register(actor=clerk, organization=tree.committee_a, data=package)
    assert ReceivedPackage.objects.count() == 1
    assert Document.objects.filter(organization=tree.committee_a).count() == 1


def test_a_broken_signature_is_refused(package, tree):
    trust(our_root_pem())
    signature = organization_seal_detached(organization=tree.root, payload=package + b" ")
    status, body = post(package, signature)
    assert status == 403 and "does not hold" in body["problems"][0]
    assert post(package, None)[0] == 401
    assert post(package, b"not a signature")[0] == 403
    assert not DeliveredPackage.objects.exists()


def test_an_unknown_sender_is_refused(package, tree):
    trust(our_root_pem(), codes=("000.09.09.H40",))
    status, body = post(
        package, organization_seal_detached(organization=tree.root, payload=package)
    )
    assert status == 403 and SENDER in body["problems"][0]
    assert not DeliveredPackage.objects.exists()


def test_a_signer_certified_by_another_ca_is_refused(package, tree):
    trust(make_ca())
    status, body = post(
        package, organization_seal_detached(organization=tree.root, payload=package)
    )
    assert status == 403 and "did not certify" in body["problems"][0]
    assert not DeliveredPackage.objects.exists()


def test_an_oversized_package_is_refused_before_reading(package, tree, settings):
    trust(our_root_pem())
    settings.PARTYDESK_EXCHANGE_MAX_PACKAGE_MB = 1
    status, body = post(b"x" * (1024 * 1024 + 1), b"sig")
    assert status == 413 and "1 MB" in body["problems"][0]


def test_malformed_xml_is_refused_with_json(package, tree):
    trust(our_root_pem())
    status, body = post(b"<MessageEnvelop><unclosed>", b"sig")
    assert status == 422 and body["accepted"] is False and body["problems"]
    assert Client().get(reverse("exchange:inbox")).status_code == 405


def test_the_directory_refuses_non_ca_and_malformed_certificates_and_non_admins(tree, signing):
    with pytest.raises(InvalidInput, match="not a certification authority"):
        trust(make_ca(ca=False))
    with pytest.raises(InvalidInput, match="not a PEM certificate"):
        trust(b"-----BEGIN CERTIFICATE-----\nnonsense\n-----END CERTIFICATE-----\n")
    clerk = actor_for(make_staff("peers_clerk", tree.root, "clerk"))
    with pytest.raises(NotAllowed):
        peer_save(
            actor=clerk,
            name="x",
            base_url="https://x.example/",
            organ_ids=[SENDER],
            ca_certificate_pem=our_root_pem(),
        )
    peer = trust(our_root_pem())
    assert list(peer.organ_ids.values_list("code", flat=True)) == [SENDER]
    with pytest.raises(InvalidInput, match="already served"):
        peer_save(
            actor=SYSTEM,
            name="Other",
            base_url="https://other.example/",
            organ_ids=[SENDER],
            ca_certificate_pem=make_ca(),
        )
    assert AuditEvent.objects.filter(action="exchange.peer.saved").count() == 1


def test_the_service_refuses_a_package_for_no_local_organization(package, tree):
    trust(our_root_pem())
    signature = organization_seal_detached(organization=tree.root, payload=package)
    OrganId.objects.filter(organization=tree.committee_a).delete()
    with pytest.raises(InvalidInput, match="no organization of this installation"):
        package_deliver(data=package, signature=signature)


def test_a_peer_that_posts_too_often_is_told_to_wait(settings):
    settings.PARTYDESK_EXCHANGE_INBOX_RATE_PER_MINUTE = 2
    statuses = [post(b"<x/>", b"sig")[0] for _ in range(3)]
    assert statuses == [422, 422, 429]


def test_the_clerk_opens_a_delivered_package_and_registers_it_through_the_upload_flow(
    package, tree
):
    trust(our_root_pem())
    post(package, organization_seal_detached(organization=tree.root, payload=package))
    delivered = DeliveredPackage.objects.get()
    clerk = logged_in(
        make_user("inbox_clerk", organization=tree.committee_a, role="clerk", two_factor=True)
    )

    listed = clerk.get(reverse("exchange:delivered"))
    assert list(listed.context["rows"]) == [delivered]
    preview = clerk.post(reverse("exchange:delivered_open", args=[delivered.pk]))
    assert preview.status_code == 200 and preview.context["preview"].problems == []
    done = clerk.post(reverse("exchange:package_register"), {"token": preview.context["token"]})
    assert done.status_code == 302
    assert ReceivedPackage.objects.get().document.organization == tree.committee_a
    # Registered, it leaves the list; another organization's clerk cannot open it
    assert list(clerk.get(reverse("exchange:delivered")).context["rows"]) == []
    other = logged_in(
        make_user("inbox_clerk_b", organization=tree.committee_b, role="clerk", two_factor=True)
    )
    assert other.post(reverse("exchange:delivered_open", args=[delivered.pk])).status_code == 404


def test_a_peer_may_be_trusted_by_its_issuing_ca_and_an_organization_without_a_seal_cannot_sign(
    package, tree
):
    issuing = CertificateAuthority.objects.get(role=AuthorityRole.ISSUING).certificate_der
    pem = x509.load_der_x509_certificate(bytes(issuing)).public_bytes(serialization.Encoding.PEM)
    trust(pem)
    signature = organization_seal_detached(organization=tree.root, payload=package)
    assert post(package, signature)[0] == 202
    with pytest.raises(SigningError, match="no active signing certificate"):
        organization_seal_detached(organization=tree.committee_b, payload=package)
