"""Signers: private keys opened once per process and kept, keyed by certificate fingerprint.

Opening an encrypted PKCS#8 key costs a PBKDF2 run and an RSA consistency check; pyHanko's
SimpleSigner also re-parses the key on every signature. `CachedKeySigner` holds the parsed
`cryptography` key instead, which is most of the gap between pyHanko's defaults and a tuned
setup (docs/performance.md).
"""

from __future__ import annotations

import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from asn1crypto import cms
from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from pyhanko.sign.general import SigningError as HankoSigningError
from pyhanko.sign.signers import Signer, SimpleSigner
from pyhanko.sign.signers.pdf_cms import PdfCMSSignedAttributes
from pyhanko_certvalidator.registry import SimpleCertificateStore

_HASHES: dict[str, Callable[[], hashes.HashAlgorithm]] = {
    "sha256": hashes.SHA256,
    "sha384": hashes.SHA384,
    "sha512": hashes.SHA512,
}


@dataclass(frozen=True)
class Pkcs11Ref:
    """A key on a PKCS#11 token the server can reach (an HSM, or SoftHSM in tests)."""

    module: str
    token_label: str
    key_label: str
    pin: str


@dataclass(frozen=True)
class KeyRef:
    """How to reach one certificate's private key. `load_pkcs8` runs only on a cache miss."""

    fingerprint: str
    certificate_der: bytes
    chain_der: tuple[bytes, ...] = ()
    load_pkcs8: Callable[[], bytes] | None = field(default=None, compare=False)
    pkcs11: Pkcs11Ref | None = None

    def certificates_size(self) -> int:
        return len(self.certificate_der) + sum(len(c) for c in self.chain_der)


class CachedKeySigner(SimpleSigner):
    """SimpleSigner that keeps the parsed key, never signs in a dry run, and reuses the DER of
    its PAdES signed attributes: for one certificate they differ only in the 32-byte message
    digest (content type and signing-certificate-v2 are constant; there is no algorithm
    protection attribute in a PAdES signature),
    so the attributes are built once and the digest is patched into a copy of their DER. That
    saves most of the ASN.1 building and serializing pyHanko does per signature."""

    def __init__(
        self,
        signing_cert: asn1_x509.Certificate,
        key: rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey,
        pkcs8_der: bytes,
        cert_registry: SimpleCertificateStore,
    ) -> None:
        super().__init__(
            signing_cert=signing_cert,
            signing_key=asn1_keys.PrivateKeyInfo.load(pkcs8_der),
            cert_registry=cert_registry,
        )
        self._key = key
        self._attr_templates: dict[str, tuple[bytes, int, int]] = {}

    async def signed_attrs(  # type: ignore[override]
        self,
        data_digest: bytes,
        digest_algorithm: str,
        attr_settings: PdfCMSSignedAttributes | None = None,
        content_type: str = "data",
        use_pades: bool = False,
        timestamper: object = None,
        dry_run: bool = False,
        is_pdf_sig: bool = True,
    ) -> cms.CMSAttributes:
        settings = attr_settings or PdfCMSSignedAttributes()
        constant = (
            use_pades
            and is_pdf_sig
            and content_type == "data"
            and settings.adobe_revinfo_attr is None
            and settings.cades_signed_attrs is None
        )
        if not constant:
            return await super().signed_attrs(
                data_digest,
                digest_algorithm,
                attr_settings=attr_settings,
                content_type=content_type,
                use_pades=use_pades,
                timestamper=timestamper,
                dry_run=dry_run,
                is_pdf_sig=is_pdf_sig,
            )
        template = self._attr_templates.get(digest_algorithm)
        if template is None:
            marker = secrets.token_bytes(len(data_digest))
            built = await super().signed_attrs(
                marker, digest_algorithm, attr_settings=settings, use_pades=True
            )
            der = built.dump()
            if der.count(marker) != 1:  # pragma: no cover - 2^-256
                return built
            template = (der, der.index(marker), len(marker))
            self._attr_templates[digest_algorithm] = template
        der, offset, size = template
        if len(data_digest) != size:
            raise HankoSigningError("digest length does not match its algorithm")
        return cms.CMSAttributes.load(der[:offset] + data_digest + der[offset + size :])

    async def async_sign_raw(
        self, data: bytes, digest_algorithm: str, dry_run: bool = False
    ) -> bytes:
        if dry_run:
            return bytes(
                self._key.key_size // 8 if isinstance(self._key, rsa.RSAPrivateKey) else 72
            )
        return self.sign_raw(data, digest_algorithm)

    def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
        algorithm = _HASHES[digest_algorithm.lower()]()
        if isinstance(self._key, rsa.RSAPrivateKey):
            return self._key.sign(data, padding.PKCS1v15(), algorithm)
        return self._key.sign(data, ec.ECDSA(algorithm))


def registry_for(ref: KeyRef) -> SimpleCertificateStore:
    store = SimpleCertificateStore()
    store.register_multiple([asn1_x509.Certificate.load(c) for c in ref.chain_der])
    return store


def _open_in_memory(ref: KeyRef) -> Signer:
    assert ref.load_pkcs8 is not None
    pkcs8_der = ref.load_pkcs8()
    key = serialization.load_der_private_key(pkcs8_der, password=None)
    if not isinstance(key, rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey):
        raise HankoSigningError("unsupported key type")
    return CachedKeySigner(
        asn1_x509.Certificate.load(ref.certificate_der), key, pkcs8_der, registry_for(ref)
    )


_sessions: dict[tuple[str, str], object] = {}


def _open_pkcs11(ref: KeyRef) -> Signer:
    from pyhanko.config.pkcs11 import TokenCriteria
    from pyhanko.sign.pkcs11 import PKCS11Signer, open_pkcs11_session

    p11 = ref.pkcs11
    assert p11 is not None
    session_key = (p11.module, p11.token_label)
    session = _sessions.get(session_key)
    if session is None:
        session = open_pkcs11_session(
            p11.module, token_criteria=TokenCriteria(label=p11.token_label), user_pin=p11.pin
        )
        _sessions[session_key] = session
    signer = PKCS11Signer(
        session,  # type: ignore[arg-type]
        key_label=p11.key_label,
        signing_cert=asn1_x509.Certificate.load(ref.certificate_der),
        ca_chain=[asn1_x509.Certificate.load(c) for c in ref.chain_der],
    )
    return signer


class SignerCache:
    """Process-wide signers by certificate fingerprint. A revoked or replaced certificate is
    never looked up again (services pick the active one), so entries need no invalidation."""

    def __init__(self) -> None:
        self._signers: dict[str, Signer] = {}
        self._lock = threading.Lock()

    def get(self, ref: KeyRef) -> Signer:
        signer = self._signers.get(ref.fingerprint)
        if signer is not None:
            return signer
        with self._lock:
            signer = self._signers.get(ref.fingerprint)
            if signer is None:
                signer = _open_pkcs11(ref) if ref.pkcs11 is not None else _open_in_memory(ref)
                self._signers[ref.fingerprint] = signer
        return signer

    def clear(self) -> None:
        """Forget every signer and close token sessions (which logs out of the tokens)."""
        with self._lock:
            self._signers.clear()
            for session in _sessions.values():
                close = getattr(session, "close", None)
                if close is not None:
                    close()
            _sessions.clear()


signers = SignerCache()
