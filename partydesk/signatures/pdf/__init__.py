"""The one adapter over pyHanko: nothing outside this package imports pyhanko.

keys        signers opened once per process (encrypted PKCS#8 in memory, or PKCS#11)
tsa         our RFC 3161 authority and a client for an external one
appearance  Decree 30 visible signatures (images, embedded serif font)
reading     safe opening of PDFs, pages and signature fields
signing     PAdES B-B..B-LTA signing and interrupted (token) signing
trust       trust anchors and CRLs for validation
validation  readable reports; archive time-stamp renewal
"""

from partydesk.signatures.pdf.fonts import FontMissing, find_serif_font
from partydesk.signatures.pdf.keys import KeyRef, Pkcs11Ref, signers
from partydesk.signatures.pdf.reading import BadPdf, FieldInfo, open_reader, signature_fields
from partydesk.signatures.pdf.report import summary_sentence
from partydesk.signatures.pdf.signing import (
    LEVELS,
    Note,
    Personal,
    Prepared,
    Seal,
    Signed,
    SignFailed,
    SignSpec,
    extend,
    finish,
    prepare,
    sign,
)
from partydesk.signatures.pdf.trust import Trust
from partydesk.signatures.pdf.tsa import TimeStampAuthority, UrlTimeStamper, open_authority
from partydesk.signatures.pdf.validation import (
    CertificateInfo,
    SignatureReport,
    ValidationReport,
    extend_archive_timestamps,
    last_timestamp_expiry,
    validate,
)

__all__ = [
    "LEVELS",
    "BadPdf",
    "CertificateInfo",
    "FieldInfo",
    "FontMissing",
    "KeyRef",
    "Note",
    "Personal",
    "Pkcs11Ref",
    "Prepared",
    "Seal",
    "SignFailed",
    "SignSpec",
    "SignatureReport",
    "Signed",
    "TimeStampAuthority",
    "Trust",
    "UrlTimeStamper",
    "ValidationReport",
    "extend",
    "extend_archive_timestamps",
    "find_serif_font",
    "finish",
    "last_timestamp_expiry",
    "open_authority",
    "open_reader",
    "prepare",
    "sign",
    "signature_fields",
    "signers",
    "summary_sentence",
    "validate",
]
