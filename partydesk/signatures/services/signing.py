"""Signing PDFs with the server-held keys: a person's visible signature, then the unit's seal.

The RSA and PDF work runs outside any transaction; only the signing record and its audit event
are written in one (`_record`). On SQLite a transaction holds the database write lock, and
holding it through tens of milliseconds of cryptography would queue every other writer.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from partydesk.accounts.models import User
from partydesk.accounts.selectors import grant_list_current
from partydesk.core.audit import audit_log
from partydesk.core.errors import NotAllowed
from partydesk.organizations.models import Organization
from partydesk.signatures import authority, images, pki
from partydesk.signatures import pdf as adapter
from partydesk.signatures.errors import AuthorityNotReady, PdfInputError, SigningError
from partydesk.signatures.models import (
    Certificate,
    CertificateKind,
    CertificateStatus,
    ImageKind,
    KeyStorage,
    SignatureImage,
    SigningRecord,
)
from partydesk.signatures.pdf import forms
from partydesk.signatures.people import holder_position, seal_label
from partydesk.signatures.permissions import can_seal_for
from partydesk.signatures.services.archive import archive_register

DEFAULT_SEAL_MM = Decimal("36")


def bad_pdf_message(error: adapter.BadPdf) -> str:
    return {
        "not_pdf": _("The file is not a PDF."),
        "encrypted": _(
            "The PDF is encrypted or password-protected; remove the protection and try again."
        ),
    }.get(error.kind, _("The PDF is damaged and cannot be read."))


def iso_local(moment: dt.datetime) -> str:
    """ISO 8601 with the Vietnamese offset, as Decree 30 asks of the attachment/copy note:
    2026-03-05T14:07:09+07:00."""
    return timezone.localtime(moment).isoformat(timespec="seconds")


def stamp_local(moment: dt.datetime) -> str:
    """The signing time under a personal signature, in local time as offices write it:
    05/03/2026 14:07:09 (a reader of the stamp is not meant to parse ISO 8601)."""
    return timezone.localtime(moment).strftime("%d/%m/%Y %H:%M:%S")


def active_certificate(
    *, kind: str, holder: User | None = None, organization: Organization | None = None
) -> Certificate | None:
    qs = Certificate.objects.filter(kind=kind, status=CertificateStatus.ACTIVE)
    if holder is not None:
        # the signer's image comes in the same query: signing is on the hot path
        image = SignatureImage.objects.filter(kind=ImageKind.SIGNATURE, user=OuterRef("holder"))
        qs = qs.filter(holder=holder).annotate(signature_png=Subquery(image.values("png")[:1]))
    else:
        image = SignatureImage.objects.filter(
            kind=ImageKind.SEAL, organization=OuterRef("organization")
        )
        qs = qs.filter(organization=organization).annotate(
            seal_png=Subquery(image.values("png")[:1]),
            seal_width_mm=Subquery(image.values("width_mm")[:1]),
        )
    return qs.select_related("organization").first()


def usable_certificate(certificate: Certificate | None, *, whose: str) -> Certificate:
    if certificate is None:
        raise SigningError(
            _("%(whose)s has no active signing certificate: ask an administrator to issue one.")
            % {"whose": whose}
        )
    now = timezone.now()
    if certificate.not_after <= now:
        raise SigningError(
            _("The certificate of %(whose)s expired on %(date)s: it must be renewed.")
            % {"whose": whose, "date": timezone.localtime(certificate.not_after).date()}
        )
    if certificate.not_before > now:
        raise SigningError(_("The certificate of %(whose)s is not valid yet.") % {"whose": whose})
    return certificate


def _require_second_factor(actor: User | None) -> None:
    if actor is not None and not actor.has_two_factor:
        raise SigningError(_("Set up two-factor login before you sign documents."))


def _level_spec(
    level: str, placement: adapter.signing.Placement, *, reason: str = "", location: str = ""
) -> adapter.SignSpec:
    timestamper, reserve = (None, 0) if level == "B-B" else authority.timestamper()
    return adapter.SignSpec(
        level=level,
        placement=placement,
        timestamper=timestamper,  # type: ignore[arg-type]
        timestamp_reserve=reserve,
        trust=authority.trust() if level in ("B-LT", "B-LTA") else None,
        font_path=str(getattr(settings, "PARTYDESK_SIGNATURE_FONT", "")),
        reason=reason,
        location=location,
    )


def _sign(pdf_bytes: bytes, certificate: Certificate, spec: adapter.SignSpec) -> adapter.Signed:
    if certificate.key_storage == KeyStorage.CLIENT_TOKEN:
        raise SigningError(
            _("This key is on a USB token: sign with the token signing tool instead.")
        )
    try:
        return adapter.sign(pdf_bytes, authority.key_ref(certificate), spec)
    except adapter.BadPdf as exc:
        raise PdfInputError(bad_pdf_message(exc)) from exc
    except pki.KeyPassphraseError as exc:
        raise AuthorityNotReady(
            _(
                "The signing key cannot be opened: PARTYDESK_CA_PASSPHRASE is not the one "
                "it was stored with."
            )
        ) from exc
    except adapter.FontMissing as exc:
        raise SigningError(
            _(
                "No Times New Roman or Liberation Serif 2 font with Vietnamese letters is "
                "installed on the server (Debian package fonts-liberation2)."
            )
        ) from exc
    except adapter.SignFailed as exc:
        raise SigningError(
            _("The document could not be signed: %(reason)s") % {"reason": exc}
        ) from exc


@transaction.atomic
def _record(
    *,
    actor: User | None,
    certificate: Certificate,
    organization: Organization | None,
    kind: str,
    level: str,
    field_name: str,
    before: bytes,
    after: bytes,
    number_symbol: str = "",
    reason: str = "",
    action: str,
    method: str = "server",
) -> SigningRecord:
    record = SigningRecord.objects.create(
        certificate=certificate,
        actor=actor,
        organization=organization,
        kind=kind,
        level=level,
        field_name=field_name,
        number_symbol=number_symbol,
        reason=reason[:200],
        input_sha256=hashlib.sha256(before).hexdigest(),
        output_sha256=hashlib.sha256(after).hexdigest(),
    )
    audit_log(
        actor=actor,
        action=action,
        target=record,
        organization_id=organization.pk if organization else None,
        details={
            "certificate": certificate.serial_hex,
            "field": field_name,
            "level": level,
            "number_symbol": number_symbol,
            "sha256": record.output_sha256,
            "method": method,
        },
    )
    if level == "B-LTA":
        archive_register(pdf_bytes=after)
    return record


def signature_png(user: User, certificate: Certificate | None = None) -> bytes:
    """The uploaded image (from the certificate query when given), else one drawn from the name."""
    if certificate is not None and hasattr(certificate, "signature_png"):
        png = certificate.signature_png
    else:
        png = (
            SignatureImage.objects.filter(kind=ImageKind.SIGNATURE, user=user)
            .values_list("png", flat=True)
            .first()
        )
    return bytes(png) if png else images.default_signature(user.display_name)


def seal_png(
    organization: Organization, certificate: Certificate | None = None
) -> tuple[bytes, float]:
    if certificate is not None and hasattr(certificate, "seal_png"):
        png, width_mm = certificate.seal_png, getattr(certificate, "seal_width_mm", None)
    else:
        image = SignatureImage.objects.filter(
            kind=ImageKind.SEAL, organization=organization
        ).first()
        png, width_mm = (image.png, image.width_mm) if image is not None else (None, None)
    if png and width_mm is not None:
        return bytes(png), float(width_mm) * adapter.appearance.MM
    return images.default_seal(organization.name, seal_label(organization)), float(
        DEFAULT_SEAL_MM
    ) * adapter.appearance.MM


def pdf_sign_personal(
    *,
    actor: User,
    pdf: bytes,
    reason: str = "",
    location: str = "",
    page: int = -1,
    box: tuple[float, float, float, float] | None = None,
    via_console: bool = False,
    field: str = "",
) -> bytes:
    """The actor's visible Decree-30 signature (image, name, position, time) with their active
    personal certificate. `page`/`box` place it; by default an empty field named PD_Personal
    is used if the document has one, else the bottom right of the last page. `field` names
    an empty field pre-placed for this signer (a co-signer's block), used when present.
    `via_console`: an operator signs for the user with manage.py sign_pdf (no second factor
    in a console; the audit event says so)."""
    if not via_console:
        _require_second_factor(actor)
    certificate = usable_certificate(
        active_certificate(kind=CertificateKind.PERSONAL, holder=actor), whose=actor.display_name
    )
    now = timezone.now()
    placement = adapter.Personal(
        signature_png=signature_png(actor, certificate),
        lines=(actor.display_name, holder_position(actor), stamp_local(now)),
        page=page,
        box=box,
        field=field,
    )
    level = settings.PARTYDESK_PADES_LEVEL
    signed = _sign(
        pdf, certificate, _level_spec(level, placement, reason=reason, location=location)
    )
    _record(
        actor=actor,
        certificate=certificate,
        organization=certificate.organization,
        kind=CertificateKind.PERSONAL,
        level=level,
        field_name=signed.field_name,
        before=pdf,
        after=signed.pdf,
        reason=reason,
        action="signatures.pdf.signed_personal",
        method="console" if via_console else "server",
    )
    return signed.pdf


def pdf_sign_organization(
    *,
    actor: User | None,
    organization: Organization,
    pdf: bytes,
    number_symbol: str,
    visible: bool = True,
    fill: dict[str, str] | None = None,
    level: str | None = None,
) -> bytes:
    """The unit's signature, applied by its clerk when the document is issued. Visible: the
    seal over the left third of the personal signature. Not visible (attachments, copies):
    "number/symbol, ISO time" in Times New Roman 10 at the top right of page 1.
    `actor=None` is the operator at the console (manage.py sign_pdf --as-org).
    `fill`: text fields the office fills in the seal's own revision (the number, the date).
    `level`: the PAdES level, PARTYDESK_PADES_SEAL_LEVEL by default (the demo seals at B-B)."""
    if actor is not None:
        if not can_seal_for(grant_list_current(actor), organization):
            raise NotAllowed(_("Only the unit's clerk can apply its seal."))
        _require_second_factor(actor)
    certificate = usable_certificate(
        active_certificate(kind=CertificateKind.ORGANIZATION, organization=organization),
        whose=organization.name,
    )
    now = timezone.now()
    placement: adapter.signing.Placement
    if visible:
        png, width_pt = seal_png(organization, certificate)
        placement = adapter.Seal(seal_png=png, width_pt=width_pt)
    else:
        placement = adapter.Note(text=f"{number_symbol}, {iso_local(now)}".strip(", "))
    level = level or settings.PARTYDESK_PADES_SEAL_LEVEL
    spec = _level_spec(level, placement, reason=number_symbol, location=organization.place_name)
    if fill:
        spec = dataclasses.replace(spec, fill=tuple(fill.items()))
    signed = _sign(pdf, certificate, spec)
    _record(
        actor=actor,
        certificate=certificate,
        organization=organization,
        kind=CertificateKind.ORGANIZATION,
        level=level,
        field_name=signed.field_name,
        before=pdf,
        after=signed.pdf,
        number_symbol=number_symbol,
        action="signatures.pdf.signed_organization",
    )
    return signed.pdf


def pdf_fill_fields(*, pdf: bytes, values: dict[str, str]) -> bytes:
    """Fill a PDF's named text fields without signing (the demo prints each document's number
    into one laid-out page per type this way, far faster than laying each one out)."""
    return forms.fill(pdf, values, str(getattr(settings, "PARTYDESK_SIGNATURE_FONT", "")))
