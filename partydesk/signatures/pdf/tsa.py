"""RFC 3161 time-stamping: our own authority (answers /signatures/tsa and signs in-process),
and a stdlib HTTP client for an external authority (PARTYDESK_TSA_URL).

A closed network cannot reach a public TSA, so each installation runs one, with a TSA
certificate issued by its own CA (critical extendedKeyUsage timeStamping, RFC 3161 §2.3).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import secrets
import urllib.error
import urllib.request
from collections.abc import Callable

from asn1crypto import algos, cms, core, tsp
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from pyhanko.sign import general
from pyhanko.sign.timestamps import TimeStamper
from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper
from pyhanko_certvalidator.registry import SimpleCertificateStore

from partydesk.signatures.pdf.keys import KeyRef

# An OID derived from a UUID (ITU-T X.667, arc 2.25) names our TSA policy without registration.
TSA_POLICY_OID = "2.25.216844466186425442853347010476934398523"
ACCEPTED_DIGESTS = {"sha256", "sha384", "sha512"}
_HASHES: dict[str, Callable[[], hashes.HashAlgorithm]] = {
    "sha256": hashes.SHA256,
    "sha384": hashes.SHA384,
    "sha512": hashes.SHA512,
}


class TimeStampAuthority(DummyTimeStamper):
    """pyHanko's in-process TSA, with our policy, one-second accuracy, random serials and a
    key parsed once (the stock class re-parses it for every token)."""

    def __init__(self, ref: KeyRef, key: rsa.RSAPrivateKey) -> None:
        super().__init__(
            tsa_cert=asn1_x509.Certificate.load(ref.certificate_der),
            tsa_key=None,  # type: ignore[arg-type]
            certs_to_embed=SimpleCertificateStore.from_certs(
                [asn1_x509.Certificate.load(c) for c in ref.chain_der]
            ),
        )
        self._key = key

    def _build_tst_info(
        self, message_imprint: tsp.MessageImprint, dt: dt.datetime, req: tsp.TimeStampReq
    ) -> tsp.TSTInfo:
        info = {
            "version": "v1",
            "policy": tsp.ObjectIdentifier(TSA_POLICY_OID),
            "message_imprint": message_imprint,
            "serial_number": secrets.randbits(127),
            "gen_time": dt,
            "accuracy": tsp.Accuracy({"seconds": 1}),
            "tsa": asn1_x509.GeneralName(name="directory_name", value=self.tsa_cert.subject),
        }
        if req["nonce"].native is not None:
            info["nonce"] = req["nonce"]
        return tsp.TSTInfo(info)

    def _sign_tst_info(
        self, tst_info_data: bytes, md_algorithm: str, dt: dt.datetime
    ) -> tuple[bytes, cms.CMSAttributes]:
        digest = hashes.Hash(_HASHES[md_algorithm]())
        digest.update(tst_info_data)
        signed_attrs = cms.CMSAttributes(
            [
                general.simple_cms_attribute("content_type", "tst_info"),
                general.simple_cms_attribute(
                    "signing_time", cms.Time({"utc_time": core.UTCTime(dt)})
                ),
                general.simple_cms_attribute(
                    "signing_certificate_v2", general.as_signing_certificate_v2(self.tsa_cert)
                ),
                general.simple_cms_attribute("message_digest", digest.finalize()),
            ]
        )
        signature = self._key.sign(signed_attrs.dump(), padding.PKCS1v15(), _HASHES[md_algorithm]())
        return signature, signed_attrs

    def respond(self, body: bytes) -> bytes:
        """Answer one DER TimeStampReq with a DER TimeStampResp (RFC 3161 §2.4.2)."""
        try:
            req = tsp.TimeStampReq.load(body)
            algorithm = req["message_imprint"]["hash_algorithm"]["algorithm"].native
            hashed = req["message_imprint"]["hashed_message"].native
        except (ValueError, TypeError, KeyError):
            return _rejection("bad_data_format", "not a time-stamp request")
        if algorithm not in ACCEPTED_DIGESTS:
            return _rejection("bad_alg", f"digest {algorithm} is not accepted")
        if len(hashed) != _HASHES[algorithm]().digest_size:
            return _rejection("bad_data_format", "digest length does not match its algorithm")
        if req["req_policy"].native not in (None, TSA_POLICY_OID):
            return _rejection("unaccepted_policy", "only our own policy is served")
        return self.request_tsa_response(req).dump()


def _rejection(failure: str, text: str) -> bytes:
    """A TimeStampResp with only a status (asn1crypto insists on a token, so DER by hand)."""
    status = tsp.PKIStatusInfo(
        {
            "status": tsp.PKIStatus("rejection"),
            "status_string": [text],
            "fail_info": tsp.PKIFailureInfo({failure}),
        }
    ).dump()
    return core.Sequence.load(b"\x30" + _der_length(len(status)) + status).dump()


def _der_length(n: int) -> bytes:
    if n < 0x80:
        return bytes([n])
    raw = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(raw)]) + raw


def open_authority(ref: KeyRef) -> TimeStampAuthority:
    assert ref.load_pkcs8 is not None
    key = serialization.load_der_private_key(ref.load_pkcs8(), password=None)
    if not isinstance(key, rsa.RSAPrivateKey):
        raise ValueError("the time-stamp authority needs an RSA key")
    return TimeStampAuthority(ref, key)


class UrlTimeStamper(TimeStamper):
    """An external RFC 3161 authority over HTTP(S), with the standard library only."""

    def __init__(self, url: str, timeout: float = 10) -> None:
        super().__init__()
        self.url = url
        self.timeout = timeout

    def _post(self, body: bytes) -> bytes:
        request = urllib.request.Request(  # noqa: S310 - the operator configures the URL
            self.url, data=body, headers={"Content-Type": "application/timestamp-query"}
        )
        with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
            if response.headers.get_content_type() != "application/timestamp-reply":
                raise OSError("the time-stamp authority did not answer with a time-stamp reply")
            return bytes(response.read())

    async def async_request_tsa_response(self, req: tsp.TimeStampReq) -> tsp.TimeStampResp:
        try:
            body = await asyncio.to_thread(self._post, req.dump())
        except urllib.error.URLError as exc:
            raise OSError(f"time-stamp authority unreachable: {exc.reason}") from exc
        return tsp.TimeStampResp.load(body)


def digest_algorithm_id(name: str) -> algos.DigestAlgorithm:
    return algos.DigestAlgorithm({"algorithm": name})
