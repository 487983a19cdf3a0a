"""Signing on the signer's own USB token ("interrupted signing"): the server prepares the
document and the digest to sign, the token signs it locally, the server embeds and
time-stamps the result. The private key never reaches the server."""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partydesk.accounts.models import User
from partydesk.accounts.selectors import grant_list_current
from partydesk.core.errors import NotAllowed, NotFound
from partydesk.organizations.models import Organization
from partydesk.signatures import external, pki
from partydesk.signatures import pdf as adapter
from partydesk.signatures.errors import PdfInputError, SigningError
from partydesk.signatures.models import CertificateKind, TokenSession
from partydesk.signatures.people import holder_position
from partydesk.signatures.permissions import can_seal_for
from partydesk.signatures.services.signing import (
    _level_spec,
    _record,
    _require_second_factor,
    active_certificate,
    bad_pdf_message,
    iso_local,
    seal_png,
    signature_png,
    stamp_local,
    usable_certificate,
)

SESSION_LIFETIME = dt.timedelta(minutes=15)


@dataclass(frozen=True)
class TokenChallenge:
    """What the token client needs: the bytes to sign, and their SHA-256 (the digest)."""

    session_id: uuid.UUID
    signed_attributes: bytes
    digest: bytes
    digest_algorithm: str
    certificate_der: bytes
    expires_at: dt.datetime


def token_session_prepare(
    *,
    actor: User,
    pdf: bytes,
    organization: Organization | None = None,
    number_symbol: str = "",
    visible: bool = True,
    reason: str = "",
    certificate: bytes | None = None,
) -> TokenChallenge:
    """Prepare a personal signature (no `organization`) or the unit's seal."""
    _require_second_factor(actor)
    now = timezone.now()
    if organization is None:
        kind = CertificateKind.PERSONAL
        cert = usable_certificate(
            active_certificate(kind=kind, holder=actor), whose=actor.display_name
        )
        placement: adapter.signing.Placement = adapter.Personal(
            signature_png=signature_png(actor, cert),
            lines=(actor.display_name, holder_position(actor), stamp_local(now)),
        )
    else:
        if not can_seal_for(grant_list_current(actor), organization):
            raise NotAllowed(_("Only the unit's clerk can apply its seal."))
        kind = CertificateKind.ORGANIZATION
        cert = usable_certificate(
            active_certificate(kind=kind, organization=organization), whose=organization.name
        )
        if visible:
            png, width_pt = seal_png(organization, cert)
            placement = adapter.Seal(seal_png=png, width_pt=width_pt)
        else:
            placement = adapter.Note(text=f"{number_symbol}, {iso_local(now)}".strip(", "))
    if certificate is not None:
        try:
            offered = pki.load_any_certificate(certificate)
        except ValueError as exc:
            raise SigningError(_("The token sent something that is not a certificate.")) from exc
        if pki.fingerprint(offered) != cert.fingerprint_sha256:
            raise SigningError(
                _("The certificate on this token is not the one registered for this signature.")
            )
    level = (
        settings.PARTYDESK_PADES_LEVEL
        if organization is None
        else settings.PARTYDESK_PADES_SEAL_LEVEL
    )
    # the time-stamp is added on completion; its room is reserved now
    spec = _level_spec(level, placement, reason=reason or number_symbol)
    try:
        prepared = adapter.prepare(
            pdf, bytes(cert.certificate_der), tuple(cert.chain_bytes()), spec
        )
    except adapter.BadPdf as exc:
        raise PdfInputError(bad_pdf_message(exc)) from exc
    except adapter.SignFailed as exc:
        raise SigningError(
            _("The document could not be prepared: %(reason)s") % {"reason": exc}
        ) from exc
    session = TokenSession.objects.create(
        actor=actor,
        certificate=cert,
        organization=organization if organization is not None else cert.organization,
        kind=kind,
        field_name=prepared.field_name,
        number_symbol=number_symbol,
        reason=(reason or number_symbol)[:200],
        input_sha256=hashlib.sha256(pdf).hexdigest(),
        prepared_pdf=prepared.prepared_pdf,
        signed_attrs_der=prepared.signed_attrs,
        document_digest=prepared.document_digest,
        reserved_start=prepared.reserved_start,
        reserved_end=prepared.reserved_end,
        md_algorithm=prepared.md_algorithm,
        expires_at=now + SESSION_LIFETIME,
    )
    return TokenChallenge(
        session_id=session.id,
        signed_attributes=prepared.signed_attrs,
        digest=hashlib.sha256(prepared.signed_attrs).digest(),
        digest_algorithm=prepared.md_algorithm,
        certificate_der=bytes(cert.certificate_der),
        expires_at=session.expires_at,
    )


@transaction.atomic
def token_session_complete(
    *, actor: User, session_id: uuid.UUID, signature_value: bytes, certificate: bytes
) -> bytes:
    """Check the token's signature value against the certificate, embed it, time-stamp it."""
    session = (
        TokenSession.objects.select_for_update(of=("self",))
        .select_related("certificate", "organization")
        .filter(pk=session_id, actor=actor)
        .first()
    )
    if session is None:  # someone else's session is as absent as a made-up one
        raise NotFound(_("This signing session does not exist."))
    if session.completed_at is not None:
        raise SigningError(_("This document was already signed in this session."))
    if session.expires_at <= timezone.now():
        raise SigningError(_("The signing session expired: prepare the document again."))
    cert_record = session.certificate
    try:
        offered = pki.load_any_certificate(certificate)
    except ValueError as exc:
        raise SigningError(_("The token sent something that is not a certificate.")) from exc
    if pki.fingerprint(offered) != cert_record.fingerprint_sha256:
        raise SigningError(_("The certificate sent is not the one the document was prepared for."))
    signed_attrs = bytes(session.signed_attrs_der)
    if not external.verify_rsa_signature(
        offered, signature_value, signed_attrs, session.md_algorithm
    ):
        raise SigningError(
            _("The token's signature does not match the prepared document; nothing was signed.")
        )
    level = (
        settings.PARTYDESK_PADES_LEVEL
        if session.kind == CertificateKind.PERSONAL
        else settings.PARTYDESK_PADES_SEAL_LEVEL
    )
    spec = _level_spec(level, None)
    prepared = adapter.Prepared(
        field_name=session.field_name,
        prepared_pdf=bytes(session.prepared_pdf),
        signed_attrs=signed_attrs,
        document_digest=bytes(session.document_digest),
        reserved_start=session.reserved_start,
        reserved_end=session.reserved_end,
        md_algorithm=session.md_algorithm,
    )
    try:
        signed = adapter.finish(
            prepared,
            signature_value=signature_value,
            certificate_der=bytes(cert_record.certificate_der),
            chain_der=tuple(cert_record.chain_bytes()),
            spec=spec,
        )
    except adapter.SignFailed as exc:
        raise SigningError(
            _("The signature could not be embedded: %(reason)s") % {"reason": exc}
        ) from exc
    session.completed_at = timezone.now()
    session.prepared_pdf = b""
    session.save(update_fields=["completed_at", "prepared_pdf"])
    personal = session.kind == CertificateKind.PERSONAL
    _record(
        actor=actor,
        certificate=cert_record,
        organization=session.organization,
        kind=session.kind,
        level=level,
        field_name=session.field_name,
        before=b"",
        after=signed,
        number_symbol=session.number_symbol,
        reason=session.reason,
        action="signatures.pdf.signed_personal"
        if personal
        else "signatures.pdf.signed_organization",
        method="token",
    )
    return signed
