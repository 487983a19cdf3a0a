"""Detached CMS signatures by an organization's seal over arbitrary bytes (edXML packages
sent to a peer installation)."""

from __future__ import annotations

import functools

from django.utils.translation import gettext as _

from partydesk.organizations.models import Organization
from partydesk.signatures import authority, cms, pki
from partydesk.signatures.errors import SigningError
from partydesk.signatures.models import CertificateKind
from partydesk.signatures.services.signing import active_certificate, usable_certificate


def organization_seal_detached(*, organization: Organization, payload: bytes) -> bytes:
    """A detached CMS SignedData (DER) over `payload` by the organization's active seal,
    carrying its chain so a peer that trusts our root CA can check it."""
    record = usable_certificate(
        active_certificate(kind=CertificateKind.ORGANIZATION, organization=organization),
        whose=organization.name,
    )
    if not record.key_pem_encrypted:
        raise SigningError(_("The seal's key is not held by the server; it cannot sign packages."))
    key = _seal_key(record.fingerprint_sha256, record.key_pem_encrypted)
    return cms.sign_detached(
        payload,
        certificate=pki.load_der(bytes(record.certificate_der)),
        key=key,
        chain=[pki.load_der(c) for c in record.chain_bytes()],
    )


@functools.lru_cache(maxsize=16)
def _seal_key(fingerprint: str, key_pem_encrypted: str) -> pki.PrivateKey:
    """A seal's key opened once per process: opening the encrypted PKCS#8 is a PBKDF2 run,
    most of the time of signing a package (docs/performance.md, exchange). As `pdf.signers`,
    keyed by the certificate: a revoked or replaced seal is never picked again, and a key
    re-encrypted under a new passphrase is another entry."""
    return pki.decrypt_key(key_pem_encrypted, authority.passphrase())
