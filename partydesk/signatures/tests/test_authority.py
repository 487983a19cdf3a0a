"""The installation's certification authority: created once, keys encrypted at rest, CRLs
and CA certificates published without login."""

from __future__ import annotations

import io

import pytest
from cryptography import x509
from django.core.management import call_command
from django.core.management.base import CommandError

from partydesk.core.models import AuditEvent
from partydesk.signatures import authority
from partydesk.signatures.errors import AuthorityNotReady, CertificateError
from partydesk.signatures.models import Certificate, CertificateAuthority
from partydesk.signatures.services import ca_initialize

pytestmark = pytest.mark.django_db


def test_ca_init_creates_root_issuing_and_tsa_with_encrypted_keys(ca):
    root = CertificateAuthority.objects.get(role="root")
    issuing = CertificateAuthority.objects.get(role="issuing")
    tsa = Certificate.objects.get(kind="tsa")

    assert "ENCRYPTED PRIVATE KEY" in root.key_pem_encrypted
    assert "ENCRYPTED PRIVATE KEY" in issuing.key_pem_encrypted
    assert "ENCRYPTED PRIVATE KEY" in tsa.key_pem_encrypted
    root_cert = x509.load_der_x509_certificate(bytes(root.certificate_der))
    issuing_cert = x509.load_der_x509_certificate(bytes(issuing.certificate_der))
    assert issuing_cert.issuer == root_cert.subject
    assert issuing_cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    tsa_cert = x509.load_der_x509_certificate(bytes(tsa.certificate_der))
    eku = tsa_cert.extensions.get_extension_for_class(x509.ExtendedKeyUsage)
    assert eku.critical and list(eku.value) == [x509.oid.ExtendedKeyUsageOID.TIME_STAMPING]
    assert AuditEvent.objects.filter(action="signatures.authority.created").count() == 2


def test_a_second_ca_init_is_refused_and_the_command_can_skip_it(ca):
    with pytest.raises(CertificateError):
        ca_initialize(actor=None)
    call_command("ca_init", "--if-missing")
    assert CertificateAuthority.objects.count() == 2


def test_ca_init_without_passphrase_explains_what_to_set(db, settings):
    settings.PARTYDESK_CA_PASSPHRASE = ""
    with pytest.raises(CommandError, match="PARTYDESK_CA_PASSPHRASE"):
        call_command("ca_init")


def test_a_wrong_passphrase_cannot_open_the_ca_key(ca, settings):
    authority.reset_caches()
    settings.PARTYDESK_CA_PASSPHRASE = "not-the-passphrase-used-at-init"
    with pytest.raises(AuthorityNotReady, match="does not open the CA key"):
        authority.authority_key(authority.authority_get("issuing"))


def test_crls_and_ca_certificates_are_public(ca, client):
    crl_response = client.get("/signatures/crl/issuing.crl")
    assert crl_response.status_code == 200
    assert crl_response["Content-Type"] == "application/pkix-crl"
    crl = x509.load_der_x509_crl(crl_response.content)
    issuing = x509.load_der_x509_certificate(
        bytes(CertificateAuthority.objects.get(role="issuing").certificate_der)
    )
    assert crl.issuer == issuing.subject
    assert crl.is_signature_valid(issuing.public_key())  # type: ignore[arg-type]

    root = client.get("/signatures/ca/root.cer")
    assert root.status_code == 200
    assert x509.load_der_x509_certificate(root.content).subject == issuing.issuer
    assert client.get("/signatures/crl/nonsense.crl").status_code == 404


def test_before_ca_init_the_crl_url_is_404(db, client):
    assert client.get("/signatures/crl/issuing.crl").status_code == 404


def test_ca_init_refuses_production_without_the_installations_real_address(db, settings):
    settings.PRODUCTION = True
    settings.SITE_URL = "http://127.0.0.1:8000"  # the development default
    with pytest.raises(CommandError, match="PARTYDESK_SITE_URL"):
        call_command("ca_init", stdout=io.StringIO())
    assert not CertificateAuthority.objects.exists()

    settings.SITE_URL = "https://vanphong.dukhoi.example"
    call_command("ca_init", stdout=io.StringIO())
    issuing = CertificateAuthority.objects.get(role="issuing")
    assert b"https://vanphong.dukhoi.example/signatures/crl/root.crl" in bytes(
        issuing.certificate_der
    )
