"""PAdES signing: one incremental update per signature, B-B to B-LTA, in one pass.

Speed: the signer comes from the process cache, the CMS size is reserved up front from the
certificate sizes (no dry-run signature), and the digest is SHA-256 without seed-value lookups.
"""

from __future__ import annotations

import asyncio
import io
import logging
from dataclasses import dataclass, field
from typing import Any, cast

from asn1crypto import cms
from asn1crypto import x509 as asn1_x509
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields
from pyhanko.sign.general import SigningError as HankoSigningError
from pyhanko.sign.signers import ExternalSigner, PdfSignatureMetadata, PdfSigner
from pyhanko.sign.signers.pdf_byterange import PreparedByteRangeDigest
from pyhanko.sign.signers.pdf_signer import PdfTimeStamper
from pyhanko.sign.timestamps import TimeStamper
from pyhanko.sign.validation import EmbeddedPdfSignature, async_add_validation_info
from pyhanko.stamp import BaseStampStyle

from partydesk.signatures.pdf import appearance, fonts, forms
from partydesk.signatures.pdf.keys import KeyRef, registry_for, signers
from partydesk.signatures.pdf.reading import (
    FieldInfo,
    open_reader,
    page_rect,
    signature_fields,
)
from partydesk.signatures.pdf.trust import Trust

LEVELS = ("B-B", "B-T", "B-LT", "B-LTA")


class _NoFetchNotice(logging.Filter):
    """We hand our CRLs to the validation context ourselves; pyHanko's warning that fetching
    is off says nothing useful here."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "fetching is not allowed" not in record.getMessage()


logging.getLogger("pyhanko.sign.signers.pdf_signer").addFilter(_NoFetchNotice())
MD = "sha256"
PERSONAL_PREFIX = "PD_Personal"
SEAL_PREFIX = "PD_Seal"
NOTE_PREFIX = "PD_Unit"


class SignFailed(Exception):
    """pyHanko refused to sign; the message is technical (logged, not shown)."""


@dataclass(frozen=True)
class Personal:
    """Visible personal signature: handwritten image and name/position/time lines."""

    signature_png: bytes
    lines: tuple[str, ...]
    page: int = -1
    box: appearance.Rect | None = None
    # An empty field the layout pre-placed for this signer (a co-signer's block); used when
    # the document has it unsigned, else `page`/`box` as usual.
    field: str = ""


@dataclass(frozen=True)
class Seal:
    """Visible unit seal at real size over the latest personal signature."""

    seal_png: bytes
    width_pt: float


@dataclass(frozen=True)
class Note:
    """Attachment/copy: invisible-style signature, text top right of page 1, no image."""

    text: str


Placement = Personal | Seal | Note | None


@dataclass(frozen=True)
class SignSpec:
    level: str
    placement: Placement
    reason: str = ""
    location: str = ""
    timestamper: TimeStamper | None = None
    timestamp_reserve: int = 0
    trust: Trust | None = None
    font_path: str = ""
    contact: str = ""
    extra: dict = field(default_factory=dict)
    # Text fields filled in the same revision as the signature (the number at issue).
    fill: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Signed:
    pdf: bytes
    field_name: str


def _reserve(certificates_size: int, timestamp_reserve: int) -> int:
    """Hex-encoded CMS size: certificates + attributes + signature, and the time-stamp token."""
    der_size = certificates_size + 1600 + (timestamp_reserve + 1200 if timestamp_reserve else 0)
    return 2 * der_size + 1024


def _field_name(existing: list[FieldInfo], prefix: str) -> tuple[str, bool]:
    """A pre-placed empty field named `prefix` wins; else the next free `prefix_N`."""
    for info in existing:
        if info.name == prefix and not info.signed:
            return prefix, True
    taken = {info.name for info in existing}
    n = 1
    while f"{prefix}_{n}" in taken:
        n += 1
    return f"{prefix}_{n}", False


def _layout(
    reader: PdfFileReader, existing: list[FieldInfo], spec: SignSpec
) -> tuple[str, fields.SigFieldSpec | None, BaseStampStyle | None]:
    placement = spec.placement
    prefix = {Personal: PERSONAL_PREFIX, Seal: SEAL_PREFIX, Note: NOTE_PREFIX}.get(
        type(placement), NOTE_PREFIX
    )
    own = getattr(placement, "field", "")
    if own and any(f.name == own and not f.signed for f in existing):
        prefix = own
    name, pre_placed = _field_name(existing, prefix)
    preset = next((f for f in existing if f.name == name), None) if pre_placed else None
    if isinstance(placement, Personal):
        page_ix = preset.page if preset else placement.page
        page_ix = page_ix if page_ix >= 0 else reader.root["/Pages"]["/Count"] + page_ix
        box = (
            preset.rect
            if preset and preset.rect
            else placement.box or appearance.personal_box_default(page_rect(reader, page_ix))
        )
        style: BaseStampStyle = appearance.personal_style(
            widget=box,
            signature_png=placement.signature_png,
            lines=list(placement.lines),
            font=fonts.serif_font(spec.font_path),
        )
    elif isinstance(placement, Seal):
        personal = [f for f in existing if f.name.startswith(PERSONAL_PREFIX) and f.signed]
        if personal and personal[-1].rect:
            page_ix, widget = personal[-1].page, personal[-1].rect
        else:
            page_ix = reader.root["/Pages"]["/Count"] - 1
            widget = appearance.personal_box_default(page_rect(reader, page_ix))
        aspect = appearance.encode_png(placement.seal_png).aspect
        image = appearance.personal_image_rect(widget)
        box = (
            preset.rect
            if preset and preset.rect
            else appearance.seal_box(image, placement.width_pt, aspect)
        )
        if preset:
            page_ix = preset.page
        style = appearance.seal_style(widget=box, seal_png=placement.seal_png)
    elif isinstance(placement, Note):
        font = fonts.serif_font(spec.font_path)
        page_ix = 0
        box = appearance.note_box(page_rect(reader, 0), placement.text, font)
        style = appearance.note_style(text=placement.text, font=font)
    else:
        return name, (None if pre_placed else fields.SigFieldSpec(sig_field_name=name)), None
    if pre_placed:
        return name, None, style
    return (
        name,
        fields.SigFieldSpec(sig_field_name=name, on_page=page_ix, box=_box(box)),
        style,
    )


def _box(box: appearance.Rect) -> Any:
    """pyHanko types the box as ints; fractions of a point keep the seal where Decree 30
    wants it."""
    return tuple(round(v, 2) for v in box)


def _metadata(name: str, spec: SignSpec) -> PdfSignatureMetadata:
    long_term = spec.level in ("B-LT", "B-LTA")
    return PdfSignatureMetadata(
        field_name=name,
        md_algorithm=MD,
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=spec.reason or None,
        location=spec.location or None,
        contact_info=spec.contact or None,
        embed_validation_info=long_term,
        use_pades_lta=spec.level == "B-LTA",
        validation_context=spec.trust.context() if long_term and spec.trust else None,
    )


def sign(pdf: bytes, key: KeyRef, spec: SignSpec) -> Signed:
    """Add one PAdES signature as an incremental update; earlier signatures stay intact."""
    if spec.level not in LEVELS:
        raise ValueError(spec.level)
    if spec.level != "B-B" and spec.timestamper is None:
        raise SignFailed("a time-stamp authority is needed above B-B")
    reader = open_reader(pdf)
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), prev=reader)
    if spec.fill:
        forms.fill_text_fields(writer, dict(spec.fill), fonts.serif_font(spec.font_path))
    existing = signature_fields(reader)
    name, field_spec, style = _layout(reader, existing, spec)
    pdf_signer = PdfSigner(
        _metadata(name, spec),
        signers.get(key),
        timestamper=spec.timestamper if spec.level != "B-B" else None,
        stamp_style=style,
        new_field_spec=field_spec,
    )
    try:
        output = pdf_signer.sign_pdf(
            writer,
            bytes_reserved=_reserve(
                key.certificates_size(), spec.timestamp_reserve if spec.level != "B-B" else 0
            ),
        )
    except (HankoSigningError, PdfError, OSError) as exc:
        raise SignFailed(str(exc)) from exc
    return Signed(pdf=cast(io.BytesIO, output).getvalue(), field_name=name)


# --- interrupted signing (the signer's own token) ------------------------------------------


@dataclass(frozen=True)
class Prepared:
    """Everything `finish` needs, as plain bytes/ints so it can wait in the database."""

    field_name: str
    prepared_pdf: bytes
    signed_attrs: bytes
    document_digest: bytes
    reserved_start: int
    reserved_end: int
    md_algorithm: str = MD


def prepare(
    pdf: bytes, certificate_der: bytes, chain_der: tuple[bytes, ...], spec: SignSpec
) -> Prepared:
    """Lay out the signature, reserve its space and compute what the token must sign: the
    DER of the CMS signed attributes (its SHA-256 is the digest the token signs)."""
    reader = open_reader(pdf)
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), prev=reader)
    name, field_spec, style = _layout(reader, signature_fields(reader), spec)
    ref = KeyRef(fingerprint="", certificate_der=certificate_der, chain_der=chain_der)
    external = ExternalSigner(
        signing_cert=asn1_x509.Certificate.load(certificate_der),
        cert_registry=registry_for(ref),
        signature_value=512,
    )
    meta = PdfSignatureMetadata(
        field_name=name,
        md_algorithm=MD,
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=spec.reason or None,
        location=spec.location or None,
    )
    pdf_signer = PdfSigner(meta, external, stamp_style=style, new_field_spec=field_spec)

    async def _run() -> Prepared:
        digest, _tbs, output = await pdf_signer.async_digest_doc_for_signing(
            writer,
            bytes_reserved=_reserve(ref.certificates_size() + 256, spec.timestamp_reserve),
        )
        attrs = await external.signed_attrs(digest.document_digest, MD, use_pades=True)
        return Prepared(
            field_name=name,
            prepared_pdf=cast(io.BytesIO, output).getvalue(),
            signed_attrs=attrs.dump(),
            document_digest=digest.document_digest,
            reserved_start=digest.reserved_region_start,
            reserved_end=digest.reserved_region_end,
        )

    try:
        return asyncio.run(_run())
    except (HankoSigningError, PdfError) as exc:
        raise SignFailed(str(exc)) from exc


def finish(
    prepared: Prepared,
    *,
    signature_value: bytes,
    certificate_der: bytes,
    chain_der: tuple[bytes, ...],
    spec: SignSpec,
) -> bytes:
    """Embed the token's signature value (time-stamped for B-T and up), then add validation
    data (B-LT) and a document time-stamp (B-LTA) as further incremental updates."""
    ref = KeyRef(fingerprint="", certificate_der=certificate_der, chain_der=chain_der)
    external = ExternalSigner(
        signing_cert=asn1_x509.Certificate.load(certificate_der),
        cert_registry=registry_for(ref),
        signature_value=signature_value,
    )
    output = io.BytesIO(prepared.prepared_pdf)

    async def _run() -> None:
        signed_cms = await external.async_sign_prescribed_attributes(
            prepared.md_algorithm,
            signed_attrs=cms.CMSAttributes.load(prepared.signed_attrs),
            timestamper=spec.timestamper if spec.level != "B-B" else None,
        )
        PreparedByteRangeDigest(
            document_digest=prepared.document_digest,
            reserved_region_start=prepared.reserved_start,
            reserved_region_end=prepared.reserved_end,
        ).fill_with_cms(output, signed_cms)

    try:
        asyncio.run(_run())
    except (HankoSigningError, PdfError, OSError, ValueError) as exc:
        raise SignFailed(str(exc)) from exc
    pdf = output.getvalue()
    if spec.level in ("B-LT", "B-LTA") and spec.trust is not None:
        pdf = extend(pdf, prepared.field_name, spec)
    return pdf


def extend(pdf: bytes, field_name: str, spec: SignSpec) -> bytes:
    """B-LT: the signature's validation data in the DSS; B-LTA: then a document time-stamp."""
    trust = spec.trust
    assert trust is not None
    reader = open_reader(pdf)
    embedded = next(s for s in reader.embedded_regular_signatures if s.field_name == field_name)

    async def _run() -> bytes:
        out = await async_add_validation_info(
            embedded,
            trust.context(),
            output=io.BytesIO(),
        )
        data = out.getvalue()
        if spec.level == "B-LTA" and spec.timestamper is not None:
            stamper = PdfTimeStamper(spec.timestamper)
            w = IncrementalPdfFileWriter(io.BytesIO(data))
            stamped = await stamper.async_timestamp_pdf(
                w,
                MD,
                trust.context(),
                bytes_reserved=_reserve(0, spec.timestamp_reserve),
            )
            data = stamped.getvalue()
        return data

    try:
        return asyncio.run(_run())
    except (HankoSigningError, PdfError, OSError) as exc:
        raise SignFailed(str(exc)) from exc


def embedded_signature(reader: PdfFileReader, field_name: str) -> EmbeddedPdfSignature:
    return next(s for s in reader.embedded_signatures if s.field_name == field_name)
