"""The internal CA and the certificates it issues, imports, renews and revokes."""

from __future__ import annotations

import datetime as dt

from cryptography import x509
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partydesk.accounts.models import User
from partydesk.accounts.selectors import grant_list_current
from partydesk.core.audit import audit_log
from partydesk.core.errors import NotAllowed
from partydesk.organizations.models import Organization
from partydesk.signatures import authority, external, pki
from partydesk.signatures.errors import CertificateError
from partydesk.signatures.models import (
    AuthorityRole,
    Certificate,
    CertificateAuthority,
    CertificateKind,
    CertificateStatus,
    KeyStorage,
    RevocationReason,
)
from partydesk.signatures.people import holder_organization, holder_position
from partydesk.signatures.permissions import can_manage_certificates


def _require_manager(actor: User | None, organization: Organization | None) -> None:
    """`actor=None` is the operator at the console (management commands)."""
    if actor is None:
        return
    if organization is None or not can_manage_certificates(grant_list_current(actor), organization):
        raise NotAllowed(
            _("Only an administrator of this organization can manage its certificates.")
        )


def store_certificate(
    *,
    cert: x509.Certificate,
    kind: str,
    storage: str,
    key_pem: str = "",
    issued_by: CertificateAuthority | None = None,
    chain: list[bytes] | None = None,
    holder: User | None = None,
    organization: Organization | None = None,
    renewed_from: Certificate | None = None,
    token_label: str = "",
    key_label: str = "",
) -> Certificate:
    fingerprint = pki.fingerprint(cert)
    if Certificate.objects.filter(fingerprint_sha256=fingerprint).exists():
        raise CertificateError(_("This certificate is already registered."))
    return Certificate.objects.create(
        kind=kind,
        key_storage=storage,
        holder=holder,
        organization=organization,
        issued_by=issued_by,
        subject=pki.readable_name(cert.subject)[:500],
        issuer=pki.readable_name(cert.issuer)[:500],
        serial_hex=format(cert.serial_number, "x"),
        fingerprint_sha256=fingerprint,
        not_before=cert.not_valid_before_utc,
        not_after=cert.not_valid_after_utc,
        certificate_der=pki.der(cert),
        chain_der=[c.hex() for c in (chain or [])],
        key_pem_encrypted=key_pem,
        pkcs11_token_label=token_label,
        pkcs11_key_label=key_label,
        renewed_from=renewed_from,
    )


def _supersede_active(*, kind: str, holder: User | None, organization: Organization | None) -> None:
    qs = Certificate.objects.select_for_update().filter(kind=kind, status=CertificateStatus.ACTIVE)
    qs = (
        qs.filter(holder=holder)
        if kind == CertificateKind.PERSONAL
        else qs.filter(organization=organization)
    )
    qs.update(status=CertificateStatus.SUPERSEDED)


def _issue(
    *,
    actor: User | None,
    kind: str,
    subject: x509.Name,
    holder: User | None,
    organization: Organization | None,
    csr: bytes | None,
    renewed_from: Certificate | None = None,
) -> Certificate:
    issuing = authority.authority_get(AuthorityRole.ISSUING)
    issuer_cert = authority.authority_certificate(issuing)
    key = None
    if csr:
        try:
            public_key, _subject = external.public_key_from_csr(csr)
        except external.CsrError as exc:
            raise CertificateError(
                _("The certificate request cannot be used: %(reason)s.") % {"reason": exc},
                field="csr",
            ) from exc
    else:
        key = pki.generate_key()
        public_key = key.public_key()
    cert = pki.build_leaf(
        pki.LeafRole.SIGNER,
        subject=subject,
        public_key=public_key,
        issuer=issuer_cert,
        issuer_key=authority.authority_key(issuing),
        now=timezone.now(),
        days=pki.PERSONAL_DAYS if kind == CertificateKind.PERSONAL else pki.ORGANIZATION_DAYS,
        publication=authority.publication(AuthorityRole.ISSUING),
    )
    _supersede_active(kind=kind, holder=holder, organization=organization)
    record = store_certificate(
        cert=cert,
        kind=kind,
        storage=KeyStorage.CLIENT_TOKEN if csr else KeyStorage.SERVER,
        key_pem=pki.encrypt_key(key, authority.passphrase()) if key is not None else "",
        issued_by=issuing,
        chain=authority.chain_for(issuing),
        holder=holder,
        organization=organization,
        renewed_from=renewed_from,
    )
    audit_log(
        actor=actor,
        action="signatures.certificate.renewed"
        if renewed_from
        else "signatures.certificate.issued",
        target=record,
        organization_id=organization.pk if organization else None,
        details={"serial": record.serial_hex, "kind": kind, "key_storage": record.key_storage},
    )
    return record


@transaction.atomic
def certificate_issue_personal(
    *, actor: User | None, user: User, csr: bytes | None = None
) -> Certificate:
    """Issue `user` a personal signing certificate naming them, their position and unit.
    With a CSR the key stays on their token; without, the server keeps it encrypted."""
    organization = holder_organization(user)
    _require_manager(actor, organization)
    subject = pki.person_name(
        user.display_name, holder_position(user), organization.name if organization else ""
    )
    return _issue(
        actor=actor,
        kind=CertificateKind.PERSONAL,
        subject=subject,
        holder=user,
        organization=organization,
        csr=csr,
    )


@transaction.atomic
def certificate_issue_organization(
    *, actor: User | None, organization: Organization, csr: bytes | None = None
) -> Certificate:
    """Issue the unit's seal certificate (the organization's own signature)."""
    _require_manager(actor, organization)
    parent = organization.parent.name if organization.parent_id and organization.parent else ""
    return _issue(
        actor=actor,
        kind=CertificateKind.ORGANIZATION,
        subject=pki.organization_name(organization.name, parent),
        holder=None,
        organization=organization,
        csr=csr,
    )


@transaction.atomic
def certificate_renew(
    *, actor: User | None, certificate: Certificate, csr: bytes | None = None
) -> Certificate:
    """A new certificate (new key) for the same holder; the old one is marked replaced and
    stays valid for what it already signed."""
    current = Certificate.objects.select_for_update().get(pk=certificate.pk)
    _require_manager(actor, current.organization)
    if current.status == CertificateStatus.REVOKED:
        raise CertificateError(_("A revoked certificate cannot be renewed; issue a new one."))
    if current.issued_by_id is None:
        raise CertificateError(_("Certificates of an external authority are renewed there."))
    if current.key_storage == KeyStorage.CLIENT_TOKEN and not csr:
        raise CertificateError(
            _("The key is on a token: upload a new certificate request from it."), field="csr"
        )
    subject = pki.load_der(bytes(current.certificate_der)).subject
    if current.kind == CertificateKind.PERSONAL and current.holder is not None:
        organization = holder_organization(current.holder) or current.organization
        subject = pki.person_name(
            current.holder.display_name,
            holder_position(current.holder),
            organization.name if organization else "",
        )
    return _issue(
        actor=actor,
        kind=current.kind,
        subject=subject,
        holder=current.holder,
        organization=current.organization,
        csr=csr,
        renewed_from=current,
    )


@transaction.atomic
def certificate_revoke(
    *, actor: User | None, certificate: Certificate, reason: str = RevocationReason.UNSPECIFIED
) -> Certificate:
    """Revoke and publish a new CRL at once, so validators see it on their next check."""
    current = Certificate.objects.select_for_update().get(pk=certificate.pk)
    _require_manager(actor, current.organization)
    if current.status == CertificateStatus.REVOKED:
        raise CertificateError(_("This certificate is already revoked."))
    if reason not in RevocationReason.values:
        raise CertificateError(_("Choose a reason for the revocation."), field="reason")
    current.status = CertificateStatus.REVOKED
    current.revoked_at = timezone.now()
    current.revocation_reason = reason
    current.save(update_fields=["status", "revoked_at", "revocation_reason"])
    if current.issued_by is not None:
        authority.crl_refresh(current.issued_by.role, force=True)
    audit_log(
        actor=actor,
        action="signatures.certificate.revoked",
        target=current,
        organization_id=current.organization_id,
        details={"serial": current.serial_hex, "reason": reason},
    )
    return current


@transaction.atomic
def certificate_import_pkcs12(
    *,
    actor: User | None,
    data: bytes,
    passphrase: str,
    holder: User | None = None,
    organization: Organization | None = None,
) -> Certificate:
    """Import a certificate and key from an external CA (e.g. a .p12 from the national CA).
    The key is re-encrypted with the installation passphrase; the file's passphrase is not kept."""
    if (holder is None) == (organization is None):
        raise CertificateError(_("Import for one person or one organization."))
    target_org = organization if organization is not None else holder_organization(holder)  # type: ignore[arg-type]
    _require_manager(actor, target_org)
    try:
        content = external.open_pkcs12(data, passphrase)
    except external.Pkcs12Error as exc:
        raise CertificateError(
            _(
                "The file could not be opened: the passphrase is wrong or it is not a PKCS#12 "
                "(.p12/.pfx) file."
            ),
            field="passphrase",
        ) from exc
    if content.certificate.not_valid_after_utc <= timezone.now():
        raise CertificateError(_("This certificate has already expired."), field="file")
    kind = CertificateKind.PERSONAL if holder is not None else CertificateKind.ORGANIZATION
    _supersede_active(kind=kind, holder=holder, organization=target_org)
    record = store_certificate(
        cert=content.certificate,
        kind=kind,
        storage=KeyStorage.SERVER,
        key_pem=pki.encrypt_key(content.key, authority.passphrase()),
        chain=[pki.der(c) for c in content.chain],
        holder=holder,
        organization=target_org,
    )
    audit_log(
        actor=actor,
        action="signatures.certificate.imported",
        target=record,
        organization_id=target_org.pk if target_org else None,
        details={"serial": record.serial_hex, "issuer": record.issuer},
    )
    return record


@transaction.atomic
def certificate_register_token(
    *,
    actor: User | None,
    certificate: bytes,
    chain: list[bytes] | None = None,
    holder: User | None = None,
    organization: Organization | None = None,
    pkcs11_token_label: str = "",
    pkcs11_key_label: str = "",
) -> Certificate:
    """Register a certificate whose key lives on a token: the signer's own USB token (signed
    through the token client), or, with token and key labels, the server's PKCS#11 device."""
    if (holder is None) == (organization is None):
        raise CertificateError(_("Register for one person or one organization."))
    target_org = organization if organization is not None else holder_organization(holder)  # type: ignore[arg-type]
    _require_manager(actor, target_org)
    try:
        cert = pki.load_any_certificate(certificate)
    except ValueError as exc:
        raise CertificateError(
            _("This is not an X.509 certificate (PEM or DER)."), field="file"
        ) from exc
    if cert.not_valid_after_utc <= timezone.now():
        raise CertificateError(_("This certificate has already expired."), field="file")
    issued_by = None
    for ca in CertificateAuthority.objects.all():
        if authority.authority_certificate(ca).subject == cert.issuer:
            issued_by = ca
    if issued_by is not None and not chain:
        chain = authority.chain_for(issued_by)
    kind = CertificateKind.PERSONAL if holder is not None else CertificateKind.ORGANIZATION
    _supersede_active(kind=kind, holder=holder, organization=target_org)
    record = store_certificate(
        cert=cert,
        kind=kind,
        storage=KeyStorage.PKCS11 if pkcs11_key_label else KeyStorage.CLIENT_TOKEN,
        chain=chain or [],
        holder=holder,
        organization=target_org,
        issued_by=issued_by,
        token_label=pkcs11_token_label,
        key_label=pkcs11_key_label,
    )
    audit_log(
        actor=actor,
        action="signatures.certificate.registered",
        target=record,
        organization_id=target_org.pk if target_org else None,
        details={"serial": record.serial_hex, "key_storage": record.key_storage},
    )
    return record


def expiry_cutoff(days: int) -> dt.datetime:
    return timezone.now() + dt.timedelta(days=days)
