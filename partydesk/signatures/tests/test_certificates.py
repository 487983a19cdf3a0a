"""Issuing, renewing, revoking and importing certificates; who may do it."""

from __future__ import annotations

import datetime as dt

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

from partydesk.accounts.tests.factories import make_user
from partydesk.core.errors import NotAllowed
from partydesk.core.models import AuditEvent
from partydesk.organizations.tests.factories import make_person
from partydesk.signatures import external
from partydesk.signatures.errors import CertificateError, SigningError
from partydesk.signatures.models import Certificate, CertificateAuthority
from partydesk.signatures.selectors import pdf_validate, signer_ready
from partydesk.signatures.services import (
    certificate_import_pkcs12,
    certificate_issue_organization,
    certificate_issue_personal,
    certificate_renew,
    certificate_revoke,
    pdf_sign_personal,
)
from partydesk.signatures.tests.conftest import personal_certificate

pytestmark = pytest.mark.django_db


def test_a_personal_certificate_names_the_signer_position_and_unit(tree, ca, rsa_keys):
    from partydesk.organizations.models import Position

    person = make_person(tree.committee_a, full_name="Nguyễn Thị Hoa")
    Position.objects.create(
        person=person,
        organization=tree.committee_a,
        title="secretary",
        starts_on=dt.date(2024, 1, 1),
    )
    user = make_user("hoa", organization=tree.committee_a, person=person)

    record = certificate_issue_personal(actor=None, user=user)

    cert = x509.load_der_x509_certificate(bytes(record.certificate_der))
    assert cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value == "Nguyễn Thị Hoa"
    assert cert.subject.get_attributes_for_oid(NameOID.TITLE)[0].value == "Secretary"
    assert cert.subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)[0].value == (
        "Đảng bộ Sở Tài chính"
    )
    cdp = cert.extensions.get_extension_for_class(x509.CRLDistributionPoints).value
    assert cdp[0].full_name[0].value == "http://testserver/signatures/crl/issuing.crl"
    assert record.organization == tree.committee_a and record.key_storage == "server"
    assert "ENCRYPTED PRIVATE KEY" in record.key_pem_encrypted
    assert signer_ready(user)


def test_an_administrator_issues_only_inside_their_organization(tree, ca, admin_a, eve):
    with pytest.raises(NotAllowed):
        certificate_issue_personal(actor=admin_a, user=eve)
    with pytest.raises(NotAllowed):
        certificate_issue_organization(actor=admin_a, organization=tree.committee_b)
    cert = certificate_issue_organization(actor=admin_a, organization=tree.cell_a1)
    assert cert.kind == "organization"


def test_a_revoked_certificate_fails_validation(signer, pdf_bytes, settings):
    # Without a time-stamp nothing proves the signature predates the revocation
    # (test_point_in_time.py has the time-stamped cases).
    settings.PARTYDESK_PADES_LEVEL = "B-B"
    signed = pdf_sign_personal(actor=signer, pdf=pdf_bytes)
    assert pdf_validate(pdf=signed).all_valid

    record = certificate_revoke(
        actor=None, certificate=personal_certificate(signer), reason="key_compromise"
    )

    issuing = CertificateAuthority.objects.get(role="issuing")
    crl = x509.load_der_x509_crl(bytes(issuing.crl_der or b""))
    assert crl.get_revoked_certificate_by_serial_number(int(record.serial_hex, 16)) is not None
    report = pdf_validate(pdf=signed)
    assert not report.all_valid
    assert report.signatures[0].revocation == "revoked"
    assert "revoked" in report.signatures[0].problems[0]
    assert not signer_ready(signer)
    with pytest.raises(SigningError, match="no active signing certificate"):
        pdf_sign_personal(actor=signer, pdf=pdf_bytes)
    assert AuditEvent.objects.filter(action="signatures.certificate.revoked").exists()


def test_renewal_retires_the_old_certificate_and_keeps_its_history(signer):
    old = personal_certificate(signer)
    new = certificate_renew(actor=None, certificate=old)
    old.refresh_from_db()
    assert old.status == "superseded" and new.status == "active"
    assert new.renewed_from == old and new.fingerprint_sha256 != old.fingerprint_sha256
    with pytest.raises(CertificateError, match="already revoked"):
        certificate_revoke(actor=None, certificate=new)
        certificate_revoke(actor=None, certificate=new)


def test_a_certificate_request_keeps_the_key_on_the_token(tree, ca, rsa_keys):
    user = make_user("tokenholder", organization=tree.committee_a)
    key = rsa_keys[-1]
    csr = (
        x509.CertificateSigningRequestBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "ignored")]))
        .sign(key, hashes.SHA256())
        .public_bytes(serialization.Encoding.PEM)
    )
    record = certificate_issue_personal(actor=None, user=user, csr=csr)
    assert record.key_storage == "client_token" and record.key_pem_encrypted == ""
    assert not signer_ready(user)  # the server cannot sign with it; the token client can

    with pytest.raises(CertificateError, match="request cannot be used"):
        certificate_issue_personal(
            actor=None, user=user, csr=b"-----BEGIN CERTIFICATE REQUEST-----"
        )


def _external_p12(key, *, days: int, passphrase: bytes) -> bytes:
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Trần Văn Nam (VGCA test)")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=400))
        .not_valid_after(now + dt.timedelta(days=days))
        .sign(key, hashes.SHA256())
    )
    return pkcs12.serialize_key_and_certificates(
        b"nam", key, cert, None, serialization.BestAvailableEncryption(passphrase)
    )


def test_a_pkcs12_from_an_external_ca_is_imported_and_its_passphrase_checked(tree, ca, rsa_keys):
    user = make_user("nam", organization=tree.committee_a, two_factor=True)
    data = _external_p12(rsa_keys[-2], days=300, passphrase=b"p12-secret")

    with pytest.raises(CertificateError, match="passphrase is wrong") as wrong:
        certificate_import_pkcs12(actor=None, data=data, passphrase="guess", holder=user)
    assert wrong.value.field == "passphrase"
    with pytest.raises(CertificateError, match="not a PKCS#12"):
        certificate_import_pkcs12(actor=None, data=b"garbage", passphrase="x", holder=user)

    record = certificate_import_pkcs12(actor=None, data=data, passphrase="p12-secret", holder=user)
    assert record.issued_by is None and record.key_storage == "server"
    assert "p12-secret" not in record.key_pem_encrypted
    assert signer_ready(user)


def test_an_expired_pkcs12_is_refused(tree, ca, rsa_keys):
    user = make_user("old", organization=tree.committee_a)
    data = _external_p12(rsa_keys[-2], days=-1, passphrase=b"pw")
    with pytest.raises(CertificateError, match="already expired"):
        certificate_import_pkcs12(actor=None, data=data, passphrase="pw", holder=user)


def test_signing_with_an_expired_certificate_is_refused_with_the_date(signer, pdf_bytes):
    cert = personal_certificate(signer)
    Certificate.objects.filter(pk=cert.pk).update(not_after=dt.datetime(2024, 1, 1, tzinfo=dt.UTC))
    with pytest.raises(SigningError, match="expired on 2024-01-01"):
        pdf_sign_personal(actor=signer, pdf=pdf_bytes)


def test_pki_refuses_a_short_rsa_key_request():
    from cryptography.hazmat.primitives.asymmetric import rsa

    small = rsa.generate_private_key(public_exponent=65537, key_size=1024)  # noqa: S505
    csr = (
        x509.CertificateSigningRequestBuilder()
        .subject_name(x509.Name([]))
        .sign(small, hashes.SHA256())
        .public_bytes(serialization.Encoding.DER)
    )
    with pytest.raises(external.CsrError, match="2048"):
        external.public_key_from_csr(csr)
