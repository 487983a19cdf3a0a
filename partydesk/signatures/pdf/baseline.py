"""Direct pyHanko calls the benchmark compares our service with (bench/signatures.py).

They live in the adapter because nothing else may import pyHanko. Two flavours:

* `Tuned`: what a careful engineer writes by hand: the key parsed once (`TunedSigner`), the CMS
  size reserved up front, SHA-256 and PAdES fixed, the same appearance as ours. Our service
  must keep at least 0.9x its throughput.
* `defaults_sign`: pyHanko's documented one-liner with SimpleSigner, which re-parses the key
  for every signature and signs twice (a dry run to size the CMS, then the real one).
"""

from __future__ import annotations

import asyncio
import io
from dataclasses import dataclass

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
from cryptography.hazmat.primitives.hashes import SHA256
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.timestamps import TimeStamper
from pyhanko.sign.validation import async_validate_pdf_signature
from pyhanko.stamp import BaseStampStyle
from pyhanko_certvalidator.registry import SimpleCertificateStore

from partydesk.signatures.pdf import appearance, fonts
from partydesk.signatures.pdf.trust import Trust


class TunedSigner(signers.SimpleSigner):
    """The usual hand tuning of SimpleSigner: parse the key once, skip the dry-run signature."""

    def __init__(
        self,
        cert: asn1_x509.Certificate,
        key: rsa.RSAPrivateKey,
        pkcs8_der: bytes,
        store: SimpleCertificateStore,
    ) -> None:
        super().__init__(cert, asn1_keys.PrivateKeyInfo.load(pkcs8_der), store)
        self._key = key

    async def async_sign_raw(
        self, data: bytes, digest_algorithm: str, dry_run: bool = False
    ) -> bytes:
        if dry_run:
            return bytes(self._key.key_size // 8)
        return self._key.sign(data, PKCS1v15(), SHA256())


@dataclass
class Tuned:
    """A hand-tuned pyHanko setup for one certificate and one visible layout."""

    signer: signers.Signer
    style: BaseStampStyle | None
    box: tuple[float, float, float, float] | None
    bytes_reserved: int
    timestamper: TimeStamper | None = None

    @classmethod
    def build(
        cls,
        *,
        pkcs8_der: bytes,
        certificate_der: bytes,
        chain_der: tuple[bytes, ...],
        signature_png: bytes | None,
        lines: tuple[str, ...] = (),
        page_box: tuple[float, float, float, float] = (0, 0, 595.28, 841.89),
        timestamper: TimeStamper | None = None,
        timestamp_reserve: int = 0,
    ) -> Tuned:
        key = serialization.load_der_private_key(pkcs8_der, password=None)
        assert isinstance(key, rsa.RSAPrivateKey)
        store = SimpleCertificateStore()
        store.register_multiple([asn1_x509.Certificate.load(c) for c in chain_der])
        signer = TunedSigner(asn1_x509.Certificate.load(certificate_der), key, pkcs8_der, store)
        box = style = None
        if signature_png is not None:
            box = appearance.personal_box_default(page_box)
            style = appearance.personal_style(
                widget=box,
                signature_png=signature_png,
                lines=list(lines),
                font=fonts.serif_font(),
            )
        certs = len(certificate_der) + sum(len(c) for c in chain_der)
        reserve = 2 * (certs + 1600 + (timestamp_reserve + 1200 if timestamper else 0)) + 1024
        return cls(signer, style, box, reserve, timestamper)

    def sign(self, pdf: bytes) -> bytes:
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
        spec = fields.SigFieldSpec(
            sig_field_name="Baseline",
            on_page=-1,
            box=self.box,  # type: ignore[arg-type]
        )
        pdf_signer = signers.PdfSigner(
            signers.PdfSignatureMetadata(
                field_name="Baseline",
                md_algorithm="sha256",
                subfilter=fields.SigSeedSubFilter.PADES,
            ),
            self.signer,
            timestamper=self.timestamper,
            stamp_style=self.style,
            new_field_spec=spec,
        )
        out = pdf_signer.sign_pdf(writer, bytes_reserved=self.bytes_reserved)
        return bytes(out.getvalue())


def defaults_sign(pdf: bytes, *, pkcs8_der: bytes, certificate_der: bytes) -> bytes:
    """pyHanko's README example: SimpleSigner + signers.sign_pdf, everything by default."""
    signer = signers.SimpleSigner(
        signing_cert=asn1_x509.Certificate.load(certificate_der),
        signing_key=asn1_keys.PrivateKeyInfo.load(pkcs8_der),
        cert_registry=SimpleCertificateStore(),
    )
    out = signers.sign_pdf(
        IncrementalPdfFileWriter(io.BytesIO(pdf)),
        signers.PdfSignatureMetadata(field_name="Default"),
        signer=signer,
    )
    return bytes(out.getvalue())


def validate_direct(pdf: bytes, trust: Trust) -> bool:
    """Validate every signature with one context, no report: the bare pyHanko work."""
    reader = PdfFileReader(io.BytesIO(pdf), strict=False)

    async def _all() -> bool:
        context = trust.context()
        results = [
            await async_validate_pdf_signature(
                sig, signer_validation_context=context, ts_validation_context=context
            )
            for sig in reader.embedded_regular_signatures
        ]
        return all(r.bottom_line for r in results)

    return asyncio.run(_all())
