"""PAdES long-term validation: a signature is judged at the time its trusted time-stamp
proves, with the revocation data embedded when it was made. An official who leaves the post
(their certificate revoked) does not invalidate what they signed before."""

from __future__ import annotations

import datetime as dt

import pytest

from partydesk.accounts.models import User
from partydesk.signatures import authority
from partydesk.signatures.models import Certificate, CertificateStatus
from partydesk.signatures.selectors import pdf_validate
from partydesk.signatures.services import (
    certificate_revoke,
    pdf_sign_organization,
    pdf_sign_personal,
)
from partydesk.signatures.tests.conftest import personal_certificate

pytestmark = pytest.mark.django_db


def _seal(clerk: User, tree, pdf_bytes: bytes, settings) -> bytes:  # type: ignore[no-untyped-def]
    settings.PARTYDESK_PADES_SEAL_LEVEL = "B-LTA"
    return pdf_sign_organization(
        actor=clerk, organization=tree.committee_a, pdf=pdf_bytes, number_symbol="5-TB/ĐU"
    )


def _revoke_at(certificate: Certificate, when: dt.datetime) -> None:
    """Revoke, then date the revocation `when` in the published CRL (the seconds between
    signing and revoking in a test are too few to tell apart)."""
    certificate_revoke(actor=None, certificate=certificate, reason="superseded")
    Certificate.objects.filter(pk=certificate.pk).update(revoked_at=when)
    authority.crl_refresh("issuing", force=True)


def _seal_certificate(tree) -> Certificate:  # type: ignore[no-untyped-def]
    return Certificate.objects.get(
        organization=tree.committee_a, kind="organization", status=CertificateStatus.ACTIVE
    )


def test_a_b_lta_seal_revoked_after_its_timestamp_stays_valid(clerk, tree, pdf_bytes, settings):
    sealed = _seal(clerk, tree, pdf_bytes, settings)
    stamped_at = pdf_validate(pdf=sealed).signatures[0].timestamp_time
    assert stamped_at is not None

    _revoke_at(_seal_certificate(tree), stamped_at + dt.timedelta(seconds=5))
    report = pdf_validate(pdf=sealed)

    seal, archive = report.signatures
    assert report.all_valid, seal.problems
    assert seal.ok and seal.trusted and seal.problems == []
    assert seal.validated_at == stamped_at
    assert seal.revocation == "revoked_later"
    assert seal.revoked_at == (stamped_at + dt.timedelta(seconds=5)).replace(microsecond=0)
    assert archive.kind == "timestamp" and archive.ok


def test_a_signature_timestamped_after_the_revocation_is_not_valid(
    clerk, tree, pdf_bytes, settings
):
    sealed = _seal(clerk, tree, pdf_bytes, settings)
    stamped_at = pdf_validate(pdf=sealed).signatures[0].timestamp_time
    assert stamped_at is not None

    _revoke_at(_seal_certificate(tree), stamped_at - dt.timedelta(minutes=1))
    seal = pdf_validate(pdf=sealed).signatures[0]

    assert not seal.ok and seal.validated_at is None
    assert seal.revocation == "revoked"
    assert seal.problems == ["The signer's certificate has been revoked."]


def test_a_signature_without_a_timestamp_is_not_valid_once_revoked(signer, pdf_bytes, settings):
    settings.PARTYDESK_PADES_LEVEL = "B-B"
    signed = pdf_sign_personal(actor=signer, pdf=pdf_bytes)
    assert pdf_validate(pdf=signed).all_valid

    certificate_revoke(actor=None, certificate=personal_certificate(signer))
    sig = pdf_validate(pdf=signed).signatures[0]

    assert not sig.ok and sig.timestamp_time is None and sig.validated_at is None
    assert sig.revocation == "revoked"


def test_an_altered_b_lta_document_reports_the_alteration_and_nothing_else(
    clerk, tree, pdf_bytes, settings
):
    altered = bytearray(_seal(clerk, tree, pdf_bytes, settings))
    altered[altered.index(b"Page 1")] = ord("X")

    report = pdf_validate(pdf=bytes(altered))

    assert [s.kind for s in report.signatures] == ["signature", "timestamp"]
    for sig in report.signatures:
        assert not sig.ok and not sig.intact and not sig.checked
        assert sig.problems == ["The document was altered after this signature was made."]
        assert sig.revocation == "unchecked"  # not "good": nobody looked
        assert sig.timestamp_trusted is None  # not "NOT trusted": nobody looked


def test_verify_pdf_explains_bad_input_without_a_traceback(signer, pdf_bytes, tmp_path):
    from django.core.management import CommandError, call_command

    signed = pdf_sign_personal(actor=signer, pdf=pdf_bytes)
    sha256 = b"608648016503040201"  # the SHA-256 OID, in the hex of /Contents
    at = signed.index(sha256, signed.index(sha256) + 1)  # the signer's digest algorithm
    unknown_digest = signed[:at] + b"608648016603040201" + signed[at + 18 :]
    cases = {
        "missing.pdf": None,
        "empty.pdf": b"",
        "text.pdf": b"not a pdf at all",
        "truncated.pdf": signed[: len(signed) // 2],
        "unknown-digest.pdf": unknown_digest,
    }
    damaged = pdf_validate(pdf=unknown_digest).signatures[0]
    assert not damaged.ok and "damaged" in damaged.problems[0]
    for name, data in cases.items():
        path = tmp_path / name
        if data is not None:
            path.write_bytes(data)
        try:
            call_command("verify_pdf", str(path))
        except CommandError as exc:  # manage.py prints "CommandError: <message>", exit 2
            assert exc.returncode == 2, name
        except SystemExit as exc:  # a readable file whose signature is not valid
            assert exc.code == 1, name
