"""Revocation status for the internal CA: CRLs (RFC 5280) and OCSP responses (RFC 6960).

Pure functions over `cryptography` objects: the caller says which certificates are revoked.
The CA answers OCSP with its own key (RFC 6960 §2.6: the issuer may sign its responses), so
no delegated responder certificate has to be issued, renewed or trusted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.x509 import ocsp

from partydesk.signatures.pki import BACKDATE, PrivateKey

OCSP_VALIDITY = dt.timedelta(hours=24)


@dataclass(frozen=True)
class RevokedEntry:
    serial: int
    revoked_at: dt.datetime
    reason: x509.ReasonFlags | None


def build_crl(
    *,
    issuer: x509.Certificate,
    issuer_key: PrivateKey,
    revoked: Iterable[RevokedEntry],
    number: int,
    now: dt.datetime,
    next_update: dt.datetime,
) -> bytes:
    builder = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(issuer.subject)
        .last_update(now - BACKDATE)
        .next_update(next_update)
        .add_extension(x509.CRLNumber(number), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer.public_key()),  # type: ignore[arg-type]
            critical=False,
        )
    )
    for entry in revoked:
        item = (
            x509.RevokedCertificateBuilder()
            .serial_number(entry.serial)
            .revocation_date(entry.revoked_at)
        )
        if entry.reason is not None and entry.reason != x509.ReasonFlags.unspecified:
            item = item.add_extension(x509.CRLReason(entry.reason), critical=False)
        builder = builder.add_revoked_certificate(item.build())
    crl = builder.sign(issuer_key, hashes.SHA256())
    return crl.public_bytes(serialization.Encoding.DER)


@dataclass(frozen=True)
class CertificateStatus:
    """What the CA knows of one serial: issued by it or not, and revoked or not."""

    known: bool
    revoked_at: dt.datetime | None = None
    reason: x509.ReasonFlags | None = None


def ocsp_error(status: ocsp.OCSPResponseStatus) -> bytes:
    return ocsp.OCSPResponseBuilder.build_unsuccessful(status).public_bytes(
        serialization.Encoding.DER
    )


def build_ocsp_response(
    *,
    request_der: bytes,
    issuer: x509.Certificate,
    issuer_key: PrivateKey,
    lookup: Callable[[int], CertificateStatus],
    now: dt.datetime,
) -> bytes:
    """Answer one OCSP request about a certificate `issuer` issued, signed by `issuer_key`.
    A malformed request is MALFORMED_REQUEST; one about another issuer is UNAUTHORIZED."""
    try:
        request = ocsp.load_der_ocsp_request(request_der)
    except ValueError:
        return ocsp_error(ocsp.OCSPResponseStatus.MALFORMED_REQUEST)
    digest = request.hash_algorithm
    if (request.issuer_name_hash, request.issuer_key_hash) != _issuer_hashes(issuer, digest):
        return ocsp_error(ocsp.OCSPResponseStatus.UNAUTHORIZED)
    known = lookup(request.serial_number)
    if not known.known:
        cert_status, revoked_at, reason = ocsp.OCSPCertStatus.UNKNOWN, None, None
    elif known.revoked_at is not None:
        cert_status, revoked_at, reason = (
            ocsp.OCSPCertStatus.REVOKED,
            known.revoked_at,
            known.reason,
        )
    else:
        cert_status, revoked_at, reason = ocsp.OCSPCertStatus.GOOD, None, None
    builder = ocsp.OCSPResponseBuilder().add_response_by_hash(
        issuer_name_hash=request.issuer_name_hash,
        issuer_key_hash=request.issuer_key_hash,
        serial_number=request.serial_number,
        algorithm=digest,
        cert_status=cert_status,
        this_update=now - BACKDATE,
        next_update=now + OCSP_VALIDITY,
        revocation_time=revoked_at,
        revocation_reason=reason,
    )
    builder = builder.responder_id(ocsp.OCSPResponderEncoding.HASH, issuer).certificates([issuer])
    for extension in request.extensions:
        if isinstance(extension.value, x509.OCSPNonce):
            builder = builder.add_extension(extension.value, critical=False)
    response = builder.sign(issuer_key, hashes.SHA256())
    return response.public_bytes(serialization.Encoding.DER)


def _issuer_hashes(issuer: x509.Certificate, digest: hashes.HashAlgorithm) -> tuple[bytes, bytes]:
    """RFC 6960 CertID: the hash of the issuer's name and of its public key's bits."""
    parsed = asn1_x509.Certificate.load(issuer.public_bytes(serialization.Encoding.DER))
    key_bits = parsed.public_key["public_key"].contents[1:]  # past the unused-bits byte
    name = hashes.Hash(digest)
    name.update(parsed.subject.dump())
    key = hashes.Hash(digest)
    key.update(key_bits)
    return name.finalize(), key.finalize()


def reason_flag(code: str) -> x509.ReasonFlags:
    return {
        "key_compromise": x509.ReasonFlags.key_compromise,
        "affiliation_changed": x509.ReasonFlags.affiliation_changed,
        "superseded": x509.ReasonFlags.superseded,
        "cessation_of_operation": x509.ReasonFlags.cessation_of_operation,
    }.get(code, x509.ReasonFlags.unspecified)
