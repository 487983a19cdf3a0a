"""Key material that comes from outside the installation: certificate requests made on a
token, PKCS#12 files from other CAs, and raw signature values a token returns."""

from __future__ import annotations

from dataclasses import dataclass

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.serialization import pkcs12

from partydesk.signatures.pki import PrivateKey, PublicKey


class Pkcs12Error(ValueError):
    """A PKCS#12 file could not be opened (wrong passphrase or not a PKCS#12 file)."""


class CsrError(ValueError):
    """A certificate signing request is malformed or its self-signature is wrong."""


def public_key_from_csr(data: bytes) -> tuple[PublicKey, x509.Name]:
    """The key a token holder wants certified; the CSR's self-signature proves possession."""
    try:
        text = data.lstrip()
        csr = (
            x509.load_pem_x509_csr(text)
            if text.startswith(b"-----BEGIN")
            else x509.load_der_x509_csr(data)
        )
    except ValueError as exc:
        raise CsrError(str(exc)) from exc
    if not csr.is_signature_valid:
        raise CsrError("the request's signature does not match its key")
    key = csr.public_key()
    if not isinstance(key, rsa.RSAPublicKey | ec.EllipticCurvePublicKey):
        raise CsrError("only RSA and EC keys are supported")
    if isinstance(key, rsa.RSAPublicKey) and key.key_size < 2048:
        raise CsrError("RSA keys shorter than 2048 bits are not accepted")
    return key, csr.subject


@dataclass(frozen=True)
class Pkcs12Content:
    key: PrivateKey
    certificate: x509.Certificate
    chain: list[x509.Certificate]


def open_pkcs12(data: bytes, passphrase: str) -> Pkcs12Content:
    try:
        key, cert, extra = pkcs12.load_key_and_certificates(data, passphrase.encode() or None)
    except ValueError as exc:
        raise Pkcs12Error(str(exc)) from exc
    if key is None or cert is None:
        raise Pkcs12Error("the file holds no private key with its certificate")
    if not isinstance(key, rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey):
        raise Pkcs12Error("only RSA and EC keys are supported")
    if not keys_match(key.public_key(), cert.public_key()):  # type: ignore[arg-type]
        raise Pkcs12Error("the private key does not belong to the certificate")
    return Pkcs12Content(key=key, certificate=cert, chain=list(extra or []))


def keys_match(a: PublicKey, b: object) -> bool:
    fmt = serialization.PublicFormat.SubjectPublicKeyInfo
    return isinstance(b, rsa.RSAPublicKey | ec.EllipticCurvePublicKey) and a.public_bytes(
        serialization.Encoding.DER, fmt
    ) == b.public_bytes(serialization.Encoding.DER, fmt)


def verify_rsa_signature(
    cert: x509.Certificate, signature: bytes, data: bytes, hash_name: str
) -> bool:
    """Check a raw PKCS#1 v1.5 (RSA) or ECDSA signature over `data` before we embed it."""
    algorithm = {"sha256": hashes.SHA256(), "sha384": hashes.SHA384(), "sha512": hashes.SHA512()}[
        hash_name
    ]
    key = cert.public_key()
    try:
        if isinstance(key, rsa.RSAPublicKey):
            key.verify(signature, data, padding.PKCS1v15(), algorithm)
        elif isinstance(key, ec.EllipticCurvePublicKey):
            key.verify(signature, data, ec.ECDSA(algorithm))
        else:
            return False
    except InvalidSignature:
        return False
    return True
