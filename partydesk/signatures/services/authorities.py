"""The installation's certification authority: created once, named by its real URLs."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

from cryptography import x509
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partydesk.accounts.models import User
from partydesk.core.audit import audit_log
from partydesk.signatures import authority, pki
from partydesk.signatures.errors import AuthorityNotReady, CertificateError
from partydesk.signatures.models import (
    AuthorityRole,
    CertificateAuthority,
    CertificateKind,
    KeyStorage,
)
from partydesk.signatures.services.certificates import store_certificate

_LOOPBACK = {"127.0.0.1", "localhost", "::1", "0.0.0.0"}  # noqa: S104 (a name, not a bind)


def _require_real_site_url() -> None:
    """Certificates carry the CRL, OCSP and CA URLs for their whole life: in production
    they must be the installation's real address, not the development default."""
    host = urlsplit(settings.SITE_URL).hostname or ""
    if settings.PRODUCTION and host in _LOOPBACK:
        raise CertificateError(
            _(
                "Set PARTYDESK_SITE_URL to this installation's public address before creating "
                "the certification authority: every certificate names its revocation and "
                "CA addresses under it (now %(url)s)."
            )
            % {"url": settings.SITE_URL}
        )


def _authority_store(
    role: AuthorityRole, name: str, cert: x509.Certificate, key: pki.PrivateKey, now: dt.datetime
) -> CertificateAuthority:
    return CertificateAuthority.objects.create(
        role=role,
        name=name,
        certificate_der=pki.der(cert),
        key_pem_encrypted=pki.encrypt_key(key, authority.passphrase()),
        created_at=now,
    )


@transaction.atomic
def ca_initialize(*, actor: User | None, name: str = "") -> list[CertificateAuthority]:
    """Create the root CA, the issuing CA and the time-stamp authority's certificate."""
    _require_real_site_url()
    if CertificateAuthority.objects.select_for_update().exists():
        raise CertificateError(_("The certification authority already exists."))
    installation = name or settings.PARTYDESK_CA_NAME
    secret = authority.passphrase()
    now = timezone.now()
    root_key = pki.generate_key()
    root_cert = pki.build_root(root_key, pki.ca_name(f"{installation} Root CA", installation), now)
    root = _authority_store(AuthorityRole.ROOT, f"{installation} Root CA", root_cert, root_key, now)
    issuing_key = pki.generate_key()
    issuing_cert = pki.build_leaf(
        pki.LeafRole.ISSUING,
        subject=pki.ca_name(f"{installation} Issuing CA", installation),
        public_key=issuing_key.public_key(),
        issuer=root_cert,
        issuer_key=root_key,
        now=now,
        publication=authority.publication(AuthorityRole.ROOT),
    )
    issuing = _authority_store(
        AuthorityRole.ISSUING, f"{installation} Issuing CA", issuing_cert, issuing_key, now
    )
    tsa_key = pki.generate_key()
    tsa_cert = pki.build_leaf(
        pki.LeafRole.TSA,
        subject=pki.ca_name(f"{installation} Time-Stamp Authority", installation),
        public_key=tsa_key.public_key(),
        issuer=issuing_cert,
        issuer_key=issuing_key,
        now=now,
        publication=authority.publication(AuthorityRole.ISSUING),
    )
    store_certificate(
        cert=tsa_cert,
        kind=CertificateKind.TSA,
        storage=KeyStorage.SERVER,
        key_pem=pki.encrypt_key(tsa_key, secret),
        issued_by=issuing,
        chain=authority.chain_for(issuing),
    )
    for ca in (root, issuing):
        authority.crl_refresh(ca.role, force=True)
        audit_log(actor=actor, action="signatures.authority.created", target=ca)
    # A time-stamp authority opened before (an earlier CA of this process, kept up to a
    # minute) would stamp with a chain nobody trusts any more.
    authority.reset_caches()
    return [root, issuing]


def authority_ready() -> bool:
    try:
        authority.authority_get(AuthorityRole.ISSUING)
    except AuthorityNotReady:
        return False
    return True
