"""The installation's key material, read from the database and opened once per process.

Shared by services (which sign) and selectors (which validate): CA keys, signer key references,
the trust anchors with fresh CRLs, and the time-stamp authority.
"""

from __future__ import annotations

import datetime as dt
import functools
import threading
import time
from pathlib import Path

from cryptography import x509
from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from partydesk.signatures import pdf, pki, revocation
from partydesk.signatures.errors import AuthorityNotReady, SigningError
from partydesk.signatures.models import (
    AuthorityRole,
    Certificate,
    CertificateAuthority,
    CertificateKind,
    CertificateStatus,
    KeyStorage,
)

CRL_VALIDITY = dt.timedelta(days=30)
CRL_REFRESH_BEFORE = dt.timedelta(days=20)  # the daily job re-issues well before nextUpdate


def passphrase() -> str:
    value = str(getattr(settings, "PARTYDESK_CA_PASSPHRASE", ""))
    if not value:
        raise AuthorityNotReady(
            "PARTYDESK_CA_PASSPHRASE (or PARTYDESK_CA_PASSPHRASE_FILE) is not set, so no key "
            "can be opened."
        )
    return value


def publication(role: str) -> pki.Publication:
    """Where certificates issued by the `role` CA point relying parties (public URLs)."""
    base = settings.SITE_URL
    return pki.Publication(
        crl_url=base + reverse("signatures:crl", args=[role]),
        issuer_cert_url=base + reverse("signatures:ca_certificate", args=[role]),
        ocsp_url=base + reverse("signatures:ocsp", args=[role]),
    )


def authority_get(role: str) -> CertificateAuthority:
    ca = CertificateAuthority.objects.filter(role=role).first()
    if ca is None:
        raise AuthorityNotReady()
    return ca


_ca_keys: dict[tuple[int, bytes], pki.PrivateKey] = {}
_lock = threading.Lock()


def authority_key(ca: CertificateAuthority) -> pki.PrivateKey:
    """The CA's private key, decrypted once per process."""
    cache_key = (ca.pk, bytes(ca.certificate_der)[-32:])
    key = _ca_keys.get(cache_key)
    if key is None:
        try:
            key = pki.decrypt_key(ca.key_pem_encrypted, passphrase())
        except pki.KeyPassphraseError as exc:
            raise AuthorityNotReady(
                "PARTYDESK_CA_PASSPHRASE does not open the CA key: it is not the passphrase "
                "used when `ca_init` ran."
            ) from exc
        with _lock:
            _ca_keys[cache_key] = key
    return key


def authority_certificate(ca: CertificateAuthority) -> x509.Certificate:
    return pki.load_der(bytes(ca.certificate_der))


def chain_for(ca: CertificateAuthority) -> list[bytes]:
    """The issuing CA and the root: what a signer embeds after its own certificate."""
    chain = [bytes(ca.certificate_der)]
    if ca.role == AuthorityRole.ISSUING:
        root = CertificateAuthority.objects.filter(role=AuthorityRole.ROOT).first()
        if root is not None:
            chain.append(bytes(root.certificate_der))
    return chain


def key_ref(certificate: Certificate) -> pdf.KeyRef:
    """How pdf.signers reaches this certificate's key; decrypts only on a cache miss."""
    if certificate.key_storage == KeyStorage.PKCS11:
        module = str(getattr(settings, "PARTYDESK_PKCS11_MODULE", ""))
        if not module:
            raise SigningError("PARTYDESK_PKCS11_MODULE is not set, so the token cannot be used.")
        return pdf.KeyRef(
            fingerprint=certificate.fingerprint_sha256,
            certificate_der=bytes(certificate.certificate_der),
            chain_der=tuple(certificate.chain_bytes()),
            pkcs11=pdf.Pkcs11Ref(
                module=module,
                token_label=certificate.pkcs11_token_label,
                key_label=certificate.pkcs11_key_label,
                pin=str(getattr(settings, "PARTYDESK_PKCS11_PIN", "")),
            ),
        )
    if certificate.key_storage != KeyStorage.SERVER or not certificate.key_pem_encrypted:
        raise SigningError("This certificate's key is not on the server.")
    encrypted = certificate.key_pem_encrypted

    def _load() -> bytes:
        return pki.key_to_pkcs8_der(pki.decrypt_key(encrypted, passphrase()))

    return pdf.KeyRef(
        fingerprint=certificate.fingerprint_sha256,
        certificate_der=bytes(certificate.certificate_der),
        chain_der=tuple(certificate.chain_bytes()),
        load_pkcs8=_load,
    )


@transaction.atomic
def crl_refresh(role: str, *, force: bool = False) -> CertificateAuthority:
    """Re-issue the CA's CRL when forced (a revocation) or when it nears its nextUpdate."""
    ca = CertificateAuthority.objects.select_for_update().filter(role=role).first()
    if ca is None:
        raise AuthorityNotReady()
    now = timezone.now()
    fresh = ca.crl_next_update is not None and ca.crl_next_update - now > CRL_REFRESH_BEFORE
    if fresh and not force and ca.crl_der:
        return ca
    entries: list[revocation.RevokedEntry] = []
    if role == AuthorityRole.ISSUING:  # the root only certifies the issuing CA, never revoked
        entries = [
            revocation.RevokedEntry(
                serial=int(serial, 16),
                revoked_at=revoked_at or now,
                reason=revocation.reason_flag(reason),
            )
            for serial, revoked_at, reason in Certificate.objects.filter(
                issued_by=ca, status=CertificateStatus.REVOKED
            ).values_list("serial_hex", "revoked_at", "revocation_reason")
        ]
    ca.crl_number += 1
    ca.crl_next_update = now + CRL_VALIDITY
    ca.crl_der = revocation.build_crl(
        issuer=authority_certificate(ca),
        issuer_key=authority_key(ca),
        revoked=entries,
        number=ca.crl_number,
        now=now,
        next_update=ca.crl_next_update,
    )
    ca.save(update_fields=["crl_number", "crl_next_update", "crl_der"])
    return ca


def trust() -> pdf.Trust:
    """Our root (plus PARTYDESK_TRUST_ROOTS_FILE), the issuing CA and both current CRLs."""
    cas = {ca.role: ca for ca in CertificateAuthority.objects.defer("key_pem_encrypted")}
    now = timezone.now()
    for role, ca in list(cas.items()):
        if not ca.crl_der or ca.crl_next_update is None or ca.crl_next_update <= now:
            cas[role] = crl_refresh(role)
    roots = [bytes(cas[AuthorityRole.ROOT].certificate_der)] if AuthorityRole.ROOT in cas else []
    roots += _extra_roots(str(getattr(settings, "PARTYDESK_TRUST_ROOTS_FILE", "")))
    intermediates = (
        [bytes(cas[AuthorityRole.ISSUING].certificate_der)] if AuthorityRole.ISSUING in cas else []
    )
    return pdf.Trust(
        roots=tuple(roots),
        intermediates=tuple(intermediates),
        crls=tuple(bytes(ca.crl_der) for ca in cas.values() if ca.crl_der),
        allow_fetching=bool(getattr(settings, "PARTYDESK_REVOCATION_FETCH", False)),
    )


@functools.lru_cache(maxsize=4)
def _extra_roots(path: str) -> list[bytes]:
    """Roots of external CAs the operator trusts (a PEM bundle), e.g. the national CA."""
    if not path:
        return []
    from cryptography.hazmat.primitives import serialization

    return [
        c.public_bytes(serialization.Encoding.DER)
        for c in x509.load_pem_x509_certificates(Path(path).read_bytes())
    ]


_authorities: dict[str, pdf.TimeStampAuthority] = {}
_current_tsa: list[tuple[float, str]] = []  # (checked at, fingerprint) of the active TSA
TSA_RECHECK_SECONDS = 60.0


def tsa_authority() -> pdf.TimeStampAuthority:
    """Our RFC 3161 authority with its key opened once per process; which certificate is
    active is re-read at most once a minute (a replaced TSA certificate stays valid anyway)."""
    now = time.monotonic()
    if _current_tsa and now - _current_tsa[0][0] < TSA_RECHECK_SECONDS:
        cached = _authorities.get(_current_tsa[0][1])
        if cached is not None:
            return cached
    cert = Certificate.objects.filter(
        kind=CertificateKind.TSA, status=CertificateStatus.ACTIVE
    ).first()
    if cert is None:
        raise AuthorityNotReady()
    _current_tsa[:] = [(now, cert.fingerprint_sha256)]
    authority = _authorities.get(cert.fingerprint_sha256)
    if authority is None:
        try:
            authority = pdf.open_authority(key_ref(cert))
        except pki.KeyPassphraseError as exc:
            raise AuthorityNotReady(
                "PARTYDESK_CA_PASSPHRASE does not open the time-stamp authority's key."
            ) from exc
        _authorities[cert.fingerprint_sha256] = authority
    return authority


def timestamper() -> tuple[object, int]:
    """The authority signatures are time-stamped by, and the bytes to reserve for its token."""
    url = str(getattr(settings, "PARTYDESK_TSA_URL", ""))
    if url:
        return _url_timestamper(url), 10_000
    tsa = tsa_authority()
    return tsa, len(tsa.tsa_cert.dump()) + sum(len(c.dump()) for c in tsa.certs_to_embed)


@functools.lru_cache(maxsize=4)
def _url_timestamper(url: str) -> pdf.UrlTimeStamper:
    return pdf.UrlTimeStamper(url)


def reset_caches() -> None:
    """Forget opened keys (tests, and after a passphrase rotation)."""
    _ca_keys.clear()
    _authorities.clear()
    _current_tsa.clear()
    pdf.signers.clear()
