"""Keys on tokens: the server's own PKCS#11 device, and the signer's USB token signing
through the API ("interrupted signing"), both tested against SoftHSM2."""

from __future__ import annotations

import datetime as dt
import io
import itertools
import json
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from django.test import Client

from partydesk.accounts.services.tokens import api_token_create
from partydesk.accounts.tests.factories import make_user
from partydesk.core.errors import NotFound
from partydesk.core.models import AuditEvent
from partydesk.signatures import authority
from partydesk.signatures.errors import SigningError
from partydesk.signatures.models import TokenSession
from partydesk.signatures.selectors import pdf_validate
from partydesk.signatures.services import (
    certificate_issue_personal,
    certificate_register_token,
    pdf_sign_organization,
    pdf_sign_personal,
    token_session_complete,
    token_session_prepare,
)
from partydesk.signatures.tests import softhsm
from partydesk.signatures.tests.conftest import personal_certificate
from partydesk.signatures.token_client import (
    TokenClientError,
    TokenKey,
    sign_pdf_with_token,
)

pytestmark = pytest.mark.django_db
_labels = itertools.count(1)


@pytest.fixture(scope="session")
def hsm(tmp_path_factory) -> softhsm.SoftHsm:  # type: ignore[no-untyped-def]
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return softhsm.start(tmp_path_factory.mktemp("softhsm"), key)


def _csr(key: rsa.RSAPrivateKey) -> bytes:
    return (
        x509.CertificateSigningRequestBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "token")]))
        .sign(key, hashes.SHA256())
        .public_bytes(serialization.Encoding.PEM)
    )


@pytest.fixture
def token_holder(tree, ca, hsm):  # type: ignore[no-untyped-def]
    """A secretary whose certificate was issued for the key on their token."""
    user = make_user("tokenuser", organization=tree.committee_a, role="secretary", two_factor=True)
    record = certificate_issue_personal(actor=None, user=user, csr=_csr(hsm.key))
    label = f"cert{next(_labels)}"
    hsm.write_certificate(bytes(record.certificate_der), label)
    return user, TokenKey(
        module=hsm.module,
        token_label=softhsm.TOKEN_LABEL,
        pin=softhsm.USER_PIN,
        key_label=softhsm.KEY_LABEL,
        cert_label=label,
    )


class DjangoTransport:
    """The token client's transport over Django's test client, with a bearer API token."""

    def __init__(self, user) -> None:  # type: ignore[no-untyped-def]
        _row, raw = api_token_create(user=user, name="token client")
        self.client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")

    def post_form(
        self, path: str, fields: dict[str, str], files: dict[str, tuple[str, bytes]]
    ) -> dict[str, Any]:
        from django.core.files.uploadedfile import SimpleUploadedFile

        data: dict[str, Any] = dict(fields)
        for name, (filename, content) in files.items():
            data[name] = SimpleUploadedFile(filename, content, content_type="application/pdf")
        response = self.client.post(path, data)
        if response.status_code != 200:
            raise TokenClientError(f"{response.status_code}: {response.content[:300]!r}")
        return dict(response.json())

    def post_json(self, path: str, payload: dict[str, Any]) -> bytes:
        response = self.client.post(path, json.dumps(payload), content_type="application/json")
        if response.status_code != 200:
            raise TokenClientError(f"{response.status_code}: {response.content[:300]!r}")
        return bytes(response.content)


@pytest.mark.parametrize("prehashed", [False, True], ids=["hash-on-token", "prehashed"])
def test_round_trip_through_the_api_with_the_key_on_softhsm(token_holder, pdf_bytes, prehashed):
    user, key = token_holder

    signed = sign_pdf_with_token(DjangoTransport(user), key, pdf_bytes, prehashed=prehashed)

    report = pdf_validate(pdf=signed)
    assert report.all_valid, report
    sig = report.signatures[0]
    assert sig.field_name == "PD_Personal_1" and sig.level == "B-T" and sig.timestamp_trusted
    assert AuditEvent.objects.filter(
        action="signatures.pdf.signed_personal", details__method="token"
    ).exists()
    assert TokenSession.objects.get().completed_at is not None


def test_then_the_clerk_seals_on_a_token_too(token_holder, clerk, tree, pdf_bytes):
    user, key = token_holder
    personal = sign_pdf_with_token(DjangoTransport(user), key, pdf_bytes)
    sealed = pdf_sign_organization(
        actor=clerk, organization=tree.committee_a, pdf=personal, number_symbol="5-QĐ/ĐU"
    )
    assert pdf_validate(pdf=sealed).all_valid


def test_a_signature_from_another_key_is_refused_and_nothing_is_signed(
    token_holder, pdf_bytes, rsa_keys
):
    user, _key = token_holder
    challenge = token_session_prepare(actor=user, pdf=pdf_bytes)
    from cryptography.hazmat.primitives.asymmetric import padding

    forged = rsa_keys[0].sign(challenge.signed_attributes, padding.PKCS1v15(), hashes.SHA256())
    with pytest.raises(SigningError, match="does not match"):
        token_session_complete(
            actor=user,
            session_id=challenge.session_id,
            signature_value=forged,
            certificate=challenge.certificate_der,
        )
    assert TokenSession.objects.get().completed_at is None


def test_the_certificate_must_be_the_registered_one(token_holder, pdf_bytes, signer):
    user, _key = token_holder
    other = bytes(personal_certificate(signer).certificate_der)
    with pytest.raises(SigningError, match="not the one registered"):
        token_session_prepare(actor=user, pdf=pdf_bytes, certificate=other)
    challenge = token_session_prepare(actor=user, pdf=pdf_bytes)
    with pytest.raises(SigningError, match="not the one the document was prepared for"):
        token_session_complete(
            actor=user,
            session_id=challenge.session_id,
            signature_value=b"x" * 256,
            certificate=other,
        )


def test_an_expired_or_foreign_session_cannot_be_completed(token_holder, pdf_bytes, signer):
    user, key = token_holder
    challenge = token_session_prepare(actor=user, pdf=pdf_bytes)
    signature = key.sign(challenge.signed_attributes, challenge.digest)
    with pytest.raises(NotFound, match="does not exist"):
        token_session_complete(
            actor=signer,
            session_id=challenge.session_id,
            signature_value=signature,
            certificate=challenge.certificate_der,
        )
    TokenSession.objects.update(expires_at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC))
    with pytest.raises(SigningError, match="expired"):
        token_session_complete(
            actor=user,
            session_id=challenge.session_id,
            signature_value=signature,
            certificate=challenge.certificate_der,
        )


def test_the_api_refuses_bad_base64_and_needs_a_token(token_holder, pdf_bytes):
    user, _key = token_holder
    transport = DjangoTransport(user)
    challenge = transport.post_form(
        "/api/v1/signatures/token/prepare", {}, {"file": ("a.pdf", pdf_bytes)}
    )
    response = transport.client.post(
        f"/api/v1/signatures/token/{challenge['session_id']}/complete",
        json.dumps({"signature": "***", "certificate": challenge["certificate"]}),
        content_type="application/json",
    )
    assert response.status_code == 400 and "base64" in response.json()["detail"]
    assert Client().post("/api/v1/signatures/token/prepare", {}).status_code == 401
    wrong = transport.client.post(
        "/api/v1/signatures/token/prepare", {"file": io.BytesIO(b"not a pdf")}
    )
    assert wrong.status_code == 400 and "not a PDF" in wrong.json()["detail"]


def test_the_server_signs_with_a_key_on_its_pkcs11_device(tree, ca, hsm, pdf_bytes, settings):
    settings.PARTYDESK_PKCS11_MODULE = hsm.module
    settings.PARTYDESK_PKCS11_PIN = softhsm.USER_PIN
    user = make_user("hsmuser", organization=tree.committee_a, two_factor=True)
    issued = certificate_issue_personal(actor=None, user=user, csr=_csr(hsm.key))
    issued.status = "superseded"  # the same certificate, now registered as on the HSM
    issued.fingerprint_sha256 = "moved-to-hsm"
    issued.save()
    registered = certificate_register_token(
        actor=None,
        certificate=bytes(issued.certificate_der),
        holder=user,
        pkcs11_token_label=softhsm.TOKEN_LABEL,
        pkcs11_key_label=softhsm.KEY_LABEL,
    )
    assert registered.key_storage == "pkcs11" and registered.issued_by is not None

    try:
        signed = pdf_sign_personal(actor=user, pdf=pdf_bytes)
    finally:
        authority.reset_caches()  # log the server out of the token again

    report = pdf_validate(pdf=signed)
    assert report.all_valid and report.signatures[0].signer == "hsmuser"


def test_the_token_client_explains_a_wrong_pin(token_holder, pdf_bytes):
    user, key = token_holder
    wrong = TokenKey(key.module, key.token_label, "000000", key.key_label, key.cert_label)
    with pytest.raises(TokenClientError, match="wrong PIN"):
        sign_pdf_with_token(DjangoTransport(user), wrong, pdf_bytes)
