"""X.509 building blocks for the internal CA (keys, certificates, CSRs, PKCS#12); revocation
(CRLs, OCSP) is in `revocation`.

Pure functions over `cryptography` objects: no database, no pyHanko. The services decide what
to issue; this module knows how an RFC 5280 certificate for each purpose must look.
"""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
from collections.abc import Callable
from dataclasses import dataclass

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

PrivateKey = rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey
PublicKey = rsa.RSAPublicKey | ec.EllipticCurvePublicKey

KEY_BITS = 2048
ROOT_YEARS = 20
ISSUING_YEARS = 12
TSA_YEARS = 10
PERSONAL_DAYS = 2 * 365
ORGANIZATION_DAYS = 3 * 365
BACKDATE = dt.timedelta(minutes=5)  # tolerate clocks a little behind ours


def _new_rsa_key() -> PrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=KEY_BITS)


# The tests swap this for a pool of keys generated once per session (RSA generation is slow).
key_factory: Callable[[], PrivateKey] = _new_rsa_key


def generate_key() -> PrivateKey:
    return key_factory()


class KeyPassphraseError(ValueError):
    """The passphrase does not open the encrypted key."""


def encrypt_key(key: PrivateKey, passphrase: str) -> str:
    """PEM PKCS#8, encrypted with the best scheme `cryptography` offers (AES-256, PBKDF2)."""
    if not passphrase:
        raise KeyPassphraseError("no passphrase configured")
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(passphrase.encode()),
    ).decode("ascii")


def decrypt_key(pem: str, passphrase: str) -> PrivateKey:
    if not passphrase:
        raise KeyPassphraseError("no passphrase configured")
    try:
        key = serialization.load_pem_private_key(pem.encode("ascii"), passphrase.encode())
    except (ValueError, TypeError) as exc:
        raise KeyPassphraseError(str(exc)) from exc
    if not isinstance(key, rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey):
        raise KeyPassphraseError("unsupported key type")
    return key


def key_to_pkcs8_der(key: PrivateKey) -> bytes:
    """Unencrypted PKCS#8 DER, only ever held in memory (the signer cache)."""
    return key.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def der(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.DER)


def load_der(data: bytes) -> x509.Certificate:
    return x509.load_der_x509_certificate(data)


def load_any_certificate(data: bytes) -> x509.Certificate:
    """A certificate from PEM or DER bytes; ValueError if it is neither."""
    text = data.lstrip()
    if text.startswith(b"-----BEGIN"):
        return x509.load_pem_x509_certificate(text)
    return x509.load_der_x509_certificate(data)


def fingerprint(cert: x509.Certificate) -> str:
    return hashlib.sha256(der(cert)).hexdigest()


def common_name(name: x509.Name) -> str:
    attrs = name.get_attributes_for_oid(NameOID.COMMON_NAME)
    return str(attrs[0].value) if attrs else name.rfc4514_string()


def readable_name(name: x509.Name) -> str:
    """'CN, title, O' in reading order, for people (rfc4514 is reversed and escaped)."""
    parts: list[str] = []
    for oid in (NameOID.COMMON_NAME, NameOID.TITLE, NameOID.ORGANIZATIONAL_UNIT_NAME):
        parts += [str(a.value) for a in name.get_attributes_for_oid(oid)]
    parts += [str(a.value) for a in name.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)]
    return ", ".join(parts) or name.rfc4514_string()


def person_name(full_name: str, position: str, organization: str) -> x509.Name:
    """Decree 68 asks the certificate to name the subscriber; we add position and unit."""
    attrs = [x509.NameAttribute(NameOID.COUNTRY_NAME, "VN")]
    if organization:
        attrs.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, organization[:64]))
    if position:
        attrs.append(x509.NameAttribute(NameOID.TITLE, position[:64]))
    attrs.append(x509.NameAttribute(NameOID.COMMON_NAME, full_name[:64]))
    return x509.Name(attrs)


def organization_name(name: str, parent: str) -> x509.Name:
    attrs = [x509.NameAttribute(NameOID.COUNTRY_NAME, "VN")]
    if parent:
        attrs.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, parent[:64]))
    attrs.append(x509.NameAttribute(NameOID.COMMON_NAME, name[:64]))
    return x509.Name(attrs)


def ca_name(common: str, installation: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, installation[:64]),
            x509.NameAttribute(NameOID.COMMON_NAME, common[:64]),
        ]
    )


def _ca_key_usage() -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=True,
        content_commitment=False,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=True,
        crl_sign=True,
        encipher_only=False,
        decipher_only=False,
    )


def _signer_key_usage() -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=True,
        content_commitment=True,  # non-repudiation: what PDF validators require of signers
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=False,
        crl_sign=False,
        encipher_only=False,
        decipher_only=False,
    )


def build_root(key: PrivateKey, name: x509.Name, now: dt.datetime) -> x509.Certificate:
    return (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - BACKDATE)
        .not_valid_after(now + dt.timedelta(days=365 * ROOT_YEARS))
        .add_extension(x509.BasicConstraints(ca=True, path_length=1), critical=True)
        .add_extension(_ca_key_usage(), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )


@dataclass(frozen=True)
class Publication:
    """Where relying parties find the issuer's CRL, OCSP responder and certificate (URLs of
    the installation)."""

    crl_url: str
    issuer_cert_url: str
    ocsp_url: str = ""


def _access(publication: Publication) -> list[x509.AccessDescription]:
    access = [
        x509.AccessDescription(
            x509.AuthorityInformationAccessOID.CA_ISSUERS,
            x509.UniformResourceIdentifier(publication.issuer_cert_url),
        )
    ]
    if publication.ocsp_url:
        access.insert(
            0,
            x509.AccessDescription(
                x509.AuthorityInformationAccessOID.OCSP,
                x509.UniformResourceIdentifier(publication.ocsp_url),
            ),
        )
    return access


def _leaf_builder(
    *,
    subject: x509.Name,
    public_key: PublicKey,
    issuer: x509.Certificate,
    now: dt.datetime,
    days: int,
    publication: Publication,
) -> x509.CertificateBuilder:
    not_after = min(now + dt.timedelta(days=days), issuer.not_valid_after_utc)
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer.subject)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - BACKDATE)
        .not_valid_after(not_after)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer.public_key()),  # type: ignore[arg-type]
            critical=False,
        )
        .add_extension(
            x509.CRLDistributionPoints(
                [
                    x509.DistributionPoint(
                        full_name=[x509.UniformResourceIdentifier(publication.crl_url)],
                        relative_name=None,
                        reasons=None,
                        crl_issuer=None,
                    )
                ]
            ),
            critical=False,
        )
        .add_extension(
            x509.AuthorityInformationAccess(_access(publication)),
            critical=False,
        )
    )


class LeafRole(enum.Enum):
    """What a certificate below the root is for, and so its extensions (ADR 0010)."""

    ISSUING = "issuing"
    SIGNER = "signer"
    TSA = "tsa"


def _role_extensions(role: LeafRole) -> list[tuple[x509.ExtensionType, bool]]:
    """(extension, critical) pairs. Signers carry no extended key usage on purpose: NSS-based
    validators (poppler's pdfsig) reject signers whose EKU lacks emailProtection. RFC 3161
    §2.3: a time-stamp authority's only extended key usage is timeStamping, and critical."""
    if role is LeafRole.ISSUING:
        return [(x509.BasicConstraints(ca=True, path_length=0), True), (_ca_key_usage(), True)]
    extensions: list[tuple[x509.ExtensionType, bool]] = [
        (x509.BasicConstraints(ca=False, path_length=None), True),
        (_signer_key_usage(), True),
    ]
    if role is LeafRole.TSA:
        extensions.append((x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), True))
    return extensions


_ROLE_DAYS = {LeafRole.ISSUING: 365 * ISSUING_YEARS, LeafRole.TSA: 365 * TSA_YEARS}


def build_leaf(
    role: LeafRole,
    *,
    subject: x509.Name,
    public_key: PublicKey,
    issuer: x509.Certificate,
    issuer_key: PrivateKey,
    now: dt.datetime,
    publication: Publication,
    days: int | None = None,
) -> x509.Certificate:
    """A certificate issued by `issuer`: an issuing CA (below the root), a personal,
    organization or installation signer, or the time-stamp authority. `days` defaults to the
    role's lifetime (signers must say theirs); it never outlives the issuer."""
    lifetime = days if days is not None else _ROLE_DAYS[role]
    builder = _leaf_builder(
        subject=subject,
        public_key=public_key,
        issuer=issuer,
        now=now,
        days=lifetime,
        publication=publication,
    )
    for extension, critical in _role_extensions(role):
        builder = builder.add_extension(extension, critical=critical)
    return builder.sign(issuer_key, hashes.SHA256())
