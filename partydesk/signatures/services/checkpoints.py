"""The installation countersigns the audit trail's checkpoints (ADR 0007): a detached CMS
signature by the installation's own certificate, and a time-stamp of the installation's TSA
over that signature. Registered with core in `SignaturesConfig.ready`."""

from __future__ import annotations

import datetime as dt
import functools

from cryptography import x509
from django.db import transaction
from django.db.models import Min
from django.utils import timezone

from partydesk.core.audit import (
    AnchorFailed,
    AnchorProof,
    AnchorResult,
    AnchorUnavailable,
    audit_log,
)
from partydesk.signatures import authority, cms, pki
from partydesk.signatures.errors import AuthorityNotReady
from partydesk.signatures.models import (
    AuthorityRole,
    Certificate,
    CertificateAuthority,
    CertificateKind,
    CertificateStatus,
    KeyStorage,
)
from partydesk.signatures.services.certificates import store_certificate

KIND = "cms+rfc3161"


def _installation_name(issuer: x509.Certificate) -> str:
    names = issuer.subject.get_attributes_for_oid(x509.NameOID.ORGANIZATION_NAME)
    return str(names[0].value) if names else "partydesk"


@transaction.atomic
def installation_certificate() -> Certificate:
    """The active installation seal, issued by the issuing CA the first time it is needed
    (and again once it expires)."""
    issuing = (
        CertificateAuthority.objects.select_for_update().filter(role=AuthorityRole.ISSUING).first()
    )
    if issuing is None:
        raise AuthorityNotReady()
    current = Certificate.objects.filter(
        kind=CertificateKind.INSTALLATION, status=CertificateStatus.ACTIVE
    ).first()
    if current is not None and current.is_usable:
        return current
    if current is not None:
        Certificate.objects.filter(pk=current.pk).update(status=CertificateStatus.SUPERSEDED)
    issuer = authority.authority_certificate(issuing)
    name = _installation_name(issuer)
    key = pki.generate_key()
    cert = pki.build_leaf(
        pki.LeafRole.SIGNER,
        subject=pki.ca_name(f"{name} Installation Seal", name),
        public_key=key.public_key(),
        issuer=issuer,
        issuer_key=authority.authority_key(issuing),
        now=timezone.now(),
        days=pki.ORGANIZATION_DAYS,
        publication=authority.publication(AuthorityRole.ISSUING),
    )
    record = store_certificate(
        cert=cert,
        kind=CertificateKind.INSTALLATION,
        storage=KeyStorage.SERVER,
        key_pem=pki.encrypt_key(key, authority.passphrase()),
        issued_by=issuing,
        chain=authority.chain_for(issuing),
        renewed_from=current,
    )
    audit_log(actor=None, action="signatures.certificate.issued", target=record)
    return record


class InstallationAnchor:
    """The `CheckpointAnchor` of an installation with its own CA and TSA."""

    kind = KIND

    def ready_since(self) -> dt.datetime | None:
        first = Certificate.objects.filter(kind=CertificateKind.INSTALLATION).aggregate(
            at=Min("created_at")
        )["at"]
        return first  # type: ignore[no-any-return]

    def seal(self, payload: bytes) -> AnchorProof:
        if not CertificateAuthority.objects.filter(role=AuthorityRole.ISSUING).exists():
            raise AnchorUnavailable("the certification authority is not initialised (ca_init)")
        try:
            record = installation_certificate()
            key = pki.decrypt_key(record.key_pem_encrypted, authority.passphrase())
            signature = cms.sign_detached(
                payload,
                certificate=pki.load_der(bytes(record.certificate_der)),
                key=key,
                chain=[pki.load_der(c) for c in record.chain_bytes()],
            )
            reply = authority.tsa_authority().request_tsa_response(cms.timestamp_request(signature))
        except AuthorityNotReady as exc:
            raise AnchorFailed(str(exc.message)) from exc
        except pki.KeyPassphraseError as exc:
            message = "PARTYDESK_CA_PASSPHRASE does not open the installation seal"
            raise AnchorFailed(message) from exc
        return AnchorProof(KIND, signature, reply["time_stamp_token"].dump())

    def verify(self, payload: bytes, proof: AnchorProof) -> AnchorResult:
        if proof.kind != KIND:
            return AnchorResult(False, f"unknown countersignature kind {proof.kind!r}")
        issuing = (
            CertificateAuthority.objects.filter(role=AuthorityRole.ISSUING)
            .values_list("certificate_der", flat=True)
            .first()
        )
        if issuing is None:
            return AnchorResult(False, "this installation has no certification authority")
        issuer = _issuer(bytes(issuing))
        try:
            signed = cms.verify_detached(proof.signature, payload)
            _require_ours(signed.certificate, issuer, CertificateKind.INSTALLATION, "signed by")
            stamp = cms.verify_timestamp(proof.timestamp, proof.signature)
            _require_ours(stamp.certificate, issuer, CertificateKind.TSA, "time-stamped by")
        except cms.ProofError as exc:
            return AnchorResult(False, str(exc))
        return AnchorResult(
            True,
            signer=pki.readable_name(signed.certificate.subject),
            stamped_at=stamp.signed_at,
        )


_known: set[tuple[str, str]] = set()


@functools.lru_cache(maxsize=4)
def _issuer(der: bytes) -> x509.Certificate:
    return pki.load_der(der)


def _require_ours(
    certificate: x509.Certificate, issuer: x509.Certificate, kind: str, verb: str
) -> None:
    """Issued by this installation's CA, and registered here as a certificate of `kind`."""
    fingerprint = pki.fingerprint(certificate)
    known = (fingerprint, kind) in _known or (
        Certificate.objects.filter(kind=kind, fingerprint_sha256=fingerprint).exists()
    )
    if known:
        _known.add((fingerprint, kind))  # a certificate's kind never changes
    if not known or not cms.issued_by(certificate, issuer):
        raise cms.ProofError(
            f"{verb} {pki.readable_name(certificate.subject)}, which is not this "
            f"installation's {'seal' if kind == CertificateKind.INSTALLATION else 'TSA'}"
        )
