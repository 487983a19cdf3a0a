"""The internal CA's OCSP responder (RFC 6960): named in every new certificate, answering
good, revoked or unknown from the same data as the CRL (which is still published), and
accepted by pyHanko's validator in place of the CRL."""

from __future__ import annotations

import base64
import os
from urllib.parse import quote, urlsplit

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509 import ocsp
from django.test import Client

from partydesk.signatures import pdf
from partydesk.signatures.models import CertificateAuthority
from partydesk.signatures.services import certificate_revoke, pdf_sign_personal
from partydesk.signatures.tests.conftest import personal_certificate

pytestmark = pytest.mark.django_db
DER = serialization.Encoding.DER


def _ca(role: str) -> x509.Certificate:
    row = CertificateAuthority.objects.get(role=role)
    return x509.load_der_x509_certificate(bytes(row.certificate_der))


def _responder_path(cert: x509.Certificate) -> str:
    access = cert.extensions.get_extension_for_class(x509.AuthorityInformationAccess).value
    urls = [
        d.access_location.value
        for d in access
        if d.access_method == x509.AuthorityInformationAccessOID.OCSP
    ]
    assert len(urls) == 1
    return urlsplit(urls[0]).path


def _ask(cert: x509.Certificate, issuer: x509.Certificate, nonce: bytes = b"") -> bytes:
    builder = ocsp.OCSPRequestBuilder().add_certificate(cert, issuer, hashes.SHA256())
    if nonce:
        builder = builder.add_extension(x509.OCSPNonce(nonce), critical=False)
    return builder.build().public_bytes(DER)


def _post(path: str, body: bytes) -> ocsp.OCSPResponse:
    response = Client().post(path, data=body, content_type="application/ocsp-request")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/ocsp-response"
    return ocsp.load_der_ocsp_response(response.content)


def test_a_new_certificate_names_the_responder_which_says_good_then_revoked(signer):
    record = personal_certificate(signer)
    cert = x509.load_der_x509_certificate(bytes(record.certificate_der))
    issuing = _ca("issuing")
    path = _responder_path(cert)
    assert path == "/signatures/ocsp/issuing"
    nonce = os.urandom(16)

    answer = _post(path, _ask(cert, issuing, nonce))

    assert answer.response_status == ocsp.OCSPResponseStatus.SUCCESSFUL
    assert answer.certificate_status == ocsp.OCSPCertStatus.GOOD
    assert answer.serial_number == cert.serial_number
    assert answer.extensions.get_extension_for_class(x509.OCSPNonce).value.nonce == nonce
    key = issuing.public_key()
    assert isinstance(key, rsa.RSAPublicKey) and answer.signature_hash_algorithm is not None
    key.verify(  # signed by the issuing CA itself
        answer.signature,
        answer.tbs_response_bytes,
        padding.PKCS1v15(),
        answer.signature_hash_algorithm,
    )

    certificate_revoke(actor=None, certificate=record, reason="key_compromise")
    encoded = quote(base64.b64encode(_ask(cert, issuing)).decode(), safe="")
    fetched = Client().get(f"{path}/{encoded}")  # the GET form of RFC 6960 appendix A
    revoked = ocsp.load_der_ocsp_response(fetched.content)

    assert revoked.certificate_status == ocsp.OCSPCertStatus.REVOKED
    assert revoked.revocation_reason == x509.ReasonFlags.key_compromise
    assert revoked.revocation_time_utc is not None
    crl = x509.load_der_x509_crl(Client().get("/signatures/crl/issuing.crl").content)
    assert crl.get_revoked_certificate_by_serial_number(cert.serial_number) is not None


def test_the_responder_says_unknown_or_malformed_rather_than_guessing(signer):
    cert = x509.load_der_x509_certificate(bytes(personal_certificate(signer).certificate_der))
    real = ocsp.load_der_ocsp_request(_ask(cert, _ca("issuing")))
    stranger = (
        ocsp.OCSPRequestBuilder()
        .add_certificate_by_hash(
            real.issuer_name_hash, real.issuer_key_hash, 424242, hashes.SHA256()
        )
        .build()
        .public_bytes(DER)
    )
    assert _post("/signatures/ocsp/issuing", stranger).certificate_status == (
        ocsp.OCSPCertStatus.UNKNOWN
    )
    assert _post("/signatures/ocsp/issuing", b"junk").response_status == (
        ocsp.OCSPResponseStatus.MALFORMED_REQUEST
    )
    # A question about the issuing CA's certificates put to the root's responder.
    assert _post("/signatures/ocsp/root", _ask(cert, _ca("issuing"))).response_status == (
        ocsp.OCSPResponseStatus.UNAUTHORIZED
    )


def test_pyhanko_accepts_the_responders_answers_instead_of_the_crls(signer, pdf_bytes, settings):
    settings.PARTYDESK_PADES_LEVEL = "B-B"  # one chain to answer for: signer, issuing CA
    signed = pdf_sign_personal(actor=signer, pdf=pdf_bytes)
    record = personal_certificate(signer)
    cert = x509.load_der_x509_certificate(bytes(record.certificate_der))
    root, issuing = _ca("root"), _ca("issuing")

    def trust(*answers: ocsp.OCSPResponse) -> pdf.Trust:
        return pdf.Trust(
            roots=(root.public_bytes(DER),),
            intermediates=(issuing.public_bytes(DER),),
            ocsps=tuple(a.public_bytes(DER) for a in answers),
            revocation_mode="hard-fail",  # no usable revocation data: not valid
        )

    for_issuing = _post(_responder_path(issuing), _ask(issuing, root))
    for_signer = _post(_responder_path(cert), _ask(cert, issuing))

    assert not pdf.validate(signed, trust()).all_valid
    good = pdf.validate(signed, trust(for_issuing, for_signer))
    assert good.all_valid and good.signatures[0].revocation == "good"

    certificate_revoke(actor=None, certificate=record)
    revoked_answer = _post(_responder_path(cert), _ask(cert, issuing))
    revoked = pdf.validate(signed, trust(for_issuing, revoked_answer)).signatures[0]
    assert not revoked.ok and revoked.revocation == "revoked"
