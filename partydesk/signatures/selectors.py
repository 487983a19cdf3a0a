"""Every read of the signatures app: validating PDFs, and certificates as a user may see them."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from partydesk.accounts.models import User
from partydesk.organizations.models import Organization
from partydesk.signatures import authority, images, revocation
from partydesk.signatures import pdf as adapter
from partydesk.signatures.errors import AuthorityNotReady, PdfInputError
from partydesk.signatures.models import (
    AuthorityRole,
    Certificate,
    CertificateAuthority,
    CertificateKind,
    CertificateStatus,
    ImageKind,
    KeyStorage,
    SignatureImage,
    SigningRecord,
)
from partydesk.signatures.people import seal_label

ValidationReport = adapter.ValidationReport
SignatureReport = adapter.SignatureReport
# A stored check's verdict, rebuilt in the reader's language from its counts.
signature_summary = adapter.summary_sentence


def _bad_pdf_message(kind: str) -> str:
    return {
        "not_pdf": _("The file is not a PDF."),
        "encrypted": _(
            "The PDF is encrypted or password-protected, so its signatures cannot be checked."
        ),
    }.get(kind, _("The PDF is damaged and cannot be read."))


def pdf_validate(*, pdf: bytes) -> ValidationReport:
    """Check every signature of a PDF against our trust anchors and CRLs (no network).
    Raises PdfInputError with a message for files that are not readable PDFs."""
    limit = settings.PARTYDESK_MAX_UPLOAD_MB * 1024 * 1024
    if len(pdf) > limit:
        raise PdfInputError(
            _("The file is larger than %(mb)d MB.") % {"mb": settings.PARTYDESK_MAX_UPLOAD_MB}
        )
    try:
        trust = authority.trust()
    except AuthorityNotReady:
        trust = adapter.Trust(roots=())
    try:
        return adapter.validate(pdf, trust)
    except adapter.BadPdf as exc:
        raise PdfInputError(_bad_pdf_message(exc.kind)) from exc


def signer_ready(user: User) -> bool:
    """The user has an active, unexpired personal certificate the server can sign with."""
    now = timezone.now()
    return Certificate.objects.filter(
        holder=user,
        kind=CertificateKind.PERSONAL,
        status=CertificateStatus.ACTIVE,
        not_before__lte=now,
        not_after__gt=now,
        key_storage__in=(KeyStorage.SERVER, KeyStorage.PKCS11),
    ).exists()


def seal_ready(organization: Organization) -> bool:
    now = timezone.now()
    return Certificate.objects.filter(
        organization=organization,
        kind=CertificateKind.ORGANIZATION,
        status=CertificateStatus.ACTIVE,
        not_after__gt=now,
        key_storage__in=(KeyStorage.SERVER, KeyStorage.PKCS11),
    ).exists()


def certificate_list_for(
    scope: Organization | None, *, status: str = "", kind: str = "", query: str = ""
) -> QuerySet[Certificate]:
    """Certificates held in the scope's subtree, with how many signatures each made."""
    if scope is None:
        return Certificate.objects.none()
    qs = Certificate.objects.filter(organization__path__startswith=scope.path)
    if status:
        qs = qs.filter(status=status)
    if kind:
        qs = qs.filter(kind=kind)
    if query:
        qs = qs.filter(Q(subject__icontains=query) | Q(serial_hex__icontains=query))
    return (
        qs.select_related("holder", "holder__person", "organization")
        .annotate(signing_count=Count("signings"))
        .defer("certificate_der", "key_pem_encrypted", "chain_der")
        .order_by("not_after", "pk")
    )


def certificate_get_for(scope: Organization | None, pk: int) -> Certificate:
    """One certificate of the scope's subtree, else 404 (ids of others do not leak)."""
    if scope is None:
        raise Http404("no acting organization")
    cert = (
        Certificate.objects.filter(pk=pk, organization__path__startswith=scope.path)
        .select_related("holder", "organization", "issued_by", "renewed_from")
        .first()
    )
    if cert is None:
        raise Http404("certificate not found")
    return cert


def signing_list_for_certificate(certificate: Certificate, limit: int = 200) -> list[SigningRecord]:
    return list(
        SigningRecord.objects.filter(certificate=certificate)
        .select_related("actor", "organization")
        .order_by("-signed_at")[:limit]
    )


def my_certificates(user: User) -> list[Certificate]:
    return list(
        Certificate.objects.filter(holder=user, kind=CertificateKind.PERSONAL)
        .select_related("organization", "issued_by")
        .defer("key_pem_encrypted")
        .order_by("-created_at")[:20]
    )


def signature_image_of(user: User) -> SignatureImage | None:
    return SignatureImage.objects.filter(kind=ImageKind.SIGNATURE, user=user).first()


def seal_image_of(organization: Organization) -> SignatureImage | None:
    return SignatureImage.objects.filter(kind=ImageKind.SEAL, organization=organization).first()


def crl_der(role: str) -> bytes:
    """The CA's current CRL (re-issued first if it is getting old)."""
    if role not in AuthorityRole.values:
        raise Http404("unknown CA")
    try:
        ca = authority.authority_get(role)
        if not ca.crl_der or ca.crl_next_update is None or ca.crl_next_update <= timezone.now():
            ca = authority.crl_refresh(role)
    except AuthorityNotReady as exc:
        raise Http404("no CA") from exc
    return bytes(ca.crl_der or b"")


def ca_certificate_der(role: str) -> bytes:
    ca = CertificateAuthority.objects.filter(role=role).first()
    if ca is None:
        raise Http404("no CA")
    return bytes(ca.certificate_der)


def ocsp_respond(role: str, body: bytes) -> bytes:
    """Answer an RFC 6960 OCSP request about a certificate the `role` CA issued, signed by
    that CA; the same revocations as its CRL, but current to the second."""
    if role not in AuthorityRole.values:
        raise Http404("unknown CA")
    try:
        ca = authority.authority_get(role)
    except AuthorityNotReady as exc:
        raise Http404("no CA") from exc

    def lookup(serial: int) -> revocation.CertificateStatus:
        if role == AuthorityRole.ROOT:  # the root certifies only the issuing CA, never revoked
            issuing = CertificateAuthority.objects.filter(role=AuthorityRole.ISSUING).first()
            known = issuing is not None and (
                authority.authority_certificate(issuing).serial_number == serial
            )
            return revocation.CertificateStatus(known=known)
        row = (
            Certificate.objects.filter(issued_by=ca, serial_hex=format(serial, "x"))
            .values_list("status", "revoked_at", "revocation_reason")
            .first()
        )
        if row is None:
            return revocation.CertificateStatus(known=False)
        status, revoked_at, reason = row
        if status != CertificateStatus.REVOKED:
            return revocation.CertificateStatus(known=True)
        return revocation.CertificateStatus(
            known=True,
            revoked_at=revoked_at or timezone.now(),
            reason=revocation.reason_flag(reason),
        )

    return revocation.build_ocsp_response(
        request_der=body,
        issuer=authority.authority_certificate(ca),
        issuer_key=authority.authority_key(ca),
        lookup=lookup,
        now=timezone.now(),
    )


def tsa_respond(body: bytes) -> bytes:
    """Answer an RFC 3161 request with our time-stamp authority."""
    return authority.tsa_authority().respond(body)


def certificates_expiring(scope: Organization | None, days: int = 30) -> QuerySet[Certificate]:
    if scope is None:
        return Certificate.objects.none()
    now = timezone.now()
    return Certificate.objects.filter(
        organization__path__startswith=scope.path,
        status=CertificateStatus.ACTIVE,
        not_after__gt=now,
        not_after__lte=now + dt.timedelta(days=days),
    )


def authority_exists() -> bool:
    return CertificateAuthority.objects.exists()


def default_signature_png(user: User) -> bytes:
    """What a visible signature shows until the person uploads their own image."""
    return images.default_signature(user.display_name)


def default_seal_png(organization: Organization) -> bytes:
    return images.default_seal(organization.name, seal_label(organization))
