"""Validation: every signature and document time-stamp of a PDF, as a report people can read."""

from __future__ import annotations

import asyncio
import datetime as dt
import io
from typing import Any

from asn1crypto import x509 as asn1_x509
from django.utils.translation import gettext as _
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.general import SigningError as HankoSigningError
from pyhanko.sign.signers.pdf_signer import PdfTimeStamper
from pyhanko.sign.timestamps import TimeStamper
from pyhanko.sign.validation import (
    EmbeddedPdfSignature,
    SignatureCoverageLevel,
    async_validate_pdf_signature,
    async_validate_pdf_timestamp,
)
from pyhanko.sign.validation.settings import KeyUsageConstraints
from pyhanko.sign.validation.status import SignatureStatus
from pyhanko_certvalidator import ValidationContext

from partydesk.signatures.pdf.reading import open_reader
from partydesk.signatures.pdf.report import (
    CertificateInfo,
    SignatureReport,
    ValidationReport,
    broken_report,
)
from partydesk.signatures.pdf.trust import Trust

# Accept signers whose certificate says either: many national CAs set digitalSignature only.
_KEY_USAGE = KeyUsageConstraints(key_usage={"non_repudiation", "digital_signature"})


def _name(name: asn1_x509.Name) -> str:
    native = name.native
    return str(native.get("common_name") or _readable(name))


def _readable(name: asn1_x509.Name) -> str:
    """The name's values in reading order ("Nguyễn Văn A, Bí thư, Đảng ủy ..."): asn1crypto's
    human_friendly labels them in English ("Common Name: ..., Title: ...") on Vietnamese pages."""
    native = name.native
    keys = ("common_name", "title", "organizational_unit_name", "organization_name")
    parts = [str(v) for key in keys for v in _values(native.get(key))]
    return ", ".join(parts) or name.human_friendly


def _values(value: object) -> list[object]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _cert_info(cert: asn1_x509.Certificate) -> CertificateInfo:
    return CertificateInfo(
        subject=_readable(cert.subject),
        issuer=_readable(cert.issuer),
        serial=format(cert.serial_number, "X"),
        not_before=cert.not_valid_before,
        not_after=cert.not_valid_after,
    )


def _chain(status: SignatureStatus, embedded: EmbeddedPdfSignature) -> list[CertificateInfo]:
    if status.validation_path is not None:
        certs = list(status.validation_path.iter_certs(include_root=True))
        return [_cert_info(c) for c in reversed(certs)]
    return [_cert_info(status.signing_cert)] + [
        _cert_info(c) for c in embedded.other_embedded_certs if c != status.signing_cert
    ]


_MODIFICATION = {
    ModificationLevel.NONE: "none",
    ModificationLevel.LTA_UPDATES: "lta_updates",
    ModificationLevel.FORM_FILLING: "form_filling",
    ModificationLevel.ANNOTATIONS: "annotations",
    ModificationLevel.OTHER: "other",
}


def _modification_text(coverage: str, modification: str, intact: bool) -> str:
    if not intact:
        return _("The signed bytes were changed after signing: the document was altered.")
    if coverage == "entire_file":
        return _("Nothing was changed after this signature.")
    return {
        "lta_updates": _("Only validation data and archive time-stamps were added later."),
        "form_filling": _("Later changes only add signatures or fill in form fields."),
        "annotations": _("Comments or annotations were added after signing."),
        "none": _("Later revisions change nothing visible."),
    }.get(modification, _("The document was changed after signing in a way that is not allowed."))


def _level(embedded: EmbeddedPdfSignature, has_ts: bool, dss: bool, later_doc_ts: bool) -> str:
    if not has_ts:
        return "B-B"
    if dss and later_doc_ts:
        return "B-LTA"
    return "B-LT" if dss else "B-T"


def _revocation(status: SignatureStatus, trust: Trust) -> tuple[str, dt.datetime | None]:
    if status.revocation_details is not None:
        return "revoked", status.revocation_details.revocation_date
    issuer = status.signing_cert.issuer.dump()
    if issuer in trust.crl_issuers() or trust.ocsps or trust.allow_fetching:
        return "good", None
    return "unchecked", None


async def _signature_status(
    embedded: EmbeddedPdfSignature, signer: ValidationContext, stamps: ValidationContext
) -> Any:
    return await async_validate_pdf_signature(
        embedded,
        signer_validation_context=signer,
        ts_validation_context=stamps,
        key_usage_settings=_KEY_USAGE,
    )


def _proves_an_earlier_time(status: Any) -> bool:
    """Intact, cryptographically sound, not trusted now, and time-stamped by a trusted TSA:
    the case where PAdES long-term validation judges the certificate at the time-stamp."""
    tsv = status.timestamp_validity
    return bool(
        status.intact
        and status.valid
        and not status.bottom_line
        and tsv is not None
        and tsv.intact
        and tsv.valid
        and tsv.trusted
    )


def _problems(status: Any, revocation: str, ts_trusted: bool | None) -> list[str]:
    """Why a signature is not valid. An alteration is the whole story: trust and
    revocation were not checked, so nothing is said about them."""
    if not status.intact:
        return [_("The document was altered after this signature was made.")]
    if not status.valid:
        return [_("The cryptographic signature does not match the certificate.")]
    problems: list[str] = []
    if revocation == "revoked":
        problems.append(_("The signer's certificate has been revoked."))
    elif not status.trusted:
        indication = str(status.trust_problem_indic or "")
        if indication == "EXPIRED" or "OUT_OF_BOUNDS" in indication:
            problems.append(_("The signer's certificate has expired or was not valid then."))
        else:
            problems.append(_("The certificate does not chain to a trusted authority."))
    if ts_trusted is False:
        problems.append(_("The time-stamp is not from a trusted authority."))
    if getattr(status, "docmdp_ok", True) is False:
        problems.append(_("Changes after signing break the document's modification policy."))
    return problems


async def _report(
    embedded: EmbeddedPdfSignature,
    trust: Trust,
    context: ValidationContext,
    reader: PdfFileReader,
    dss: bool,
    later_doc_ts: bool,
) -> SignatureReport:
    is_ts = embedded.sig_object_type == "/DocTimeStamp"
    status: Any
    validated_at: dt.datetime | None = None
    revoked_since: tuple[str, dt.datetime | None] | None = None
    if is_ts:
        status = await async_validate_pdf_timestamp(embedded, validation_context=context)
        ts_time, signing_time = status.timestamp, status.timestamp
        ts_trusted, ts_authority = None, _name(status.signing_cert.subject)
    else:
        status = await _signature_status(embedded, context, context)
        if _proves_an_earlier_time(status):
            moment = status.timestamp_validity.timestamp
            past = await _signature_status(embedded, trust.context_at(moment, reader), context)
            if past.bottom_line:
                revoked_since = _revocation(status, trust)
                status, validated_at = past, moment
        tsv = status.timestamp_validity
        ts_time = tsv.timestamp if tsv else None
        ts_trusted = tsv.trusted if tsv else None
        ts_authority = _name(tsv.signing_cert.subject) if tsv else ""
        signing_time = status.signer_reported_dt or embedded.self_reported_timestamp
    checked = bool(status.intact and status.valid)
    coverage = {
        SignatureCoverageLevel.ENTIRE_FILE: "entire_file",
        SignatureCoverageLevel.ENTIRE_REVISION: "entire_revision",
    }.get(status.coverage, "partial")  # type: ignore[arg-type]
    level_enum = status.modification_level
    modification = _MODIFICATION.get(level_enum, "other") if level_enum is not None else "none"
    if not checked:
        revocation, revoked_at, ts_trusted = "unchecked", None, None
    elif revoked_since is not None and revoked_since[0] == "revoked":
        revocation, revoked_at = "revoked_later", revoked_since[1]
    else:
        revocation, revoked_at = _revocation(status, trust)
    if is_ts:
        ok = bool(status.intact and status.valid and status.trusted)
        ok = ok and getattr(status, "docmdp_ok", True) is not False
    else:
        ok = bool(status.bottom_line)
    return SignatureReport(
        field_name=str(embedded.field_name),
        kind="timestamp" if is_ts else "signature",
        signer=_name(status.signing_cert.subject),
        signer_subject=_readable(status.signing_cert.subject),
        fingerprint=status.signing_cert.sha256.hex(),
        chain=_chain(status, embedded),
        trusted=bool(status.trusted),
        intact=bool(status.intact),
        valid=bool(status.valid),
        signing_time=signing_time,
        timestamp_time=ts_time,
        timestamp_trusted=ts_trusted,
        timestamp_authority=ts_authority,
        coverage=coverage,
        modification=modification,
        modification_text=_modification_text(coverage, modification, bool(status.intact)),
        docmdp_ok=getattr(status, "docmdp_ok", None),
        revocation=revocation,
        revoked_at=revoked_at,
        level="DocTimeStamp"
        if is_ts
        else _level(embedded, status.timestamp_validity is not None, dss, later_doc_ts),
        ok=ok,
        problems=_problems(status, revocation, ts_trusted),
        validated_at=validated_at,
        checked=checked,
    )


def validate(pdf: bytes, trust: Trust) -> ValidationReport:
    """Validate every signature; raises BadPdf for files that are not readable PDFs."""
    reader = open_reader(pdf)
    try:
        embedded = list(reader.embedded_signatures)
    except (PdfError, ValueError, KeyError, TypeError) as exc:
        from partydesk.signatures.pdf.reading import BadPdf

        raise BadPdf("malformed", str(exc)) from exc
    dss = "/DSS" in reader.root
    positions = [(e.signed_revision, e.sig_object_type == "/DocTimeStamp") for e in embedded]

    async def _all() -> list[SignatureReport]:
        reports = []
        context = trust.context()  # one per document: the signatures share their CA chain
        for e in embedded:
            later_ts = any(ts and rev > e.signed_revision for rev, ts in positions)
            try:
                reports.append(await _report(e, trust, context, reader, dss, later_ts))
            # A damaged signature can fail anywhere in pyHanko, asn1crypto or cryptography
            # (an unknown digest OID is an AttributeError): it is reported, not raised.
            except Exception as exc:
                reports.append(broken_report(str(e.field_name), str(exc)))
        return reports

    reports = asyncio.run(_all())
    all_valid = bool(reports) and all(r.ok for r in reports)
    return ValidationReport(signatures=reports, all_valid=all_valid)


def extend_archive_timestamps(pdf: bytes, trust: Trust, timestamper: TimeStamper) -> bytes:
    """B-LTA maintenance: validation data for the last time-stamp, then a new one over all."""
    reader = open_reader(pdf)
    output = io.BytesIO()

    async def _run() -> None:
        await PdfTimeStamper(timestamper).async_update_archival_timestamp_chain(
            reader, trust.context(), in_place=False, output=output
        )

    try:
        asyncio.run(_run())
    except (HankoSigningError, PdfError, OSError) as exc:
        from partydesk.signatures.pdf.signing import SignFailed

        raise SignFailed(str(exc)) from exc
    return output.getvalue()


def last_timestamp_expiry(pdf: bytes) -> dt.datetime | None:
    """When the certificate of the newest document time-stamp expires (renew before it)."""
    reader = open_reader(pdf)
    stamps = list(reader.embedded_timestamp_signatures)
    if not stamps:
        return None
    return stamps[-1].signer_cert.not_valid_after
