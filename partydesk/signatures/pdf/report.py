"""What validation reports: one SignatureReport per signature or document time-stamp."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class CertificateInfo:
    subject: str
    issuer: str
    serial: str
    not_before: dt.datetime
    not_after: dt.datetime


@dataclass(frozen=True)
class SignatureReport:
    """One signature (or document time-stamp) as the validator saw it."""

    field_name: str
    kind: str  # "signature" | "timestamp"
    signer: str
    signer_subject: str
    fingerprint: str
    chain: list[CertificateInfo]
    trusted: bool
    intact: bool
    valid: bool
    signing_time: dt.datetime | None
    timestamp_time: dt.datetime | None
    timestamp_trusted: bool | None
    timestamp_authority: str
    coverage: str  # "entire_file" | "entire_revision" | "partial"
    modification: str  # "none" | "lta_updates" | "form_filling" | "annotations" | "other"
    modification_text: str
    docmdp_ok: bool | None
    revocation: str  # "good" | "revoked" | "unchecked"
    revoked_at: dt.datetime | None
    level: str
    ok: bool
    problems: list[str] = field(default_factory=list)
    # The moment the certificate was judged at: the signature's trusted time-stamp when the
    # certificate was revoked or expired since (PAdES long-term validation), else None (now).
    validated_at: dt.datetime | None = None
    # False when the signed bytes or the signature value do not match: then trust and
    # revocation were not looked at, and the alteration is the only cause reported.
    checked: bool = True

    @property
    def modified_after_signing(self) -> bool:
        return not self.intact or self.modification not in ("none", "lta_updates", "form_filling")


def summary_sentence(*, count: int, bad: int) -> str:
    """The verdict on a PDF's `count` signatures, `bad` of them not valid, in the active
    language: built when it is shown, since a stored check is read in other languages."""
    if not count:
        return _("The document carries no digital signature.")
    if not bad:
        return _("All %(count)d signatures are valid.") % {"count": count}
    return _("%(bad)d of %(count)d signatures are NOT valid.") % {"bad": bad, "count": count}


@dataclass(frozen=True)
class ValidationReport:
    signatures: list[SignatureReport]
    all_valid: bool

    @property
    def summary(self) -> str:
        return summary_sentence(
            count=len(self.signatures), bad=sum(1 for s in self.signatures if not s.ok)
        )


def broken_report(field_name: str, detail: str) -> SignatureReport:
    return SignatureReport(
        field_name=field_name,
        kind="signature",
        signer="",
        signer_subject="",
        fingerprint="",
        chain=[],
        trusted=False,
        intact=False,
        valid=False,
        signing_time=None,
        timestamp_time=None,
        timestamp_trusted=None,
        timestamp_authority="",
        coverage="partial",
        modification="other",
        modification_text=_("The signature could not be read."),
        docmdp_ok=None,
        revocation="unchecked",
        revoked_at=None,
        level="",
        ok=False,
        checked=False,
        problems=[
            _("The signature is damaged and cannot be checked (%(detail)s).")
            % {"detail": detail[:200]}
        ],
    )
