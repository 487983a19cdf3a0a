"""Detached CMS signatures and RFC 3161 time-stamp tokens over arbitrary bytes (the audit
checkpoints), in the forms `openssl cms -verify` and `openssl ts -verify` accept.

Pure functions over `cryptography` and `asn1crypto` objects: no database. Signing uses
`cryptography`'s PKCS#7 builder; checking is done here, one step at a time, so that each
failure has its own reason.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass

from asn1crypto import algos, cms, tsp
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.serialization import pkcs7

from partydesk.signatures.pki import PrivateKey


class ProofError(ValueError):
    """A signature or time-stamp token does not hold; the message says why."""


def sign_detached(
    payload: bytes, *, certificate: x509.Certificate, key: PrivateKey, chain: list[x509.Certificate]
) -> bytes:
    """A detached CMS SignedData (DER) over `payload`, with the signer's certificate chain."""
    builder = (
        pkcs7.PKCS7SignatureBuilder()
        .set_data(payload)
        .add_signer(
            certificate,
            key,
            hashes.SHA256(),  # type: ignore[arg-type]
        )
    )
    for extra in chain:
        builder = builder.add_certificate(extra)
    return builder.sign(
        serialization.Encoding.DER,
        [pkcs7.PKCS7Options.DetachedSignature, pkcs7.PKCS7Options.Binary],
    )


def timestamp_request(data: bytes) -> tsp.TimeStampReq:
    """An RFC 3161 request over SHA-256 of `data`, asking for the TSA's certificates."""
    return tsp.TimeStampReq(
        {
            "version": 1,
            "message_imprint": {
                "hash_algorithm": algos.DigestAlgorithm({"algorithm": "sha256"}),
                "hashed_message": hashlib.sha256(data).digest(),
            },
            "nonce": secrets.randbits(63),
            "cert_req": True,
        }
    )


@dataclass(frozen=True)
class Signed:
    """Who signed (the certificate found in the token) and, for a time-stamp, when."""

    certificate: x509.Certificate
    signed_at: dt.datetime | None = None


_DIGESTS: dict[str, Callable[[], hashes.HashAlgorithm]] = {
    "sha256": hashes.SHA256,
    "sha384": hashes.SHA384,
    "sha512": hashes.SHA512,
}


def _signed_data(der: bytes, what: str) -> cms.SignedData:
    try:
        info = cms.ContentInfo.load(der)
        if info["content_type"].native != "signed_data":
            raise ProofError(f"the {what} is not a CMS SignedData")
        signed = info["content"]
        if len(signed["signer_infos"]) != 1:
            raise ProofError(f"the {what} must have exactly one signer")
    except (ValueError, TypeError, KeyError) as exc:
        raise ProofError(f"the {what} cannot be read") from exc
    return signed  # type: ignore[no-any-return]


def _signer_certificate(signed: cms.SignedData, what: str) -> x509.Certificate:
    sid = signed["signer_infos"][0]["sid"]
    if sid.name != "issuer_and_serial_number":
        raise ProofError(f"the {what} names its signer in an unsupported way")
    wanted = sid.chosen
    for choice in signed["certificates"] or []:
        cert = choice.chosen
        if (
            choice.name == "certificate"
            and cert.serial_number == wanted["serial_number"].native
            # DER first: asn1crypto's name comparison normalises, and is slow
            and (cert.issuer.dump() == wanted["issuer"].dump() or cert.issuer == wanted["issuer"])
        ):
            return x509.load_der_x509_certificate(cert.dump())
    raise ProofError(f"the {what} does not carry its signer's certificate")


def _check_signer_info(signed: cms.SignedData, content: bytes, what: str) -> x509.Certificate:
    """The signed attributes name `content`'s digest and the signer's key signed them."""
    info = signed["signer_infos"][0]
    algorithm = info["digest_algorithm"]["algorithm"].native
    if algorithm not in _DIGESTS:
        raise ProofError(f"the {what} uses the digest {algorithm}, which is not accepted")
    attrs = info["signed_attrs"]
    digests = [a["values"][0].native for a in attrs if a["type"].native == "message_digest"]
    digest = hashes.Hash(_DIGESTS[algorithm]())
    digest.update(content)
    if digests != [digest.finalize()]:
        raise ProofError(f"the {what} was made over other content")
    certificate = _signer_certificate(signed, what)
    key = certificate.public_key()
    signature, to_check = info["signature"].native, attrs.untag().dump()
    try:
        if isinstance(key, rsa.RSAPublicKey):
            key.verify(signature, to_check, padding.PKCS1v15(), _DIGESTS[algorithm]())
        elif isinstance(key, ec.EllipticCurvePublicKey):
            key.verify(signature, to_check, ec.ECDSA(_DIGESTS[algorithm]()))
        else:
            raise ProofError(f"the {what}'s signer has an unsupported key")
    except InvalidSignature as exc:
        raise ProofError(f"the {what}'s signature value does not match its signer's key") from exc
    return certificate


def _readable(
    what: str, check: Callable[[bytes, bytes], Signed], der: bytes, data: bytes
) -> Signed:
    """Run `check`, turning any parsing failure of malformed DER into a ProofError."""
    try:
        return check(der, data)
    except ProofError:
        raise
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        raise ProofError(f"the {what} cannot be read") from exc


def verify_detached(signature_der: bytes, payload: bytes) -> Signed:
    """Check a detached CMS signature over `payload`; the caller decides whether the signer
    is one it trusts."""
    return _readable("signature", _verify_detached, signature_der, payload)


def _verify_detached(signature_der: bytes, payload: bytes) -> Signed:
    signed = _signed_data(signature_der, "signature")
    if signed["encap_content_info"]["content"].native is not None:
        raise ProofError("the signature is not detached")
    return Signed(_check_signer_info(signed, payload, "signature"))


def verify_timestamp(token_der: bytes, data: bytes) -> Signed:
    """Check an RFC 3161 TimeStampToken over `data`: its imprint, its signature, its time."""
    return _readable("time-stamp", _verify_timestamp, token_der, data)


def _verify_timestamp(token_der: bytes, data: bytes) -> Signed:
    signed = _signed_data(token_der, "time-stamp")
    encap = signed["encap_content_info"]
    if encap["content_type"].native != "tst_info":
        raise ProofError("the time-stamp token holds no TSTInfo")
    tst_der = encap["content"].contents
    info = tsp.TSTInfo.load(tst_der)
    imprint = info["message_imprint"]
    algorithm = imprint["hash_algorithm"]["algorithm"].native
    if algorithm not in _DIGESTS:
        raise ProofError(f"the time-stamp uses the digest {algorithm}, which is not accepted")
    digest = hashes.Hash(_DIGESTS[algorithm]())
    digest.update(data)
    if imprint["hashed_message"].native != digest.finalize():
        raise ProofError("the time-stamp was issued for other data than this signature")
    certificate = _check_signer_info(signed, tst_der, "time-stamp")
    return Signed(certificate, info["gen_time"].native.astimezone(dt.UTC))


def issued_by(certificate: x509.Certificate, issuer: x509.Certificate) -> bool:
    try:
        certificate.verify_directly_issued_by(issuer)
    except (ValueError, TypeError, InvalidSignature):
        return False
    return True
