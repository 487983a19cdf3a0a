"""The one place documents talk to the signatures app: the signer's personal signature, the
organization's signature at issue, and the check of every received PDF."""

from __future__ import annotations

from typing import Any

from partydesk.accounts.models import User
from partydesk.organizations.models import Organization
from partydesk.signatures.errors import PdfInputError
from partydesk.signatures.selectors import pdf_validate
from partydesk.signatures.services import pdf_sign_organization, pdf_sign_personal


def validation_report(pdf: bytes) -> dict[str, Any]:
    """The signature check of a received PDF, as stored on its version (JSON): facts, read
    back in the reader's language by `selectors.lists.report_summary`."""
    try:
        report = pdf_validate(pdf=pdf)
    except PdfInputError as exc:
        return {
            "all_valid": False,
            "signed": False,
            "unreadable": True,
            "summary": str(exc.message),
            "signatures": [],
        }
    signatures = [
        {
            "signer": s.signer,
            "kind": s.kind,
            "ok": s.ok,
            "valid": s.valid,
            "trusted": s.trusted,
            "intact": s.intact,
            "signing_time": s.signing_time.isoformat() if s.signing_time else None,
            "modification": s.modification_text,
            "problems": [str(p) for p in s.problems],
        }
        for s in report.signatures
    ]
    return {
        "all_valid": bool(report.signatures) and report.all_valid,
        "signed": bool(report.signatures),
        "unreadable": False,
        "summary": str(report.summary),
        "signatures": signatures,
    }


def sign_personal(
    *,
    actor: User,
    pdf: bytes,
    reason: str,
    location: str,
    page: int = -1,
    box: tuple[float, float, float, float] | None = None,
    field: str = "",
) -> bytes:
    """The signer's (or a co-signer's) visible signature with their personal certificate;
    `page`/`box` place it (by default the layout's field, else the last page's foot, right);
    `field`, an empty field the layout pre-placed for this signer, wins when present."""
    return pdf_sign_personal(
        actor=actor, pdf=pdf, reason=reason, location=location, page=page, box=box, field=field
    )


def sign_organization(
    *,
    actor: User,
    organization: Organization,
    pdf: bytes,
    number_symbol: str,
    fill: dict[str, str] | None = None,
) -> bytes:
    """The organization's signature (seal), applied by the clerk when numbering; `fill` writes
    the number and date into the fields the layout left for the office, in the same revision."""
    return pdf_sign_organization(
        actor=actor,
        organization=organization,
        pdf=pdf,
        number_symbol=number_symbol,
        visible=True,
        fill=fill,
    )
