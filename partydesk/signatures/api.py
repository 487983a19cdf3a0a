"""API for signing on the signer's own token (prepare -> sign locally -> complete) and for
validating PDFs. The token client (manage.py token_sign_client) speaks this API."""

import base64
import binascii
import datetime as dt
import uuid

from django.http import HttpRequest, HttpResponse
from ninja import File, Form, Router, Schema
from ninja.errors import HttpError
from ninja.files import UploadedFile

from partydesk.accounts.actor import actor_of
from partydesk.core.api import Id, domain_status
from partydesk.core.errors import DomainError
from partydesk.organizations.selectors import organization_get_for
from partydesk.signatures import selectors, services

router = Router(tags=["signatures"])


class ChallengeOut(Schema):
    session_id: uuid.UUID
    signed_attributes: str  # base64 DER of the CMS signed attributes: the bytes the token signs
    digest: str  # base64 SHA-256 of signed_attributes, for tokens that sign a pre-hashed value
    digest_algorithm: str
    certificate: str  # base64 DER of the certificate the signature must be made with
    expires_at: dt.datetime


class CompleteIn(Schema):
    signature: str  # base64 raw signature value (RSA PKCS#1 v1.5 or ECDSA) over signed_attributes
    certificate: str  # base64 DER (or PEM) of the signer's certificate


class CertificateOut(Schema):
    subject: str
    issuer: str
    serial: str
    not_before: dt.datetime
    not_after: dt.datetime


class SignatureOut(Schema):
    field_name: str
    kind: str
    signer: str
    ok: bool
    trusted: bool
    intact: bool
    level: str
    signing_time: dt.datetime | None
    timestamp_time: dt.datetime | None
    modification: str
    revocation: str  # good | revoked | revoked_later (after the time-stamp) | unchecked
    validated_at: dt.datetime | None  # the trusted time-stamp's time, when judged then
    problems: list[str]
    chain: list[CertificateOut]


class ReportOut(Schema):
    all_valid: bool
    summary: str
    signatures: list[SignatureOut]


def _b64(value: str, what: str) -> bytes:
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise HttpError(400, f"{what} is not valid base64") from exc


def _domain(exc: DomainError) -> HttpError:
    return HttpError(domain_status(exc), str(exc.message))


@router.post("/signatures/token/prepare", response=ChallengeOut)
def token_prepare(
    request: HttpRequest,
    file: UploadedFile = File(...),  # noqa: B008
    organization_id: Id | None = Form(None),  # noqa: B008
    number_symbol: str = Form(""),
    visible: bool = Form(True),
    reason: str = Form(""),
    certificate: str = Form(""),
):
    """Prepare a personal signature, or the seal of `organization_id` (clerks)."""
    organization = (
        organization_get_for(actor_of(request).scope, organization_id)
        if organization_id is not None
        else None
    )
    try:
        challenge = services.token_session_prepare(
            actor=actor_of(request).user,
            pdf=file.read(),
            organization=organization,
            number_symbol=number_symbol,
            visible=visible,
            reason=reason,
            certificate=_b64(certificate, "certificate") if certificate else None,
        )
    except DomainError as exc:
        raise _domain(exc) from exc
    return ChallengeOut(
        session_id=challenge.session_id,
        signed_attributes=base64.b64encode(challenge.signed_attributes).decode(),
        digest=base64.b64encode(challenge.digest).decode(),
        digest_algorithm=challenge.digest_algorithm,
        certificate=base64.b64encode(challenge.certificate_der).decode(),
        expires_at=challenge.expires_at,
    )


@router.post("/signatures/token/{session_id}/complete")
def token_complete(
    request: HttpRequest, session_id: uuid.UUID, payload: CompleteIn
) -> HttpResponse:
    """Embed the token's signature; answers the signed PDF."""
    try:
        signed = services.token_session_complete(
            actor=actor_of(request).user,
            session_id=session_id,
            signature_value=_b64(payload.signature, "signature"),
            certificate=_b64(payload.certificate, "certificate"),
        )
    except DomainError as exc:
        raise _domain(exc) from exc
    return HttpResponse(signed, content_type="application/pdf")


@router.post("/signatures/validate", response=ReportOut)
def validate(request: HttpRequest, file: UploadedFile = File(...)):  # noqa: B008
    try:
        return selectors.pdf_validate(pdf=file.read())
    except DomainError as exc:
        raise _domain(exc) from exc
